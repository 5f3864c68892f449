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
from dataclasses import dataclass, field
from html import escape

import nh3
from django.core.exceptions import ValidationError

from content_warnings.scopes import spoiler_scope_text

from . import markup_syntax
from .body_limits import body_length_problem, rendered_size_problem
from .markdown_parser import (
    ALLOWED_URL_SCHEMES,
    INLINE_SPOILER_CLOSE,
    INLINE_SPOILER_OPEN,
    MARKDOWN,
    block_argument,
    library_image_id,
)
from .spoiler_safe import words

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
    report_url: str = ""


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


def render_plain_with_spoilers(text):
    """Escape plain text (a title, a standfirst) and turn its ||inline spoilers|| into the
    same reveal control as in bodies; an unclosed ``||`` hides the rest."""
    text, html, position = text or "", [], 0
    for start, end, closed in markup_syntax.plain_spoilers(text):
        html.append(escape(text[position:start]))
        hidden = text[start + 2 : end - 2 if closed else end]
        html.append(INLINE_SPOILER_OPEN + escape(hidden) + INLINE_SPOILER_CLOSE)
        position = end
    html.append(escape(text[position:]))
    return "".join(html)


def render_body(text, resolver=None, *, strict=True):
    """Render a Markdown body. With ``strict``, unknown references raise ``BodyError``."""
    resolver = resolver or Resolver()
    if strict and (problem := body_length_problem(text)):
        raise BodyError(problem)  # before any work on it
    env = {"discretion_depth": 0, "discretion_sections": []}
    tokens = MARKDOWN.parse(text or "", env)
    _mark_standalone_images(tokens)
    _fit_to_allow_list(tokens)

    image_ids, category_slugs, scope_refs = set(), set(), set()
    for token in tokens:
        if token.type == "container_discretion_open":
            category_slugs.add(block_argument(token.info))
        elif token.type == "container_spoiler_open":
            scope_refs.add(block_argument(token.info))
        for child in token.children or []:
            if child.type == "image" and library_image_id(child.attrGet("src")) is not None:
                image_ids.add(library_image_id(child.attrGet("src")))

    env["images"] = resolver.images(image_ids) if image_ids else {}
    env["categories"] = resolver.categories(category_slugs - {""}) if category_slugs else {}
    env["scopes"] = resolver.spoiler_scopes(scope_refs - {""}) if scope_refs else {}

    if strict:
        problems = markup_syntax.syntax_problems(tokens, env)
        problems += [markup_syntax.table_problem(n) for n in sorted(env.get("tables_with_spoilers", ()))]
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
    if strict and (problem := rendered_size_problem(text, html)):
        raise BodyError(problem)
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
