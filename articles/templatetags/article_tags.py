import json
from functools import lru_cache

from django import template
from django.urls import NoReverseMatch
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles import fragments, people, pictures
from articles.rendering import render_plain_with_spoilers, sanitise
from ourplanet.reversing import cached_reverse

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
def time_element(moment):
    """``<time datetime="2019-04-05T09:00:00+01:00">5 April 2019</time>`` in local time:
    what ``date:'c'`` and ``date:"j F Y"`` give, at a fraction of their cost on a list of cards."""
    local = timezone.localtime(moment)
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), _long_date(local.date(), get_language()))


@lru_cache(maxsize=4096)
def _long_date(day, language):
    # The month's name follows the active language, which is part of the key.
    return dateformat.format(day, "j F Y")


@register.filter
def tag_url(tag):
    """A tag's page, or "" for a tag whose slug no address can carry (shown without a link)."""
    try:
        return cached_reverse("articles:tag", slug=tag.slug)
    except NoReverseMatch:
        return ""


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
    return mark_safe(_sanitised(html))  # noqa: S308


@register.simple_tag
def figure(image, eager=False, css_class="body-image"):
    """A library image with its caption and credit; behind a reveal when it is graphic."""
    html = pictures.figure_html(image.render_info(), eager=eager, css_class=css_class)
    return mark_safe(_sanitised(html))  # noqa: S308


@register.simple_tag
def blurred_picture(image):
    """The blurred stand-in of a graphic library image, loaded lazily."""
    html = pictures.blurred_html(image.render_info(), lazy=True)
    return mark_safe(_sanitised(html))  # noqa: S308


@lru_cache(maxsize=1024)
def _sanitised(html):
    # The same picture appears on many cards and pages: its markup is cleaned once.
    return sanitise(html)


@register.simple_tag
def card(article, level=None):
    """``{% card article level %}``: an article's card in a list (stored, or rendered)."""
    return fragments.card_html(article, level or 2)


@register.simple_tag
def related_item(article):
    """``{% related_item article %}``: an article's line in a related list (stored, or rendered)."""
    return fragments.related_item_html(article)
