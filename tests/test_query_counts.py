"""Every public page runs a small, constant number of SQL queries, however much it shows and
however deep in a list it is.

Budgets (the issue's: the article page at most 6, every list at most 7), and what they are
spent on. Articles saved here have stored renderings (articles/fragments.py), so a list runs
a page of articles with their stored cards (no count: keyset pagination); an article without
them would add one query each for the tags, the episodes (with their series) and the flags
of the page's articles and pictures (tests/test_card_shortcuts.py). The tag, episode and
series pages add their own lookups (the tag; the episode and its series' episodes, for the
previous and next; the series, its episodes and their guide entries, models/guide.py);
search finds and ranks its bounded result set as ids in one query (which also
counts it), then reads the page's cards and their snippets. The article page runs the
article and its related articles (with stored renderings), or, rendered live, also its
tags, episodes, authors and the flags of all of them (6: tests/test_stored_renderings.py).
The next scheduled publication time (for the cache headers) is looked up once per content
generation, not per request, so pages are counted on their second request with the page
cache off. Each test runs a page with little content and with a lot, and asserts the same count.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Series
from content_warnings.models import ContentWarning, WarningCategory

from .factories import ArticleFactory, EpisodeFactory, ImageFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rendering_every_time(settings):
    """What a page costs to render: the page cache would answer repeats without SQL."""
    settings.PAGE_CACHE = False


LIST_PAGE_BUDGET = 7
ARTICLE_PAGE_BUDGET = 6
LIST_PAGES = [
    "/", "/tags/walrus/", "/series/our-planet/", "/series/our-planet/ep-1/", "/search/?q=piece",
    "/feeds/latest/", "/sitemap.xml", "/sitemap-articles.xml",
]


def _populate(count, *, tags_each, episodes_each, authors_each):
    series = SeriesFactory(slug="our-planet", title="Our Planet")
    episodes = [EpisodeFactory(series=series, number=n + 1, slug=f"ep-{n + 1}") for n in range(max(episodes_each, 1))]
    authors = [UserFactory() for _ in range(authors_each)]
    death = WarningCategory.objects.get(slug="animal-death")
    spoilers = WarningCategory.objects.get(slug="spoilers")
    image = ImageFactory()
    for n in range(count):
        article = ArticleFactory(
            slug=f"piece-{n}",
            hero_image=image,
            tags=["walrus"] + [f"tag-{n}-{t}" for t in range(tags_each - 1)],
            episodes=episodes[:episodes_each],
            authors=authors,
        )
        ContentWarning.objects.create(content_object=article, category=death, note="A fall.")
        ContentWarning.objects.create(
            content_object=article, category=spoilers, spoils_series=series, spoils_episode=episodes[0]
        )
    ContentWarning.objects.create(
        content_type=ContentType.objects.get_for_model(image), object_id=image.pk, category=death
    )


def _clear():
    ContentWarning.objects.all().delete()
    Article.objects.all().delete()
    Series.objects.all().delete()


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_run_constant_queries(client, url, settings, django_assert_max_num_queries):
    settings.ARTICLES_PER_PAGE = 3
    _populate(2, tags_each=1, episodes_each=1, authors_each=1)
    small = _queries(client, url)
    _clear()
    _populate(12, tags_each=5, episodes_each=4, authors_each=3)
    client.get(url)
    with django_assert_max_num_queries(LIST_PAGE_BUDGET):
        client.get(url)
    assert _queries(client, url) == small


@pytest.mark.parametrize("url", ["/", "/tags/walrus/", "/series/our-planet/", "/series/our-planet/ep-1/"])
def test_deep_pages_cost_what_the_first_costs(client, url, settings):
    settings.ARTICLES_PER_PAGE = 2
    _populate(12, tags_each=2, episodes_each=2, authors_each=1)
    first = _queries(client, url)
    page = client.get(url).context["page"]
    for _ in range(4):
        page = client.get(page.older_url).context["page"]
    assert _queries(client, page.older_url) == first


def test_article_page_runs_constant_queries(client, django_assert_max_num_queries):
    _populate(1, tags_each=1, episodes_each=1, authors_each=1)
    small = _queries(client, "/articles/piece-0/")
    _clear()
    _populate(6, tags_each=8, episodes_each=5, authors_each=4)  # five related articles too
    client.get("/articles/piece-0/")
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        client.get("/articles/piece-0/")
    assert _queries(client, "/articles/piece-0/") == small
