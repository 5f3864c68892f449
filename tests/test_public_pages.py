"""The public site: pages answer, unpublished content answers 404, lists show cards."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, EpisodeFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode():
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    return EpisodeFactory(series=series, title="Frozen Worlds", slug="frozen-worlds", number=2)


@pytest.fixture
def article(episode):
    return ArticleFactory(
        title="Cliffs of ice", slug="cliffs-of-ice", standfirst="Walruses on the shore.",
        tags=["walrus"], episodes=[episode],
    )


def test_home_lists_published_articles(client, article):
    response = client.get("/")
    assert response.status_code == 200
    assert "Cliffs of ice" in response.content.decode()


def test_article_page(client, article):
    response = client.get("/articles/cliffs-of-ice/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Cliffs of ice</h1>" in page
    assert 'href="/tags/walrus/"' in page
    assert 'href="/series/our-planet/frozen-worlds/"' in page


def test_tag_series_and_episode_pages_list_the_article(client, article):
    for url in ["/tags/walrus/", "/series/our-planet/", "/series/our-planet/frozen-worlds/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Cliffs of ice" in response.content.decode(), url


def test_series_page_lists_episodes_in_order(client, article, episode):
    EpisodeFactory(series=episode.series, number=1, title="One Planet", slug="one-planet")
    EpisodeFactory(series=episode.series, number=3, title="Jungles", slug="jungles")
    page = client.get("/series/our-planet/").content.decode()
    assert page.index("One Planet") < page.index("Frozen Worlds") < page.index("Jungles")


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_unpublished_article_is_404_and_absent_from_lists(client, episode, changes):
    ArticleFactory(title="Secret draft words", slug="secret", tags=["walrus"], episodes=[episode], **changes)
    assert client.get("/articles/secret/").status_code == 404
    for url in ["/", "/tags/walrus/", "/series/our-planet/", "/series/our-planet/frozen-worlds/"]:
        assert "Secret draft words" not in client.get(url).content.decode(), url


@pytest.mark.parametrize(
    "url", ["/articles/nope/", "/tags/nope/", "/series/nope/", "/series/our-planet/nope/", "/no/such/page/"]
)
def test_unknown_addresses_answer_the_custom_404(client, episode, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_home_paginates(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for n in range(5):
        ArticleFactory(title=f"Piece {n}", published_at=timezone.now() - timedelta(hours=n + 1))
    first = client.get("/").content.decode()
    assert "Piece 0" in first and "Piece 2" not in first
    older = html.unescape(re.search(r'rel="next" href="([^"]+)"', first).group(1))
    second = client.get(older).content.decode()
    assert "Piece 2" in second and "Piece 0" not in second and "Piece 1" not in second
    newer = html.unescape(re.search(r'rel="prev" href="([^"]+)"', second).group(1))
    assert client.get(newer).status_code == 302  # back to the first page's one address
    # Old numbered addresses lead to the same articles.
    third = client.get("/?page=3")
    assert third.status_code == 301
    assert "Piece 4" in client.get(third["Location"]).content.decode()
    # A page number out of range or not a number leads to a page, not an error.
    assert client.get("/?page=99", follow=True).status_code == 200
    assert client.get("/?page=abc", follow=True).status_code == 200


def test_layout_is_accessible(client, article):
    page = client.get("/articles/cliffs-of-ice/").content.decode()
    assert '<html lang="en-GB"' in page
    assert 'class="skip-link" href="#content"' in page
    assert '<main id="content"' in page
    assert "<nav" in page and "<header" in page and "<footer" in page


def test_server_error_page_is_plain_and_friendly(rf):
    from articles.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_card_images_have_dimensions_and_lazy_loading(client, episode):
    from .factories import ImageFactory

    image = ImageFactory(alt_text="Sea ice at dusk")
    ArticleFactory(title="With picture", hero_image=image)
    page = client.get("/").content.decode()
    assert 'alt="Sea ice at dusk"' in page
    assert f'width="{image.width}" height="{image.height}"' in page
    assert 'loading="lazy"' in page
    assert "srcset=" in page and "480w" in page


def test_article_page_lists_related_published_articles_only(client, article, episode):
    ArticleFactory(title="Another walrus piece", slug="another", episodes=[episode])
    ArticleFactory(title="Unpublished walrus piece", slug="hidden", episodes=[episode], status=Article.Status.DRAFT)
    ArticleFactory(title="About something else", slug="else")
    page = client.get("/articles/cliffs-of-ice/").content.decode()
    related = page[page.index('class="related"'):]
    assert "Another walrus piece" in related
    assert "Unpublished walrus piece" not in page
    assert "About something else" not in related
    assert "Cliffs of ice" not in related


def test_authors_are_named_by_full_name_else_username_on_the_page_in_json_ld_and_feeds(client):
    named = UserFactory(username="ada", first_name="Ada", last_name="Reporter")
    unnamed = UserFactory(username="walrus_desk")
    article = ArticleFactory(authors=[named, unnamed])

    page = client.get(article.get_absolute_url()).content.decode()
    feed = client.get("/feeds/latest/").content.decode()

    byline = re.search(r"By (.*?) ·", page).group(1)
    assert sorted(byline.split(", ")) == ["Ada Reporter", "walrus_desk"]
    for name in ["Ada Reporter", "walrus_desk"]:
        assert f'{{"@type": "Person", "name": "{name}"}}' in page
        assert name in feed
    assert "ada" not in byline
