"""No spoiler leaves the article body: not in titles, meta, social tags, JSON-LD, cards,
feeds, search or the sitemap. A unique word is planted in every kind of spoiler and every
public surface is searched for it."""

import json
import re

import pytest

from content_warnings.models import ContentWarning, WarningCategory

from .factories import ArticleFactory, EpisodeFactory, SeriesFactory
from .surfaces import LIST_SURFACES

pytestmark = pytest.mark.django_db

BLOCK_WORD = "quillwortblock"
INLINE_WORD = "quillwortinline"
NOTE_WORD = "quillwortnote"
TITLE_WORD = "quillworttitle"
STANDFIRST_WORD = "quillwortstandfirst"
PLANTED = [BLOCK_WORD, INLINE_WORD, NOTE_WORD, TITLE_WORD, STANDFIRST_WORD]


@pytest.fixture
def spoiling_article():
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    episode = EpisodeFactory(series=series, title="Frozen Worlds", slug="frozen-worlds", number=2)
    article = ArticleFactory(
        title=f"What the ice hides ||{TITLE_WORD}||",
        slug="what-the-ice-hides",
        standfirst=f"A look at the walrus haul-out. ||{STANDFIRST_WORD}||",
        body=(
            "The haul-out is crowded and loud.\n\n"
            f"::: spoiler our-planet/frozen-worlds\nIn the end the {BLOCK_WORD} happens.\n:::\n\n"
            f"Later on, ||the {INLINE_WORD} returns|| and the tide turns."
        ),
        tags=["walrus"],
        episodes=[episode],
    )
    ContentWarning.objects.create(
        content_object=article,
        category=WarningCategory.objects.get(slug="spoilers"),
        spoils_series=series,
        spoils_episode=episode,
        note=f"reveals the {NOTE_WORD}",
    )
    return article


SURFACES = [*LIST_SURFACES, "/search/?q=walrus", "/search/?q=haul-out"]


@pytest.mark.parametrize("url", SURFACES)
def test_no_planted_word_on_any_list_surface(client, spoiling_article, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "what-the-ice-hides" in page, "the article should be listed here"
    for word in PLANTED:
        assert word not in page, f"{word} leaked on {url}"


@pytest.mark.parametrize("word", PLANTED)
def test_searching_for_a_spoiler_word_finds_nothing(client, spoiling_article, word):
    page = client.get("/search/", {"q": word}).content.decode()
    assert "what-the-ice-hides" not in page


def _head(page):
    return page[: page.index("</head>")]


def test_article_head_carries_no_spoiler(client, spoiling_article):
    page = client.get("/articles/what-the-ice-hides/").content.decode()
    head = _head(page)
    for word in PLANTED:
        assert word not in head
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1))
    assert ld["headline"] == "What the ice hides"
    assert ld["description"] == "A look at the walrus haul-out."


def test_article_body_keeps_spoilers_only_inside_reveal_controls(client, spoiling_article):
    page = client.get("/articles/what-the-ice-hides/").content.decode()
    body = page[page.index("</head>"):]
    # The spoiler flag's note is never shown; the planted words only inside spoiler markup.
    assert NOTE_WORD not in body
    without_spoilers = re.sub(r'<details class="spoiler".*?</details>', "", body, flags=re.S)
    without_spoilers = re.sub(r'<span class="spoiler-text">.*?</span>', "", without_spoilers, flags=re.S)
    for word in PLANTED:
        assert word not in without_spoilers, word
    assert BLOCK_WORD in body and INLINE_WORD in body


def test_spoiler_free_headline_and_description_replace_title_and_standfirst(client, spoiling_article):
    spoiling_article.safe_title = "A walrus story"
    spoiling_article.safe_description = "Crowds on a narrow beach."
    spoiling_article.save()
    head = _head(client.get("/articles/what-the-ice-hides/").content.decode())
    assert "<title>A walrus story" in head
    assert 'content="Crowds on a narrow beach."' in head
    assert "A walrus story" in client.get("/feeds/latest/").content.decode()
    assert "Crowds on a narrow beach." in client.get("/").content.decode()


def test_description_falls_back_to_the_body_without_spoilers(client):
    ArticleFactory(
        slug="no-standfirst", standfirst="",
        body=f"Plain opening words.\n\n::: spoiler\n{BLOCK_WORD}\n:::\n",
    )
    head = _head(client.get("/articles/no-standfirst/").content.decode())
    assert 'name="description" content="Plain opening words."' in head
    assert BLOCK_WORD not in head


def test_inline_spoiler_over_two_lines_or_unclosed_stays_hidden_in_the_standfirst(client):
    ArticleFactory(slug="two-lines", standfirst=f"Opening. ||first line\n{BLOCK_WORD}|| and ||{INLINE_WORD} never closed")
    page = client.get("/articles/two-lines/").content.decode()
    visible = re.sub(r'<span class="spoiler-text">.*?</span>', "", page, flags=re.S)
    assert BLOCK_WORD not in visible and INLINE_WORD not in visible
    assert BLOCK_WORD in page and INLINE_WORD in page


def test_related_list_on_another_article_carries_no_spoiler(client, spoiling_article):
    episode = spoiling_article.episodes.get()
    ArticleFactory(slug="neighbour", title="A neighbouring piece", episodes=[episode])
    page = client.get("/articles/neighbour/").content.decode()
    assert "/articles/what-the-ice-hides/" in page
    for word in PLANTED:
        assert word not in page
