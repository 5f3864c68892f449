"""/sitemap.xml is an index of paginated sitemaps with lastmod, within the protocol's limits."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import sitemaps
from articles.models import Article

from .factories import ArticleFactory, EpisodeFactory, SeriesFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)  # noqa: S314 - our own response


def _path(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_index_lists_every_section_with_lastmod(client):
    series = SeriesFactory(slug="our-planet")
    EpisodeFactory(series=series, slug="frozen-worlds")
    ArticleFactory(slug="walrus")
    index = _xml(client, "/sitemap.xml")
    entries = index.findall("sm:sitemap", NS)
    locations = [entry.findtext("sm:loc", namespaces=NS) for entry in entries]
    assert [loc.rsplit("/", 1)[1] for loc in locations] == [
        "sitemap-articles.xml", "sitemap-series.xml", "sitemap-episodes.xml"
    ]
    assert all(entry.findtext("sm:lastmod", namespaces=NS) for entry in entries)


def test_article_sitemap_pages_stay_under_the_limit_and_cover_every_published_article(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    published = [ArticleFactory(slug=f"piece-{n}") for n in range(5)]
    ArticleFactory(slug="draft", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(slug="scheduled", published_at=timezone.now() + timedelta(days=1))
    ArticleFactory(slug="held", is_held=True)
    index = _xml(client, "/sitemap.xml")
    pages = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS) if "sitemap-articles" in loc.text]
    assert len(pages) == 3
    found = []
    for page in pages:
        urls = _xml(client, _path(page)).findall("sm:url", NS)
        assert 1 <= len(urls) <= 2
        assert all(url.findtext("sm:lastmod", namespaces=NS) for url in urls)
        found += [url.findtext("sm:loc", namespaces=NS).rstrip("/").rsplit("/", 1)[1] for url in urls]
    assert sorted(found) == sorted(article.slug for article in published)


def test_page_beyond_the_last_is_not_found(client):
    ArticleFactory()
    assert client.get("/sitemap-articles.xml?p=2").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_default_pages_are_far_below_the_protocol_limit():
    for sitemap in sitemaps.SITEMAPS.values():
        assert sitemap.limit <= 50_000


def test_robots_points_to_the_index(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_a_deep_section_page_reads_ids_first_and_counts_nothing(client, monkeypatch, settings):
    """A page of the articles' sitemap skips earlier pages over ids (an index-only scan on
    PostgreSQL), not over whole rows, and finds the end by being empty, not by a COUNT."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE = False
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    for n in range(5):
        ArticleFactory(slug=f"piece-{n}")
    client.get("/sitemap-articles.xml")  # the scheduling lookup, once per content generation
    by_page = {}
    for page in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/sitemap-articles.xml?p={page}")
        assert response.status_code == 200
        by_page[page] = [query["sql"] for query in queries]

    assert len(by_page[1]) == len(by_page[3]) == 1
    assert "COUNT(" not in by_page[3][0] and "OFFSET 4" in by_page[3][0]
    assert "LIMIT 2 OFFSET 4" in by_page[3][0].split(" IN (SELECT", 1)[1]  # the ids skipped, not the rows
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-articles.xml?p=0").status_code == 404
    assert client.get("/sitemap-articles.xml?p=50001").status_code == 404  # past what an index may list
