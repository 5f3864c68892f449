"""RSS and Atom feeds: latest articles, and per tag and per series. Spoiler-safe text only."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from taggit.models import Tag

from .caching import cache_public_page
from .models import Article, Series
from .people import display_name

FEED_LENGTH = 20


def warning_line(article):
    """Readers of a feed see the warnings before they click."""
    chips = article.warning_summary.chips
    if not chips:
        return ""
    return "Warnings: " + "; ".join(label for _kind, label, _severity in chips) + ". "


class LatestArticlesFeed(Feed):
    description_template = None

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
        return self.get_queryset(obj).for_lists().latest()[:FEED_LENGTH]

    def item_title(self, article):
        return article.spoiler_safe.headline

    def item_description(self, article):
        return warning_line(article) + article.spoiler_safe.description

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return ", ".join(display_name(author) for author in article.authors.all()) or None

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{settings.PUBLICATION_NAME}: articles tagged “{tag.name}”"

    def link(self, tag):
        return reverse("articles:tag", args=[tag.slug])

    def get_queryset(self, tag):
        return Article.objects.published().filter(tags=tag)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    subtitle = TagFeed.description


class SeriesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Series, slug=slug)

    def title(self, series):
        return f"{settings.PUBLICATION_NAME}: {series.title}"

    def link(self, series):
        return series.get_absolute_url()

    def get_queryset(self, series):
        return Article.objects.published().for_series(series)


class SeriesAtomFeed(SeriesFeed):
    feed_type = Atom1Feed
    subtitle = SeriesFeed.description
