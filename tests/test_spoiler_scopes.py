"""What a spoiler covers is written one way (content_warnings.scopes) on every surface: the
notice before an article, the spoiler block in its body, its card, its feed entry."""

import html
import re

import pytest

from content_warnings.models import ContentWarning, WarningCategory
from content_warnings.scopes import episode_code, spoiler_scope_text

from .factories import ArticleFactory, EpisodeFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("season", "number", "code"),
    [(1, 2, "S01E02"), (1, 10, "S01E10"), (12, 3, "S12E03"), (2, 100, "S02E100")],
)
def test_episode_code_pads_season_and_number_to_two_digits(season, number, code):
    assert episode_code(season, number) == code
    assert EpisodeFactory.build(season=season, number=number).code == code


def test_scope_names_the_episode_or_the_whole_series():
    assert spoiler_scope_text("Our Planet", 1, 2, "Frozen Worlds") == "Our Planet up to S01E02 “Frozen Worlds”"
    assert spoiler_scope_text("Our Planet") == "the whole of Our Planet"


@pytest.fixture
def frozen_worlds():
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    EpisodeFactory(series=series, number=1, title="One Planet", slug="one-planet")
    return EpisodeFactory(series=series, number=2, title="Frozen Worlds", slug="frozen-worlds")


def spoiling(series, episode=None):
    ref = f"{series.slug}/{episode.slug}" if episode else series.slug
    article = ArticleFactory(body=f"The colony.\n\n::: spoiler {ref}\nThe ice gives way.\n:::\n")
    ContentWarning.objects.create(
        category=WarningCategory.objects.get(slug="spoilers"),
        content_object=article,
        spoils_series=series,
        spoils_episode=episode,
    )
    return article


def text_of(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def scopes_on_surfaces(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    notice = re.search(r'<div class="notice-spoiler">.*?<ul>\s*<li>(.*?)</li>', page, re.S).group(1)
    block = re.search(r'<details class="spoiler"[^>]*><summary>(.*?)</summary>', page, re.S).group(1)
    card = re.search(r'<li class="chip chip-spoiler">(.*?)</li>', client.get("/").content.decode(), re.S).group(1)
    feed = client.get("/feeds/latest/").content.decode()
    return {
        "notice": text_of(notice),
        "block": text_of(block).removeprefix("Spoiler for ").removesuffix(". Show"),
        "card": text_of(card).removeprefix("Spoilers for "),
        "feed": html.unescape(text_of(feed)),
    }


@pytest.mark.parametrize("up_to_an_episode", [True, False], ids=["episode", "whole series"])
def test_scope_is_worded_the_same_on_notice_block_card_and_feed(client, frozen_worlds, up_to_an_episode):
    series = frozen_worlds.series
    article = spoiling(series, frozen_worlds if up_to_an_episode else None)
    expected = (
        "Our Planet up to S01E02 “Frozen Worlds”" if up_to_an_episode else "the whole of Our Planet"
    )

    surfaces = scopes_on_surfaces(client, article)

    assert surfaces["notice"] == surfaces["block"] == surfaces["card"] == expected
    assert f"Warnings: Spoilers for {expected}." in surfaces["feed"]
