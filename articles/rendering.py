"""Markdown → sanitised HTML, and the spoiler-safe text of an article.

Bodies are CommonMark (markdown-it-py) with three additions for warnings:

    ::: spoiler our-planet/frozen-worlds      a block that spoils up to that episode
    ::: spoiler our-planet                    … or the whole series
    ||an inline spoiler||
    ::: discretion animal-death               a section behind a viewer-discretion warning
    :::                                       closes a block

and images from the library written ``![alt text](image:42)`` (their markup comes from
``pictures``, as on every page). Raw HTML typed by an editor is escaped, never passed
through, and the result goes through nh3's allow-list.

Everything here is pure: lookups of images, categories and episodes come in through a
``Resolver`` so the functions can be tested without a database.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html import escape, unescape
from urllib.parse import unquote

import nh3
from django.core.exceptions import ValidationError
from markdown_it import MarkdownIt

from content_warnings.scopes import spoiler_scope_text

from .pictures import figure_html, picture_html

BODY_HELP_TEXT = (
    "Markdown. Images from the library: ![alt text](image:ID). "
    "Spoiler block: a line “::: spoiler series-slug/episode-slug” (or just “series-slug” "
    "for the whole series), the text, then “:::”. Inline spoiler: ||hidden text||. "
    "Viewer-discretion section: “::: discretion category-slug”, the text, then “:::”. "
    "Raw HTML is shown as text, not run."
)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "details", "div", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "label", "li", "ol", "p",
    "picture", "pre", "s", "source", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {
        "src", "srcset", "sizes", "alt", "width", "height", "loading", "fetchpriority", "decoding", "title",
    },
    "source": {"srcset", "sizes", "type"},
    "input": {"type", "aria-label"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
    "*": {"class"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# What Markdown may link to; ``image:`` is the library's own reference, never output.
LINK_SCHEMES = ALLOWED_URL_SCHEMES | {"image"}
CONTAINER_NAMES = ("spoiler", "discretion")


class BodyError(ValidationError):
    """The body refers to something that does not exist; shown to the editor on save."""


@dataclass(frozen=True)
class SpoilerScope:
    """What a spoiler covers: a series, up to one of its episodes (or all of it)."""

    series_slug: str
    series_title: str
    season: int | None = None
    number: int | None = None
    episode_title: str = ""

    @property
    def description(self):
        return spoiler_scope_text(self.series_title, self.season, self.number, self.episode_title)


@dataclass(frozen=True)
class ImageInfo:
    """What the renderer and the picture markup (``pictures``) need to know of a library image."""

    id: int
    alt: str
    width: int
    height: int
    src: str
    srcset: str = ""
    webp_srcset: str = ""
    blurred_src: str = ""
    caption: str = ""
    credit: str = ""
    full_src: str = ""  # the largest rendition, for readers without JavaScript
    full_width: int = 0
    full_height: int = 0
    graphic_labels: tuple = ()
    graphic_slugs: tuple = ()


@dataclass(frozen=True)
class CategoryInfo:
    slug: str
    label: str
    severity: str


@dataclass
class Resolver:
    """Bulk lookups the renderer needs; each takes a set of keys and returns a dict."""

    images: callable = lambda ids: {}
    categories: callable = lambda slugs: {}
    spoiler_scopes: callable = lambda refs: {}


@dataclass
class RenderResult:
    html: str
    safe_text: str
    spoiler_words: set = field(default_factory=set)
    discretion_slugs: set = field(default_factory=set)
    spoiler_scopes: list = field(default_factory=list)
    image_ids: set = field(default_factory=set)


def _block_argument(info):
    parts = info.strip().split(None, 1)
    return parts[1].strip() if len(parts) > 1 else ""


_CONTAINER_FENCE_RE = re.compile(r"(:{3,})(.*)")
_CODE_FENCE_RE = re.compile(r"(`{3,}|~{3,})")


def _line(state, line):
    """The text of ``line`` after its indentation, or None when it is indented code."""
    if state.is_code_block(line):
        return None
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _container_name(params):
    name = params.split(None, 1)[0] if params else ""
    return name if name in CONTAINER_NAMES else None


def _container(state, start_line, end_line, silent):
    """``::: spoiler …`` and ``::: discretion …`` blocks, closed by a bare ``:::``.

    Blocks nest: each bare ``:::`` closes the innermost open block, so text after an inner
    block stays inside the outer one instead of spilling out of it. A ``:::`` inside a
    fenced code block closes nothing.
    """
    first = _line(state, start_line)
    opening = _CONTAINER_FENCE_RE.fullmatch(first or "")
    if opening is None:
        return False
    params = opening.group(2).strip()
    name = _container_name(params)
    if name is None:
        return False
    if silent:
        return True

    open_markers, code_fence, closed = [len(opening.group(1))], None, False
    line = start_line
    while not closed:
        line += 1
        if line >= end_line:
            break  # an unclosed block runs to the end of its parent
        start = state.bMarks[line] + state.tShift[line]
        if start < state.eMarks[line] and state.sCount[line] < state.blkIndent:
            break
        text = _line(state, line)
        if text is None:
            continue
        if code_fence:
            marker = text.rstrip()
            if marker.startswith(code_fence) and set(marker) == {code_fence[0]}:
                code_fence = None  # the code block's closing fence
            continue
        if match := _CODE_FENCE_RE.match(text):
            code_fence = match.group(1)
            continue
        fence = _CONTAINER_FENCE_RE.fullmatch(text)
        if fence is None:
            continue
        inner_params = fence.group(2).strip()
        if _container_name(inner_params):
            open_markers.append(len(fence.group(1)))
        elif not inner_params and len(fence.group(1)) >= open_markers[-1]:
            open_markers.pop()
            closed = not open_markers

    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "container"
    state.lineMax = line  # lazy continuation lines must not run past the closing marker
    token = state.push(f"container_{name}_open", "div", 1)
    token.markup, token.block, token.info, token.map = opening.group(1), True, params, [start_line, line]
    state.md.block.tokenize(state, start_line + 1, line)
    token = state.push(f"container_{name}_close", "div", -1)
    token.markup, token.block = opening.group(1), True
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = line + 1 if closed else line
    return True


def _validate_link(url):
    """Refuse a link whose scheme, read the way a browser would, is not an allowed one.

    Entities, percent-escapes, whitespace and invisible characters are taken out first,
    so ``jav&#x09;ascript:`` and ``java%09script:`` are seen for what they are.
    """
    decoded = unquote(unescape(url))
    decoded = "".join(c for c in decoded if unicodedata.category(c)[0] not in "CZ")
    scheme, colon, _ = decoded.partition(":")
    if not colon or re.search(r"[/?#]", scheme):
        return True  # relative: no scheme before the first path, query or fragment
    return scheme.lower() in LINK_SCHEMES


def _inline_spoiler(state, silent):
    """``||text||``: an inline spoiler, with Markdown allowed inside."""
    start = state.pos
    if state.src.startswith("||", start) is False:
        return False
    end = state.src.find("||", start + 2, state.posMax)
    if end == -1 or end == start + 2:
        return False
    if not silent:
        state.push("spoiler_inline_open", "span", 1)
        old_max = state.posMax
        state.pos, state.posMax = start + 2, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("spoiler_inline_close", "span", -1)
    state.pos = end + 2
    return True


def _render_spoiler_block(renderer, tokens, idx, options, env):
    token = tokens[idx]
    if token.nesting == -1:
        return "</div></details>\n"
    scope = env["scopes"].get(_block_argument(token.info))
    if scope is None:
        return '<details class="spoiler"><summary>Spoiler</summary><div class="reveal-content">\n'
    data = f' data-series="{escape(scope.series_slug)}"'
    if scope.number is not None:
        data += f' data-season="{scope.season}" data-episode="{scope.number}"'
    return (
        f'<details class="spoiler"{data}><summary><span class="reveal-kind">Spoiler</span> '
        f"for {escape(scope.description)}. <span class=\"reveal-action\">Show</span></summary>"
        '<div class="reveal-content">\n'
    )


def _render_discretion_block(renderer, tokens, idx, options, env):
    token = tokens[idx]
    if token.nesting == -1:
        env["discretion_depth"] -= 1
        env["discretion_sections"].pop()
        return "</div></details>\n"
    env["discretion_depth"] += 1
    category = env["categories"].get(_block_argument(token.info))
    label = category.label if category else "Graphic content"
    severity = category.severity if category else "severe"
    slug = category.slug if category else ""
    env["discretion_sections"].append((label, slug))
    return (
        f'<details class="discretion" data-category="{escape(slug)}" data-severity="{escape(severity)}">'
        f'<summary><span class="reveal-kind">Viewer discretion</span>: {escape(label)}. '
        '<span class="reveal-action">Show this section</span></summary>'
        '<div class="reveal-content">\n'
    )


INLINE_SPOILER_OPEN = (
    # The checkbox is named by its label's visible text: "Show spoiler", then, once
    # revealed, the spoiler itself (the name always matches what is seen).
    '<label class="spoiler-inline"><input type="checkbox">'
    '<span class="spoiler-cover">Show spoiler</span><span class="spoiler-text">'
)
INLINE_SPOILER_CLOSE = "</span></label>"


def _render_inline_spoiler(renderer, tokens, idx, options, env):
    return INLINE_SPOILER_CLOSE if tokens[idx].nesting == -1 else INLINE_SPOILER_OPEN


def _image_id(src):
    match = re.fullmatch(r"image:(\d+)", src or "")
    return int(match.group(1)) if match else None


def _alt_text(tokens):
    """An image's alt text without its inline spoilers: alt text is read out uncovered."""
    parts, hidden = [], 0
    for token in tokens or []:
        if token.type == "spoiler_inline_open":
            hidden += 1
        elif token.type == "spoiler_inline_close":
            hidden -= 1
        elif hidden:
            continue
        elif token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children:
            parts.append(_alt_text(token.children))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _render_image(renderer, tokens, idx, options, env):
    token = tokens[idx]
    image_id = _image_id(token.attrGet("src"))
    alt = _alt_text(token.children)
    # External pictures are not embedded: hotlinking leaks readers to third parties and
    # bypasses validation. The alt text of an external or unknown picture stays, as text.
    image = env["images"].get(image_id) if image_id is not None else None
    if image is None:
        return f"<p>{escape(alt)}</p>\n" if token.meta.get("standalone") else escape(alt)
    if token.meta.get("standalone"):
        return figure_html(image, sections=env["discretion_sections"])
    if image.graphic_labels and env["discretion_depth"] == 0:
        return f'<a class="graphic-image-link" href="{escape(image.src)}">[Graphic image: {escape(alt)}]</a>'
    return picture_html(image, alt=alt or image.alt)


def _build_parser():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.inline.add_terminator_char("|")
    md.validateLink = _validate_link
    md.inline.ruler.before("text", "spoiler_inline", _inline_spoiler)
    md.block.ruler.before(
        "fence", "container", _container, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.add_render_rule("container_spoiler_open", _render_spoiler_block)
    md.add_render_rule("container_spoiler_close", _render_spoiler_block)
    md.add_render_rule("container_discretion_open", _render_discretion_block)
    md.add_render_rule("container_discretion_close", _render_discretion_block)
    md.add_render_rule("spoiler_inline_open", _render_inline_spoiler)
    md.add_render_rule("spoiler_inline_close", _render_inline_spoiler)
    md.add_render_rule("image", _render_image)
    return md


MARKDOWN = _build_parser()


def _mark_standalone_images(tokens):
    """A paragraph holding one image becomes a <figure> (block content needs no <p>)."""
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        meaningful = [c for c in token.children if not (c.type == "text" and not c.content.strip())]
        meaningful = [c for c in meaningful if c.type != "softbreak"]
        alone = len(meaningful) == 1 and meaningful[0].type == "image"
        if alone and index > 0 and tokens[index - 1].type == "paragraph_open":
            tokens[index - 1].hidden = True
            tokens[index + 1].hidden = True
            meaningful[0].meta["standalone"] = True


def _fit_to_allow_list(tokens):
    """Keep what the sanitiser would otherwise strip: ``#`` headings and column alignment.

    The page's <h1> is the article's title, so a body's top-level heading becomes <h2>;
    table alignment moves from a style attribute to ``align``.
    """
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
        elif token.type in ("th_open", "td_open") and token.attrs.get("style", "").startswith("text-align:"):
            token.attrs = {"align": token.attrs["style"].removeprefix("text-align:")}


_OPENS = {"container_spoiler_open": "spoiler", "spoiler_inline_open": "spoiler",
          "container_discretion_open": "discretion"}
_CLOSES = {"container_spoiler_close": "spoiler", "spoiler_inline_close": "spoiler",
           "container_discretion_close": "discretion"}


def _walk_text(tokens, depth, buckets):
    """Sort visible text into buckets: "safe", "spoiler" (inside any spoiler) and "discretion"
    (inside a discretion section, not a spoiler). Only safe text may leave the body."""
    for token in tokens:
        if token.type in _OPENS:
            depth[_OPENS[token.type]] += 1
            continue
        if token.type in _CLOSES:
            depth[_CLOSES[token.type]] -= 1
            # A separator, so words either side of a boundary never run together.
            for bucket in buckets.values():
                bucket.append(" ")
            continue
        bucket = buckets[
            "spoiler" if depth["spoiler"] else "discretion" if depth["discretion"] else "safe"
        ]
        if token.children:
            _walk_text(token.children, depth, buckets)
            if token.type == "inline":
                bucket.append("\n")
            continue
        if token.type in ("text", "code_inline", "code_block", "fence"):
            bucket.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            bucket.append(" ")


WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


def words(text):
    return {word.lower() for word in WORD_RE.findall(text or "")}


INLINE_SPOILER_RE = re.compile(r"\s*\|\|.*?(?:\|\||\Z)", re.DOTALL)


def strip_inline_spoilers(text):
    """Plain text fields (title, standfirst) may carry ||inline spoilers||: drop them.

    A spoiler may run over lines; an unclosed ``||`` hides everything after it.
    """
    return INLINE_SPOILER_RE.sub("", text or "").strip()


def render_plain_with_spoilers(text):
    """Escape plain text (a title, a standfirst) and turn its ||inline spoilers|| into the
    same reveal control as in bodies; an unclosed ``||`` hides the rest."""
    html, position = [], 0
    for match in re.finditer(r"\|\|(.*?)(?:\|\||\Z)", text or "", re.DOTALL):
        html.append(escape(text[position : match.start()]))
        html.append(INLINE_SPOILER_OPEN + escape(match.group(1)) + INLINE_SPOILER_CLOSE)
        position = match.end()
    html.append(escape((text or "")[position:]))
    return "".join(html)


def render_body(text, resolver=None, *, strict=True):
    """Render a Markdown body. With ``strict``, unknown references raise ``BodyError``."""
    resolver = resolver or Resolver()
    env = {"discretion_depth": 0, "discretion_sections": []}
    tokens = MARKDOWN.parse(text or "", env)
    _mark_standalone_images(tokens)
    _fit_to_allow_list(tokens)

    image_ids, category_slugs, scope_refs = set(), set(), set()
    for token in tokens:
        if token.type == "container_discretion_open":
            category_slugs.add(_block_argument(token.info))
        elif token.type == "container_spoiler_open":
            scope_refs.add(_block_argument(token.info))
        for child in token.children or []:
            if child.type == "image" and _image_id(child.attrGet("src")) is not None:
                image_ids.add(_image_id(child.attrGet("src")))

    env["images"] = resolver.images(image_ids) if image_ids else {}
    env["categories"] = resolver.categories(category_slugs - {""}) if category_slugs else {}
    env["scopes"] = resolver.spoiler_scopes(scope_refs - {""}) if scope_refs else {}

    if strict:
        problems = []
        for image_id in sorted(image_ids - set(env["images"])):
            problems.append(f"There is no image {image_id} in the library (written image:{image_id}).")
        for slug in sorted(category_slugs - set(env["categories"])):
            problems.append(
                f"“::: discretion {slug}”: no active viewer-discretion category has the slug “{slug}”."
                if slug
                else "“::: discretion” needs a category slug, e.g. “::: discretion animal-death”."
            )
        for ref in sorted(scope_refs - set(env["scopes"])):
            problems.append(
                f"“::: spoiler {ref}”: no series or episode is found at “{ref}” "
                "(write series-slug/episode-slug, or series-slug for the whole series)."
                if ref
                else "“::: spoiler” needs the episode it spoils, e.g. “::: spoiler our-planet/frozen-worlds”."
            )
        if problems:
            raise BodyError(problems)

    html = MARKDOWN.renderer.render(tokens, MARKDOWN.options, env)
    buckets = {"safe": [], "spoiler": [], "discretion": []}
    _walk_text(tokens, {"spoiler": 0, "discretion": 0}, buckets)
    safe_text = re.sub(r"\s+", " ", "".join(buckets["safe"])).strip()
    return RenderResult(
        html=sanitise(html),
        safe_text=safe_text,
        spoiler_words=words("".join(buckets["spoiler"]))
        - words(safe_text)
        - words("".join(buckets["discretion"])),
        discretion_slugs=set(env["categories"]),
        spoiler_scopes=[env["scopes"][ref] for ref in sorted(env["scopes"])],
        image_ids=image_ids,
    )


def sanitise(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        generic_attribute_prefixes={"data-"},
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@dataclass(frozen=True)
class SpoilerSafeSummary:
    headline: str
    description: str


def _shorten(text, limit):
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def spoiler_safe_summary(*, title, standfirst, safe_title, safe_description, body_text):
    """The one source of text that may appear outside an article's body.

    Titles, meta and social tags, JSON-LD, cards, feeds and search snippets all use this.
    ``body_text`` is the body with every spoiler removed (see ``render_body``).
    """
    headline = strip_inline_spoilers(safe_title) or strip_inline_spoilers(title)
    description = (
        strip_inline_spoilers(safe_description)
        or strip_inline_spoilers(standfirst)
        or _shorten(body_text, 200)
    )
    return SpoilerSafeSummary(headline=headline, description=description)
