"""Sitemaps: an index at /sitemap.xml and one paginated sitemap per section, so any number of
articles stays within the protocol's limits (50,000 URLs and 50 MB a file), with lastmod."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Article, Series

# Well under the protocol's 50,000: a page is one bounded query and about 120 KB, cheap
# enough to render cold (5,000 a page took seconds on a busy machine).
URLS_PER_SITEMAP = 1000


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = URLS_PER_SITEMAP

    def items(self):
        return Article.objects.published().order_by("-published_at", "-pk").only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item; one aggregate is enough.
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class SeriesSitemap(Sitemap):
    changefreq = "weekly"
    limit = URLS_PER_SITEMAP

    def items(self):
        return Article.objects.published().series_covered().order_by("pk")

    def lastmod(self, series):
        return series.updated_at

    def get_latest_lastmod(self):
        return Series.objects.aggregate(latest=Max("updated_at"))["latest"]


class EpisodeSitemap(Sitemap):
    """Episodes have no change time of their own; their series' is the nearest."""

    changefreq = "monthly"
    limit = URLS_PER_SITEMAP

    def items(self):
        return Article.objects.published().episodes_covered().select_related("series").order_by("pk")

    def lastmod(self, episode):
        return episode.series.updated_at

    def get_latest_lastmod(self):
        return Series.objects.filter(episodes__isnull=False).aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {"articles": ArticleSitemap, "series": SeriesSitemap, "episodes": EpisodeSitemap}
