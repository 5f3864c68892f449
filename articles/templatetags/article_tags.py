import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.rendering import render_plain_with_spoilers

register = template.Library()


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
    return mark_safe(render_plain_with_spoilers(text))  # noqa: S308 - escaped by the renderer
