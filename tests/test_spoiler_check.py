"""The spoiler check on outward text (articles/spoiler_check.py): pure, no database."""

import pytest

from articles.rendering import Resolver, SpoilerScope, render_body
from articles.spoiler_check import (
    WHOLE_SERIES,
    EpisodeMark,
    Finding,
    check_outward_text,
    later_episodes,
    spoiler_words_in,
)

PLANET = [
    EpisodeMark("our-planet", "Our Planet", 1, number, title)
    for number, title in enumerate(
        ["One Planet", "Frozen Worlds", "Jungles", "Coastal Seas", "From Deserts to Grasslands"], start=1
    )
]
ONE, FROZEN, JUNGLES, COASTAL, DESERTS = PLANET


def resolver():
    return Resolver(
        spoiler_scopes=lambda refs: {
            ref: SpoilerScope("our-planet", "Our Planet", 1, 2, "Frozen Worlds") for ref in refs
        }
    )


BODY = """The walruses haul out on the beach at dawn.

::: spoiler our-planet/frozen-worlds
Hundreds of walruses tumble from the cliff; the crew films the fall.
:::

A polar bear waits, and ||the cub survives|| the winter.
"""


@pytest.fixture
def hidden():
    return render_body(BODY, resolver()).spoiler_words


def test_the_rendered_body_gives_the_words_shown_only_inside_spoilers(hidden):
    assert {"tumble", "cliff", "crew", "films", "fall", "hundreds", "cub", "survives"} <= hidden
    assert not {"walruses", "beach", "polar", "bear", "winter"} & hidden


def test_a_title_using_a_word_from_the_spoiler_block_is_flagged_with_the_word_as_written(hidden):
    findings = check_outward_text([("Title", "Walruses Tumble at dawn")], spoiler_words=hidden)

    assert findings == [Finding("Title", "Tumble")]
    assert findings[0].message == "Title: “Tumble” otherwise appears only inside spoilers."


def test_words_from_an_inline_spoiler_are_flagged_too(hidden):
    assert check_outward_text([("Standfirst", "Does the cub make it?")], spoiler_words=hidden) == [
        Finding("Standfirst", "cub")
    ]


def test_words_also_outside_the_spoilers_are_not_flagged(hidden):
    assert check_outward_text([("Title", "Walruses on the beach, a polar bear waits")], spoiler_words=hidden) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("THE CLIFF", ["CLIFF"]),
        ("cliff.", ["cliff"]),
        ("“Cliff”!", ["Cliff"]),
        ("(cliff)", ["cliff"]),
        ("cliff, cliff and Cliff", ["cliff"]),  # each word once, first as written
        ("clifftop", []),  # another word, not a part of one
        ("the cliff's edge", ["cliff's"]),  # possessive: the same word
        ("the cliff’s edge", ["cliff’s"]),  # with a typographic apostrophe
        ("falls", []),  # no stemming: only the word itself
    ],
)
def test_capitalisation_punctuation_and_word_boundaries(hidden, text, expected):
    assert spoiler_words_in(text, hidden) == expected


def test_stop_words_are_never_flagged_even_if_only_in_spoilers():
    hidden = render_body("::: spoiler x\nThe end of it all.\n:::", resolver()).spoiler_words

    assert {"the", "of", "it", "all", "end"} <= hidden
    assert spoiler_words_in("The end of it all", hidden) == ["end"]


def test_numbers_alone_are_not_words_that_spoil():
    hidden = render_body("::: spoiler x\n300 walruses, 2019.\n:::", resolver()).spoiler_words

    assert spoiler_words_in("300 reasons in 2019", hidden) == []


def test_the_fields_own_inline_spoilers_are_hidden_and_so_not_flagged(hidden):
    assert check_outward_text([("Title", "Walruses and ||the cliff||")], spoiler_words=hidden) == []
    assert check_outward_text([("Title", "Walruses ||and the cliff")], spoiler_words=hidden) == []


def test_every_field_is_checked_and_named_in_the_order_given(hidden):
    fields = [
        ("Title", "On the beach"),
        ("Standfirst", "Why they tumble"),
        ("Spoiler-free headline", ""),
        ("Alt text of the hero image", "A crew films walruses"),
        ("Note of warning 1", "The fall of hundreds"),
    ]

    findings = check_outward_text(fields, spoiler_words=hidden)

    assert [(f.field, f.text) for f in findings] == [
        ("Standfirst", "tumble"),
        ("Alt text of the hero image", "crew"),
        ("Alt text of the hero image", "films"),
        ("Note of warning 1", "fall"),
        ("Note of warning 1", "hundreds"),
    ]


def test_later_episodes_are_those_beyond_the_furthest_covered():
    assert later_episodes(PLANET, {"our-planet": (1, 2)}) == [JUNGLES, COASTAL, DESERTS]
    assert later_episodes(PLANET, {"our-planet": (1, 5)}) == []
    assert later_episodes(PLANET, {"our-planet": WHOLE_SERIES}) == []
    assert later_episodes(PLANET, {}) == PLANET  # a series nothing covers


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("What happens in episode 4", "episode 4"),
        ("What happens in Episode 4", "Episode 4"),
        ("ep. 4 changes everything", "ep. 4"),
        ("Ep 04", "Ep 04"),
        ("S01E04 is the one", "S01E04"),
        ("s1e4", "s1e4"),
        ("S01 E04", "S01 E04"),
        ("The Coastal Seas finale", "Coastal Seas"),
        ("the coastal  seas finale", "coastal  seas"),
    ],
)
def test_a_later_episode_is_found_by_number_code_or_title(text, written):
    findings = check_outward_text([("Title", text)], later=[COASTAL])

    assert findings == [Finding("Title", written, COASTAL)]
    assert findings[0].message == (
        f"Title: “{written}” names Our Planet S01E04 “Coastal Seas”, later than the spoiler warnings cover."
    )


@pytest.mark.parametrize(
    "text",
    ["episode 40", "episode 14", "S01E40", "S01E14", "S02E04", "Coastal Seasons", "coastal", "step 4", "4.5 episodes"],
)
def test_near_misses_are_not_an_episode_mention(text):
    assert check_outward_text([("Title", text)], later=[COASTAL]) == []


def test_episodes_within_the_scope_may_be_named():
    later = later_episodes(PLANET, {"our-planet": (1, 2)})

    assert check_outward_text([("Title", "Frozen Worlds, episode 2, S01E02")], later=later) == []


def test_spoiler_words_and_later_episodes_are_reported_in_the_order_written(hidden):
    later = later_episodes(PLANET, {"our-planet": (1, 2)})

    findings = check_outward_text([("Note of warning 1", "The fall, then Jungles in episode 5")], spoiler_words=hidden, later=later)

    assert [(f.text, f.episode) for f in findings] == [("fall", None), ("Jungles", JUNGLES), ("episode 5", DESERTS)]


def test_empty_and_missing_text_finds_nothing(hidden):
    assert check_outward_text([("Title", ""), ("Standfirst", None)], spoiler_words=hidden, later=PLANET) == []
