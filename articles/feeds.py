"""RSS and Atom feeds: latest articles, and per tag and per series. Spoiler-safe text only.

Feed readers run whatever HTML they find, so every field is written as plain text: Atom
summaries are declared ``type="text"``, and RSS descriptions (which readers take as HTML)
are the text escaped as HTML. Characters XML 1.0 cannot carry are dropped from every field.
"""

import re
from html import escape

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from . import cards, fragments
from .caching import cache_public_page
from .models import Article
from .people import display_name

FEED_LENGTH = 20

# Control characters other than tab and newlines, lone surrogates and the two non-characters:
# XML 1.0 has no way to write them, and Django's writer refuses them.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """Text, or a list of texts (categories), without the characters XML cannot carry."""
    if isinstance(value, str):
        return NOT_IN_XML.sub("", value)
    if isinstance(value, list | tuple):
        return [xml_text(item) for item in value]
    return value


class XmlTextMixin:
    """Cleans every field of the feed and of each item before the writer sees it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_text, args), **{key: xml_text(v) for key, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_text, args), **{key: xml_text(v) for key, v in kwargs.items()})


def without_tags(text):
    """RSS titles are text to some readers and HTML to others: no ``<`` can start a tag."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


class PlainTextRssFeed(XmlTextMixin, Rss201rev2Feed):
    """RSS readers render a description as HTML: the plain-text summary is escaped for that."""

    def __init__(self, title, link, description, *args, **kwargs):
        super().__init__(without_tags(title), link, escape(description), *args, **kwargs)

    def add_item(self, title, link, description, *args, **kwargs):
        super().add_item(without_tags(title), link, escape(description), *args, **kwargs)


class PlainTextAtomFeed(XmlTextMixin, Atom1Feed):
    """Atom says what a summary is: ours is text, never HTML."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def _facts(article):
    return fragments.stored(article, "facts")


def warning_line(article):
    """Readers of a feed see the warnings before they click."""
    chips = article.warning_summary.chips
    if not chips:
        return ""
    return "Warnings: " + "; ".join(label for _kind, label, _severity in chips) + ". "


class LatestArticlesFeed(Feed):
    feed_type = PlainTextRssFeed
    description_template = None
    public_page = True  # the page cache may keep it (see __call__)

    def __call__(self, request, *args, **kwargs):
        return cache_public_page(super().__call__)(request, *args, **kwargs)

    def title(self, obj=None):
        return f"{settings.PUBLICATION_NAME}: latest articles"

    def link(self, obj=None):
        return reverse("articles:home")

    def description(self, obj=None):
        return settings.PUBLICATION_TAGLINE

    def get_queryset(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        # A card's columns and stored facts (fragments.py), and the update time entries carry;
        # an article without stored facts gets its flags, tags (for_lists) and authors read.
        articles = list(self.get_queryset(obj).for_lists().only(*cards.CARD_FIELDS, "fragments", "updated_at").latest()[:FEED_LENGTH])
        prefetch_related_objects([article for article in articles if _facts(article) is None], "authors")
        return articles

    def item_title(self, article):
        return article.spoiler_safe.headline

    def item_description(self, article):
        facts = _facts(article)
        return (facts["warning_line"] if facts else warning_line(article)) + article.spoiler_safe.description

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        facts = _facts(article)
        names = facts["authors"] if facts else [display_name(author) for author in article.authors.all()]
        return ", ".join(names) or None

    def item_categories(self, article):
        facts = _facts(article)
        return facts["tags"] if facts else [tag.name for tag in article.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = PlainTextAtomFeed
    subtitle = LatestArticlesFeed.description


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published().tags_used(), slug=slug)

    def title(self, tag):
        return f"{settings.PUBLICATION_NAME}: articles tagged “{tag.name}”"

    def link(self, tag):
        return reverse("articles:tag", args=[tag.slug])

    def get_queryset(self, tag):
        return Article.objects.published().tagged(tag)


class TagAtomFeed(TagFeed):
    feed_type = PlainTextAtomFeed
    subtitle = TagFeed.description


class SeriesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published().series_covered(), slug=slug)

    def title(self, series):
        return f"{settings.PUBLICATION_NAME}: {series.title}"

    def link(self, series):
        return series.get_absolute_url()

    def get_queryset(self, series):
        return Article.objects.published().for_series(series)


class SeriesAtomFeed(SeriesFeed):
    feed_type = PlainTextAtomFeed
    subtitle = SeriesFeed.description
