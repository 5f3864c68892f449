import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import people, pictures
from articles.rendering import render_plain_with_spoilers, sanitise
from ourplanet import content_generation as generation

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


@register.filter
def display_name(user):
    """``{{ author|display_name }}``: see articles.people."""
    return people.display_name(user)


# Pictures: the markup of articles.pictures, through the same sanitiser as bodies, so a
# picture on a page is byte for byte the one a body shows.
@register.simple_tag
def picture(image, sizes=pictures.IMAGE_SIZES, eager=False):
    """A library image as a responsive <picture> (no caption, no reveal)."""
    html = pictures.picture_html(image.render_info(), sizes=sizes, eager=eager)
    return mark_safe(sanitise(html))  # noqa: S308


@register.simple_tag
def figure(image, eager=False, css_class="body-image"):
    """A library image with its caption and credit; behind a reveal when it is graphic."""
    html = pictures.figure_html(image.render_info(), eager=eager, css_class=css_class)
    return mark_safe(sanitise(html))  # noqa: S308


@register.simple_tag
def blurred_picture(image):
    """The blurred stand-in of a graphic library image, loaded lazily."""
    html = pictures.blurred_html(image.render_info(), lazy=True)
    return mark_safe(sanitise(html))  # noqa: S308


@register.simple_tag(takes_context=True)
def content_generation(context):
    """The content generation, to key ``{% cache %}`` fragments that are the same for every
    request: any change a reader could see moves it, so a cached fragment is never stale."""
    return generation.for_request(getattr(context, "request", None))
