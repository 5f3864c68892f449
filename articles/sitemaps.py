"""The sitemap: published articles and the pages of series and episodes."""

from django.contrib.sitemaps import Sitemap

from .models import Article, Episode, Series


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.published().order_by("-published_at", "pk")

    def lastmod(self, article):
        return article.updated_at


class SeriesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Series.objects.order_by("pk")

    def lastmod(self, series):
        return series.updated_at


class EpisodeSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Episode.objects.select_related("series").order_by("pk")


SITEMAPS = {"articles": ArticleSitemap, "series": SeriesSitemap, "episodes": EpisodeSitemap}
