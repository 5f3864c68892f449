"""Browsers revalidate public pages every time; a CDN may keep them for a while, but never
past the next scheduled publication."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _max_age(response):
    directives = dict(
        part.strip().split("=") if "=" in part else (part.strip(), True)
        for part in response["Cache-Control"].split(",")
    )
    assert "public" in directives
    assert directives["max-age"] == "0"  # browsers ask again every time (ETag → 304)
    return int(directives["s-maxage"])


def test_public_pages_are_cacheable_for_the_configured_time(client, settings):
    settings.PUBLIC_PAGE_MAX_AGE = 60
    ArticleFactory(slug="visible", tags=["walrus"])
    for url in ["/", "/articles/visible/", "/tags/walrus/", "/feeds/latest/"]:
        assert _max_age(client.get(url)) == 60, url


def test_cache_lifetime_ends_when_the_next_scheduled_article_goes_live(client, settings):
    settings.PUBLIC_PAGE_MAX_AGE = 600
    ArticleFactory(published_at=timezone.now() + timedelta(seconds=90))
    assert 0 < _max_age(client.get("/")) <= 90


def test_drafts_and_held_articles_do_not_shorten_the_cache(client, settings):
    settings.PUBLIC_PAGE_MAX_AGE = 600
    soon = timezone.now() + timedelta(seconds=30)
    ArticleFactory(status=Article.Status.DRAFT, published_at=soon)
    ArticleFactory(published_at=soon, is_held=True)
    assert _max_age(client.get("/")) == 600


def test_not_found_pages_are_not_marked_cacheable(client):
    assert "public" not in client.get("/articles/nope/").get("Cache-Control", "")


def test_share_link_previews_are_never_cached_publicly(client):
    from articles.editing import share_token

    draft = ArticleFactory(status=Article.Status.DRAFT)
    response = client.get(f"/preview/{share_token(draft)}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
