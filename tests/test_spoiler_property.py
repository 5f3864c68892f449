"""The product's central promise as a property: a word that appears only inside spoilers
never appears outside the body — not in the card text, search text, feed summary, meta
description, OpenGraph or JSON-LD — whatever mix of Markdown surrounds it.

Bodies are generated from spoiler blocks, inline spoilers, discretion sections, code spans,
emphasis, links, headings, tables and capitalisation. Look-alike markup (``::: Spoiler``,
an unpaired ``||``) is generated too, and must be refused on save, never printed.

Hypothesis runs derandomized (the same examples on every run) with a small budget.
"""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from articles.markup_syntax import plain_text_problem
from articles.models import Article
from articles.rendering import (
    BodyError,
    CategoryInfo,
    Resolver,
    SpoilerScope,
    render_body,
)
from articles.spoiler_safe import spoiler_safe_summary

from .factories import EpisodeFactory, SeriesFactory

PROPERTY = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

SAFE_WORDS = ["walrus", "ice", "tide", "haul", "cliff", "shore", "night", "calf"]
# Hidden words share no prefix or suffix with safe words, so a leak cannot hide in one.
HIDDEN = st.integers(0, 40).map(lambda n: f"zqhid{n}x")


def cased(word_strategy):
    """The same word as a writer might type it: lower, Capitalised or UPPER."""
    return st.tuples(word_strategy, st.sampled_from([str.lower, str.capitalize, str.upper])).map(
        lambda pair: pair[1](pair[0])
    )


def inline(word_strategy):
    """Inline Markdown around words: plain, emphasis, strong, code span, link, strikethrough."""
    word = cased(word_strategy)
    return st.one_of(
        word,
        word.map(lambda w: f"*{w}*"),
        word.map(lambda w: f"**{w}**"),
        word.map(lambda w: f"`{w}`"),
        word.map(lambda w: f"`a||{w}`"),  # bars inside code are code, not a delimiter
        word.map(lambda w: f"[{w}](https://example.org/{w.lower()})"),
        word.map(lambda w: f"~~{w}~~"),
    )


def sentence(word_strategy, *, min_size=1):
    return st.lists(inline(word_strategy), min_size=min_size, max_size=5).map(" ".join)


SAFE = st.sampled_from(SAFE_WORDS)
SAFE_SENTENCE = sentence(SAFE)
INLINE_SPOILER = sentence(HIDDEN).map(lambda text: f"||{text}||")
SAFE_LINE = st.lists(st.one_of(SAFE_SENTENCE, INLINE_SPOILER), min_size=1, max_size=4).map(" ".join)


def heading(line):
    return line.map(lambda text: f"## {text}")


def table(cell):
    return st.lists(cell, min_size=2, max_size=2).map(
        lambda cells: f"| {cells[0]} | {cells[1]} |\n|---|---|\n| {cells[1]} | {cells[0]} |"
    )


def paragraphs(line, cell):
    return st.lists(st.one_of(line, heading(line), table(cell)), min_size=1, max_size=3).map("\n\n".join)


HIDDEN_BLOCK_TEXT = paragraphs(sentence(HIDDEN), sentence(HIDDEN))
SPOILER_BLOCK = st.tuples(st.sampled_from(["our-planet", "our-planet/frozen-worlds"]), HIDDEN_BLOCK_TEXT).map(
    lambda pair: f"::: spoiler {pair[0]}\n{pair[1]}\n:::"
)
DISCRETION_WITH_SPOILER = st.tuples(SAFE_SENTENCE, SPOILER_BLOCK, INLINE_SPOILER).map(
    lambda parts: f"::: discretion animal-death\n{parts[0]}\n\n{parts[1]}\n\n{parts[2]}\n:::"
)
SAFE_PART = paragraphs(SAFE_LINE, SAFE_SENTENCE)
BODY = st.lists(st.one_of(SAFE_PART, SPOILER_BLOCK, DISCRETION_WITH_SPOILER), min_size=1, max_size=5).map(
    "\n\n".join
)

TYPO_OPENINGS = ["::: Spoiler our-planet", ":::spoiler our-planet", ":::: spoiler our-planet",
                 "::: spoilers our-planet", "::: SPOILER our-planet", "::: note"]
TYPO = st.one_of(
    st.tuples(st.sampled_from(TYPO_OPENINGS), sentence(HIDDEN)).map(lambda p: f"{p[0]}\n{p[1]}\n:::"),
    sentence(HIDDEN).map(lambda text: f"Safe start ||{text}"),
)


def hidden_words_in(text):
    return set(re.findall(r"zqhid\d+x", text.lower()))


def resolver():
    return Resolver(
        categories=lambda slugs: {s: CategoryInfo(s, "Animal death", "moderate") for s in slugs if s == "animal-death"},
        spoiler_scopes=lambda refs: {r: SpoilerScope("our-planet", "Our Planet") for r in refs},
    )


@PROPERTY
@given(body=BODY, title_spoiler=sentence(HIDDEN), standfirst=SAFE_LINE)
def test_no_word_found_only_in_spoilers_leaves_the_body(body, title_spoiler, standfirst):
    title = f"Walrus night ||{title_spoiler}||"
    result = render_body(body, resolver(), strict=True)
    # Titles and standfirsts are plain text: bars that cannot pair are refused on save.
    assume(plain_text_problem(title) is None and plain_text_problem(standfirst) is None)
    safe = spoiler_safe_summary(
        title=title, standfirst=standfirst, safe_title="", safe_description="", body_text=result.safe_text,
    )
    search_text = f"{safe.headline}\n{safe.description}\n{result.safe_text}"

    for surface in [result.safe_text, safe.headline, safe.description, search_text]:
        assert not hidden_words_in(surface), surface


@settings(PROPERTY, max_examples=60)
@given(safe=SAFE_PART, typo=TYPO)
def test_look_alike_markup_is_refused_never_printed(safe, typo):
    with pytest.raises(BodyError) as error:
        render_body(f"{safe}\n\n{typo}", resolver(), strict=True)

    assert all(message.startswith("Line ") for message in error.value.messages)


@pytest.fixture
def our_planet(db):
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    return EpisodeFactory(series=series, title="Frozen Worlds", slug="frozen-worlds")


def _head_surfaces(page):
    head = page[: page.index("</head>")]
    meta = re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', head)
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1))
    return dict(meta), ld


@settings(PROPERTY, max_examples=12)
@given(body=BODY, standfirst=SAFE_LINE)
def test_saved_articles_show_no_spoiler_word_on_any_public_surface(client, our_planet, body, standfirst):
    article = Article(
        title="Walrus night", slug="walrus-night", standfirst=standfirst, body=body,
        status=Article.Status.PUBLISHED,
    )
    try:
        article.full_clean()
    except ValidationError as error:
        assert set(error.message_dict) == {"standfirst"}, error.message_dict  # bars that cannot pair
        return
    article.save()
    article.episodes.add(our_planet)
    try:
        assert not hidden_words_in(article.search_text)
        meta, ld = _head_surfaces(client.get("/articles/walrus-night/").content.decode())
        for name in ["description", "og:title", "og:description", "twitter:description"]:
            assert not hidden_words_in(meta.get(name, "")), name
        assert not hidden_words_in(json.dumps(ld))
        for url in ["/", "/feeds/latest/", "/feeds/latest/atom/", "/series/our-planet/"]:
            assert not hidden_words_in(client.get(url).content.decode()), url
    finally:
        article.delete()
