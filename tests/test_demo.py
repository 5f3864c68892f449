"""manage.py load_demo: the demo series, articles and accounts, loaded once and only in DEBUG."""

import dataclasses
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from taggit.models import Tag, TaggedItem

from articles.demo import content
from articles.demo.content import WALRUS_SLUG
from articles.models import Article, Episode, Image, Series
from content_warnings.models import ContentWarning, Kind

PASSWORD_LINE = re.compile(r"Created user (\w+) with password: (\S+)")
DRAWN = {}


def drawn_once(image):
    """Drawing takes most of a run; draw each picture once for the whole module."""

    def draw():
        if image.key not in DRAWN:
            DRAWN[image.key] = image.draw()
        return DRAWN[image.key]

    return dataclasses.replace(image, draw=draw)


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_settings(settings, monkeypatch):
    settings.DEBUG = True
    # Quick to run: one smaller rendition per picture, pictures drawn once.
    settings.IMAGE_RENDITION_WIDTHS = (320,)
    monkeypatch.setattr(content, "IMAGES", [drawn_once(image) for image in content.IMAGES])
    return settings


@pytest.fixture
def demo(db, demo_settings):
    return load_demo()


def counts():
    return {
        "series": Series.objects.count(),
        "episodes": Episode.objects.count(),
        "articles": Article.objects.count(),
        "images": Image.objects.count(),
        "flags": ContentWarning.objects.count(),
        "users": get_user_model().objects.count(),
        "tags": Tag.objects.count(),
        "tagged items": TaggedItem.objects.count(),
    }


def test_load_demo_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        load_demo()
    assert not Series.objects.exists()
    assert not get_user_model().objects.exists()


def test_load_demo_creates_our_planet_with_eight_episodes_in_order(demo):
    series = Series.objects.get(slug="our-planet")
    assert (series.platform, series.first_year, series.presenter) == ("Netflix", 2019, "David Attenborough")
    assert series.description and series.poster is not None
    episodes = list(series.episodes.order_by("season", "number"))
    assert [(e.season, e.number, e.title, e.slug) for e in episodes] == [
        (1, 1, "One Planet", "one-planet"),
        (1, 2, "Frozen Worlds", "frozen-worlds"),
        (1, 3, "Jungles", "jungles"),
        (1, 4, "Coastal Seas", "coastal-seas"),
        (1, 5, "From Deserts to Grasslands", "from-deserts-to-grasslands"),
        (1, 6, "High Seas", "high-seas"),
        (1, 7, "Fresh Water", "fresh-water"),
        (1, 8, "Forests", "forests"),
    ]
    assert {e.release_date.isoformat() for e in episodes} == {"2019-04-05"}
    assert all(e.logline for e in episodes)


def test_demo_articles_are_published_with_tags_episodes_authors_and_heroes(demo):
    editor = get_user_model().objects.get(username="editor")
    published = list(Article.objects.published())
    assert len(published) >= 4
    for article in published:
        assert article.tags.exists(), article.slug
        assert article.episodes.exists(), article.slug
        assert list(article.authors.all()) == [editor], article.slug
        assert article.hero_image is not None and not article.hero_image.is_graphic, article.slug


def test_demo_accounts_have_their_roles(demo):
    users = {user.username: user for user in get_user_model().objects.all()}
    assert users["editor"].is_staff and users["editor"].groups.filter(name="Editors").exists()
    assert users["moderator"].is_staff and users["moderator"].groups.filter(name="Moderators").exists()
    assert users["admin"].is_superuser


def test_walrus_article_carries_a_severe_discretion_flag_and_an_episode_spoiler_flag(demo):
    article = Article.objects.get(slug=WALRUS_SLUG)
    flags = {flag.category.slug: flag for flag in article.warnings.all()}
    assert set(flags) == {"animal-death", "spoilers"}
    assert flags["animal-death"].severity == "severe" and flags["animal-death"].note
    assert flags["spoilers"].spoils_series.slug == "our-planet"
    assert flags["spoilers"].spoils_episode.slug == "frozen-worlds"
    editor = get_user_model().objects.get(username="editor")
    assert all(flag.source == "editor" and flag.added_by == editor for flag in flags.values())
    assert article.safe_title and article.safe_description


def test_walrus_article_page_hides_the_scene_behind_discretion_and_spoiler_reveals(demo, client):
    article = Article.objects.get(slug=WALRUS_SLUG)
    assert "::: discretion animal-death" in article.body
    assert "::: spoiler our-planet/frozen-worlds" in article.body
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert '<details class="discretion"' in page
    assert '<details class="spoiler"' in page
    assert 'class="spoiler-inline"' in page
    assert 'class="discretion graphic-image"' in page


def test_demo_shows_every_kind_of_warning(demo):
    articles = Article.objects.published().prefetch_related("warnings__category")

    def kinds(article):
        return {
            (flag.category.kind, flag.effective_severity if not flag.is_spoiler else None)
            for flag in article.warnings.all()
        }

    assert any(not kinds(article) for article in articles)
    assert any(
        kinds(article)
        and all(
            kind == "discretion" and severity in ("mild", "moderate") for kind, severity in kinds(article)
        )
        for article in articles
    )
    assert any(kinds(article) == {("spoiler", None)} for article in articles)
    assert (
        ContentWarning.objects.filter(
            category__kind=Kind.SPOILER, spoils_series__slug="our-planet", spoils_episode=None
        )
        .exists()
    )

    graphic = [image for image in Image.objects.all() if image.is_graphic]
    assert graphic
    assert all(image.alt_text for image in Image.objects.all())
    shown_in = [a for a in articles if any(f"(image:{image.pk})" in a.body for image in graphic)]
    assert shown_in
    assert all('class="discretion graphic-image"' in article.body_html for article in shown_in)


def test_demo_draft_is_not_public(demo, client):
    draft = Article.objects.get(status=Article.Status.DRAFT)
    assert draft not in Article.objects.published()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_running_load_demo_twice_creates_nothing_new_and_keeps_passwords(demo):
    first_run = dict(PASSWORD_LINE.findall(demo))
    assert set(first_run) == {"editor", "moderator", "admin"}
    before = counts()

    second_output = load_demo()

    assert counts() == before
    assert not PASSWORD_LINE.search(second_output)
    assert second_output.count("already exists") == 3
    users = get_user_model().objects.in_bulk(first_run, field_name="username")
    assert all(users[name].check_password(password) for name, password in first_run.items())
