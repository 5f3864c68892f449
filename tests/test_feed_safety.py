"""Feed readers run nothing we send: every field of every feed is text, or HTML with no
active markup, whatever an editor typed; and characters XML cannot carry never break a feed."""

import feedparser
import pytest
from taggit.models import Tag

from .factories import ArticleFactory, EpisodeFactory, SeriesFactory, UserFactory
from .hostile import CONTROL_CHARACTERS, XSS_VECTORS, active_markup

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feeds/latest/",
    "/feeds/latest/atom/",
    "/feeds/tags/hostile/",
    "/feeds/tags/hostile/atom/",
    "/feeds/series/hostile/",
    "/feeds/series/hostile/atom/",
]
HTML_TYPES = {"text/html", "application/xhtml+xml"}


def _article_named(text):
    series = SeriesFactory(title=f"Series {text}", slug="hostile")
    episode = EpisodeFactory(series=series, title=f"Episode {text}")
    tag = Tag.objects.create(name=f"tag {text}", slug="hostile")
    author = UserFactory(username="writer", first_name=f"Ann {text}", last_name=text, password=None)
    article = ArticleFactory(
        title=f"Title {text}",
        standfirst=f"Standfirst {text}",
        authors=[author],
        tags=[tag],
        episodes=[episode],
    )
    return article


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content, sanitize_html=False)
    assert not parsed.bozo, f"{url} is not well-formed: {parsed.get('bozo_exception')}"
    return parsed


def _fields(parsed):
    """Every text a reader shows, with the type the feed declares for it."""
    for record in [parsed.feed, *parsed.entries]:
        for key, value in record.items():
            if key.endswith("_detail") and isinstance(value, dict) and "value" in value:
                yield key, value.get("type", "text/plain"), value["value"]
            elif key == "content":
                for part in value:
                    yield key, part.get("type", "text/plain"), part["value"]
            elif key == "tags":
                for tag in value:
                    yield key, "text/plain", tag["term"]
            elif isinstance(value, str):
                yield key, "text/plain", value


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_no_feed_field_carries_active_markup(client, vector):
    article = _article_named(vector)
    for url in FEEDS:
        parsed = _parse(client, url)
        entries = [entry for entry in parsed.entries if entry.link.endswith(article.get_absolute_url())]
        assert entries, f"{url} should list the article"
        for key, kind, value in _fields(parsed):
            if kind in HTML_TYPES:
                assert active_markup(value) == [], f"{url}: {key} is HTML with active markup: {value!r}"
            else:
                assert kind == "text/plain", f"{url}: {key} has type {kind}"


def test_atom_summaries_are_text_and_rss_descriptions_show_the_typed_text(client):
    article = ArticleFactory(standfirst="<img src=x onerror=alert(1)> & more")
    atom = _parse(client, "/feeds/latest/atom/").entries[0]
    assert atom.summary_detail["type"] == "text/plain"
    assert atom.summary.endswith("<img src=x onerror=alert(1)> & more")
    rss = _parse(client, "/feeds/latest/").entries[0]
    assert rss.link.endswith(article.get_absolute_url())
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in rss.summary
    assert active_markup(rss.summary) == []


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_control_characters_leave_every_feed_well_formed(client, character):
    article = _article_named(f"walrus{character}ice")
    for url in FEEDS:
        parsed = _parse(client, url)
        titles = [entry.title for entry in parsed.entries]
        assert "Title walrusice" in titles, url
        for key, _kind, value in _fields(parsed):
            assert character not in value, f"{url}: {key}"
    assert article.title == f"Title walrus{character}ice", "the stored text is not changed"


def test_a_title_with_a_control_character_no_longer_breaks_the_feed(client):
    ArticleFactory(title="Walrus\x01 haul-out")
    response = client.get("/feeds/latest/")
    assert response.status_code == 200
    assert b"Walrus haul-out" in response.content
