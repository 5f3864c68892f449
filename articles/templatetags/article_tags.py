import json
import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

INLINE_SPOILER = (
    '<label class="spoiler-inline"><input type="checkbox" aria-label="Reveal spoiler">'
    '<span class="spoiler-cover">Spoiler</span><span class="spoiler-text">{}</span></label>'
)

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def ld_json(data):
    """A JSON-LD block, escaped so no value can close the script element."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def to_json(value):
    """JSON for an HTML attribute value (autoescaping applies to the result)."""
    return json.dumps(value, separators=(",", ":"))


@register.filter
def inline_spoilers(text):
    """Plain text (a title, a standfirst) with ||inline spoilers|| as reveal controls."""
    parts = re.split(r"\|\|(.+?)\|\|", text or "")
    html = []
    for index, part in enumerate(parts):
        if index % 2:
            html.append(format_html(INLINE_SPOILER, part))
        else:
            html.append(escape(part))
    return mark_safe("".join(html))  # noqa: S308 - every part is escaped above
