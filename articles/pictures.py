"""Picture markup, written once: body images and the pictures of pages (a hero, a card)
come from these functions, so a picture looks and behaves the same wherever it appears.

Pure: each takes a ``rendering.ImageInfo`` (``Image.render_info()``) and returns HTML that
the sanitiser's allow-list keeps unchanged. The body renderer calls them before sanitising;
templates call them through the tags in ``articles/templatetags/article_tags.py``.
"""

from html import escape

IMAGE_SIZES = "(min-width: 50rem) 46rem, 100vw"


def picture_html(image, *, sizes=IMAGE_SIZES, alt=None, eager=False, deferred=False):
    """A responsive <picture>: WebP first, the original format as fallback.

    ``eager`` is for the one picture at the top of a page: fetched first, not lazily.
    ``deferred`` keeps the addresses in data- attributes, so nothing is fetched until the
    reader's browser moves them into place on reveal (lazy loading alone is not enough:
    browsers ignore it when JavaScript is off).
    """
    alt = image.alt if alt is None else alt
    prefix = "data-" if deferred else ""
    sizes = escape(sizes)
    webp = (
        f'<source type="image/webp" {prefix}srcset="{escape(image.webp_srcset)}" sizes="{sizes}">'
        if image.webp_srcset
        else ""
    )
    srcset = f' {prefix}srcset="{escape(image.srcset)}" sizes="{sizes}"' if image.srcset else ""
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    return (
        f'<picture>{webp}<img {prefix}src="{escape(image.src)}"{srcset} width="{image.width}" '
        f'height="{image.height}" alt="{escape(alt)}" {loading} decoding="async"></picture>'
    )


def blurred_html(image, *, lazy=False):
    """The heavily blurred copy that stands in for a graphic picture ("" if there is none)."""
    if not image.blurred_src:
        return ""
    loading = ' loading="lazy"' if lazy else ""
    return (
        f'<img class="blurred" src="{escape(image.blurred_src)}" width="{image.width}" '
        f'height="{image.height}" alt=""{loading}>'
    )


def full_picture_link(image):
    """For readers without JavaScript, the way to the real picture once they asked for it:
    the largest rendition there is, at the size the link states."""
    src = image.full_src or image.src
    width, height = (image.full_width, image.full_height) if image.full_src else (image.width, image.height)
    return (
        f'<p class="full-picture-link"><a href="{escape(src)}">'
        f"Open the picture ({width} × {height})</a></p>"
    )


def graphic_image_html(image, labels, inner_html, slugs=()):
    """A flagged picture behind a reveal: only the blurred copy loads until the reader asks."""
    return (
        f'<details class="discretion graphic-image" data-severity="severe" '
        f'data-category="{escape(" ".join(slugs))}">'
        f'<summary>{blurred_html(image)}<span class="reveal-label"><span class="reveal-kind">'
        f"Graphic image</span>: {escape(', '.join(labels))}. "
        f'<span class="reveal-action">Show image</span></span></summary>'
        f'<div class="reveal-content">{inner_html}</div></details>'
    )


def figure_html(image, *, sections=(), eager=False, css_class="body-image"):
    """A picture with its caption and credit, and the link to report a warning on it.

    A graphic one (flagged itself, or shown inside discretion sections, given as
    ``(label, slug)`` pairs) stays behind a reveal, caption and all, until asked for.
    """
    caption_parts = [escape(image.caption)] if image.caption else []
    if image.credit:
        caption_parts.append(f'<span class="credit">{escape(image.credit)}</span>')
    caption = f"<figcaption>{' '.join(caption_parts)}</figcaption>" if caption_parts else ""
    labels = list(dict.fromkeys([*image.graphic_labels, *(label for label, _slug in sections)]))
    slugs = list(dict.fromkeys([*image.graphic_slugs, *(slug for _label, slug in sections if slug)]))
    picture = picture_html(image, eager=eager, deferred=bool(labels))
    figure = f'<figure class="{css_class}">{picture}{caption}</figure>'
    if labels:
        return graphic_image_html(image, labels, figure + full_picture_link(image), slugs) + report_link(image)
    return figure + report_link(image)


def report_link(image):
    """Under each picture: where a reader reports a missing or wrong warning on it (outside
    any reveal, so it can be reached without opening the picture)."""
    if not image.report_url:
        return ""
    return (
        f'<p class="report-link"><a href="{escape(image.report_url)}">Report a missing or wrong '
        f"warning on this picture</a></p>"
    )
