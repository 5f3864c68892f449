"""An article's outward text checked against its own body and spoiler scope (articles/spoiler_review.py)."""

import pytest

from articles.spoiler_review import OutwardText, findings_for, findings_for_image
from content_warnings.models import ContentWarning

from .factories import ArticleFactory, ImageFactory, category

pytestmark = pytest.mark.django_db

BODY = """The walruses haul out on the beach.

::: spoiler our-planet/frozen-worlds
Hundreds of walruses tumble from the cliff.
:::
"""


def found(findings):
    return [(finding.field, finding.text) for finding in findings]


def test_title_and_standfirst_words_hidden_by_the_body_are_found(planet):
    text = OutwardText(title="Walruses tumble", standfirst="From the cliff at dawn", body=BODY, episodes=[planet[1]])

    assert found(findings_for(text)) == [("Title", "tumble"), ("Standfirst", "cliff")]


def test_later_episodes_are_those_past_the_body_scope_and_the_articles_episodes(planet):
    text = OutwardText(title="Frozen Worlds, then Jungles", standfirst="Before episode 4", body=BODY)

    assert found(findings_for(text)) == [("Title", "Jungles"), ("Standfirst", "episode 4")]


def test_a_page_spoiler_flag_up_to_a_later_episode_widens_the_scope(planet):
    flag = ContentWarning(category=category("spoilers"), spoils_series=planet[0].series, spoils_episode=planet[2])
    text = OutwardText(title="Frozen Worlds, then Jungles", body=BODY, flags=[flag])

    assert found(findings_for(text)) == []


def test_a_flag_over_the_whole_series_covers_every_episode(planet):
    flag = ContentWarning(category=category("spoilers"), spoils_series=planet[0].series)
    text = OutwardText(title="Coastal Seas", body=BODY, flags=[flag])

    assert findings_for(text) == []


def test_notes_and_the_hero_pictures_text_are_checked_and_named(planet):
    hero = ImageFactory(alt_text="A walrus at the cliff edge", caption="Before the tumble")
    note = ContentWarning(category=category("animal-death"), note="Walruses tumble from a height")
    text = OutwardText(title="Walruses", body=BODY, hero_image=hero, flags=[note], episodes=[planet[1]])

    assert found(findings_for(text)) == [
        ("Alt text of the hero image", "cliff"),
        ("Caption of the hero image", "tumble"),
        ("Note of the “Animal death” warning", "tumble"),
    ]


def test_a_saved_article_is_read_with_its_episodes_and_flags(planet):
    article = ArticleFactory(title="Walruses tumble", body=BODY, episodes=[planet[1]])

    assert found(findings_for(OutwardText.of(article))) == [("Title", "tumble")]


def test_a_pictures_text_is_checked_against_every_article_that_shows_it(planet):
    picture = ImageFactory(alt_text="A walrus")
    ArticleFactory(body=BODY + f"\n![A walrus](image:{picture.pk})\n", episodes=[planet[1]])
    ArticleFactory(hero_image=picture, body="Nothing hidden here.")

    findings = findings_for_image(picture.pk, alt_text="Walruses tumble", caption="The cliff, episode 3")

    assert found(findings) == [("Alt text", "tumble"), ("Caption", "cliff"), ("Caption", "episode 3")]
    assert findings_for_image(None, alt_text="Walruses tumble", caption="") == []


def test_the_edit_pages_data_is_read_as_submitted_with_each_notes_field_named(planet):
    from django.http import QueryDict

    hero = ImageFactory(alt_text="A walrus", caption="At the cliff")
    data = QueryDict(mutable=True)
    data.update({"title": "Walruses tumble", "body": BODY, "hero_image": str(hero.pk)})
    data.setlist("episodes", [str(planet[1].pk)])
    prefix = "warnings-contentwarning-content_type-object_id"
    data.update({
        f"{prefix}-0-category": str(category("animal-death").pk), f"{prefix}-0-note": "They tumble",
        f"{prefix}-1-category": str(category("animal-death").pk), f"{prefix}-1-note": "Then Jungles",
        f"{prefix}-2-category": str(category("animal-death").pk), f"{prefix}-2-note": "tumble, deleted",
        f"{prefix}-2-DELETE": "on",
        f"{prefix}-__prefix__-note": "tumble in the empty template",
    })

    text = OutwardText.from_form_data(data)
    findings = findings_for(text)

    assert found(findings) == [
        ("Title", "tumble"),
        ("Caption of the hero image", "cliff"),
        ("Note of the “Animal death” warning", "tumble"),
        ("Note of the “Animal death” warning (2)", "Jungles"),
    ]
    names = text.field_names()
    assert [names[f.field] for f in findings] == ["title", "hero_image", f"{prefix}-0-note", f"{prefix}-1-note"]


def test_nonsense_in_the_form_data_is_ignored_not_an_error(planet):
    from django.http import QueryDict

    data = QueryDict("title=Walruses&hero_image=abc&episodes=x&episodes=999999&w-0-note=A+note&w-0-category=zz")

    text = OutwardText.from_form_data(data)

    assert (text.hero_image, text.episodes) == (None, [])
    assert findings_for(text) == []
