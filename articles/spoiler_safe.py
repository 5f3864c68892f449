"""The one source of text that may appear outside an article's body.

Titles, meta and social tags, JSON-LD, cards, feeds and search snippets all take their
text from ``spoiler_safe_summary``; plain fields lose their ||inline spoilers|| here.
"""

import re
from dataclasses import dataclass

from . import markup_syntax

WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


def words(text):
    return {word.lower() for word in WORD_RE.findall(text or "")}


def strip_inline_spoilers(text):
    """Plain text fields (title, standfirst) may carry ||inline spoilers||: drop them.

    A spoiler may run over lines; an unclosed ``||`` hides everything after it.
    """
    text, kept, position = text or "", [], 0
    for start, end, _closed in markup_syntax.plain_spoilers(text):
        kept.append(text[position:start].rstrip())
        position = end
    kept.append(text[position:])
    return "".join(kept).strip()


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
