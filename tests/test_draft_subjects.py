"""Drafts leak nothing through what they are about: a tag, series or episode used only by
articles readers cannot see has no public page, no feed, no sitemap entry, and its name is
printed nowhere public."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, EpisodeFactory, SeriesFactory
from .surfaces import LIST_SURFACES, subject_surfaces

pytestmark = pytest.mark.django_db

NOW = timezone.now()
HIDDEN_STATES = {
    "draft": {"status": Article.Status.DRAFT, "published_at": None},
    "in review": {"status": Article.Status.IN_REVIEW, "published_at": None},
    "scheduled": {"status": Article.Status.PUBLISHED, "published_at": NOW + timedelta(days=1)},
    "unpublished": {"status": Article.Status.UNPUBLISHED, "published_at": NOW - timedelta(days=1)},
    "held": {"status": Article.Status.PUBLISHED, "published_at": NOW - timedelta(hours=2), "is_held": True},
}


@pytest.fixture
def public_article():
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    episode = EpisodeFactory(series=series, title="Frozen Worlds", slug="frozen-worlds")
    return ArticleFactory(slug="walruses", tags=["walrus"], episodes=[episode])


def hidden_subject(state):
    """An article in ``state`` about a series, episode and tag nothing public uses."""
    series = SeriesFactory(title="Grebewatch Chronicles", slug="grebewatch")
    episode = EpisodeFactory(series=series, title="Grebewatch Finale", slug="grebewatch-finale")
    return ArticleFactory(slug="hidden", tags=["Grebewatch secrets"], episodes=[episode], **HIDDEN_STATES[state])


HIDDEN_URLS = subject_surfaces(tag="grebewatch-secrets", series="grebewatch", episode="grebewatch-finale")


@pytest.mark.parametrize("state", HIDDEN_STATES)
@pytest.mark.parametrize("url", HIDDEN_URLS)
def test_a_subject_only_unpublished_articles_use_has_no_public_page(client, public_article, state, url):
    hidden_subject(state)

    response = client.get(url)

    assert response.status_code == 404
    assert "grebewatch" not in response.content.decode().lower()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_subject_only_unpublished_articles_use_is_named_on_no_public_surface(client, public_article, state):
    hidden_subject(state)

    for url in [*LIST_SURFACES, "/articles/walruses/", "/search/?q=walrus"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "grebewatch" not in response.content.decode().lower(), url
    assert list(client.get("/search/?q=grebewatch").context["page"]) == []


def test_a_subject_gets_its_pages_when_an_article_about_it_is_published_and_loses_them_after(
    client, public_article, editor
):
    article = hidden_subject("draft")

    article.move_to(Article.Status.PUBLISHED, by=editor)
    assert [client.get(url).status_code for url in HIDDEN_URLS] == [200] * len(HIDDEN_URLS)
    assert "/series/grebewatch/grebewatch-finale/" in client.get("/sitemap-episodes.xml").content.decode() + client.get("/sitemap-series.xml").content.decode()

    article.move_to(Article.Status.UNPUBLISHED, by=editor)
    assert [client.get(url).status_code for url in HIDDEN_URLS] == [404] * len(HIDDEN_URLS)
    assert "grebewatch" not in client.get("/sitemap-episodes.xml").content.decode() + client.get("/sitemap-series.xml").content.decode()


def test_a_public_series_links_only_the_episodes_that_have_a_page(client, public_article):
    EpisodeFactory(series=public_article.episodes.get().series, title="Jungles", slug="jungles", number=3)

    page = client.get("/series/our-planet/").content.decode()

    assert 'href="/series/our-planet/frozen-worlds/"' in page
    assert "Jungles" in page
    assert 'href="/series/our-planet/jungles/"' not in page
    assert client.get("/series/our-planet/jungles/").status_code == 404


def test_episode_pages_link_only_neighbours_that_have_a_page(client):
    series = SeriesFactory(slug="guide")
    first, second, third = (
        EpisodeFactory(series=series, number=n, slug=f"part-{n}", title=f"Part {n}") for n in (1, 2, 3)
    )
    ArticleFactory(episodes=[first])
    ArticleFactory(episodes=[third])
    ArticleFactory(status="draft", episodes=[second])

    page = client.get(third.get_absolute_url()).content.decode()

    assert first.get_absolute_url() in page  # the previous episode with a page
    assert second.get_absolute_url() not in page  # only a draft covers it: no page, no link
    assert client.get(second.get_absolute_url()).status_code == 404
