"""Lists page by keyset (``?before=`` / ``?after=``): no count, no growing offset; old
``?page=N`` addresses redirect to the same articles; nothing a visitor types gives a 500."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import pagination

from .factories import ArticleFactory, EpisodeFactory, SeriesFactory

pytestmark = pytest.mark.django_db

LISTS = ["/", "/tags/walrus/", "/series/our-planet/", "/series/our-planet/frozen-worlds/"]


@pytest.fixture
def twenty(settings):
    """Twenty articles on every list, two of them published at the very same moment."""
    settings.ARTICLES_PER_PAGE = 3
    episode = EpisodeFactory(series=SeriesFactory(slug="our-planet"), slug="frozen-worlds")
    now = timezone.now()
    moments = [now - timedelta(hours=n + 1) for n in range(19)] + [now - timedelta(hours=5)]
    return [
        ArticleFactory(slug=f"piece-{n}", title=f"Piece {n}", published_at=moment, tags=["walrus"], episodes=[episode])
        for n, moment in enumerate(moments)
    ]


def _link(page, rel):
    found = re.search(rf'rel="{rel}" href="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def _titles(page):
    return re.findall(r'class="card-title"><a href="[^"]+">(Piece \d+)</a>', page)


@pytest.mark.parametrize("url", LISTS)
def test_older_links_walk_every_article_once_newest_first(client, twenty, url):
    seen, address = [], url
    while address:
        page = client.get(address).content.decode()
        seen += _titles(page)
        address = _link(page, "next")
    expected = sorted(twenty, key=lambda article: (article.published_at, article.pk), reverse=True)
    assert seen == [article.title for article in expected]


@pytest.mark.parametrize("url", LISTS)
def test_newer_links_walk_back_to_the_first_page(client, twenty, url):
    address, pages = url, []
    for _ in range(4):
        page = client.get(address).content.decode()
        pages.append(_titles(page))
        address = _link(page, "next")
    page = client.get(address).content.decode()
    for expected in reversed(pages[1:]):
        page = client.get(_link(page, "prev")).content.decode()
        assert _titles(page) == expected
    back = client.get(_link(page, "prev"))
    assert back.status_code == 302 and back["Location"] == url


@pytest.mark.parametrize("url", LISTS)
def test_old_page_numbers_redirect_to_the_same_articles(client, twenty, url):
    response = client.get(f"{url}?page=3")
    assert response.status_code == 301
    assert _titles(client.get(response["Location"]).content.decode()) == [
        article.title for article in sorted(twenty, key=lambda a: (a.published_at, a.pk), reverse=True)[6:9]
    ]
    assert client.get(f"{url}?page=1")["Location"] == url
    assert client.get(f"{url}?page=abc")["Location"] == url


def test_page_numbers_past_the_end_lead_to_the_last_page(client, twenty):
    last = client.get("/?page=50", follow=True).content.decode()
    assert _titles(last) == ["Piece 17", "Piece 18"]  # 20 articles, 3 a page: the 7th has two
    assert _link(last, "next") is None


def test_page_numbers_beyond_the_bound_are_not_found(client, twenty):
    assert client.get(f"/?page={pagination.MAX_LEGACY_PAGE + 1}").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["before=abc", "before=1.2.3", "before=99999999999999999999999.1", "after=-5.x",
     "before=1e9.1", "after=12345678901234567890123456789.1", "before=%00abc"],
)
def test_hostile_cursors_get_a_404_not_a_500(client, twenty, query):
    assert client.get(f"/?{query}").status_code == 404


def test_an_empty_cursor_is_the_first_page(client, twenty):
    assert _titles(client.get("/?before=").content.decode()) == ["Piece 0", "Piece 1", "Piece 2"]


def test_a_cursor_of_control_characters_only_is_cleaned_to_the_first_page(client, twenty):
    # Control characters are stripped from every query parameter before a view reads it.
    assert _titles(client.get("/?before=%00").content.decode()) == ["Piece 0", "Piece 1", "Piece 2"]


def test_cursor_round_trips_exactly():
    article = ArticleFactory(published_at=timezone.now().replace(microsecond=999_999))
    published_at, pk = pagination._parse(pagination.cursor_of(article))
    assert (published_at, pk) == (article.published_at, article.pk)
