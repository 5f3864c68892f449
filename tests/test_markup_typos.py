"""A typo in our markup must never publish a spoiler: a line that looks like one of our
blocks but is not one, or a "||" that closes nothing, is an error on save naming the line."""

import pytest

from articles.rendering import BodyError, render_body
from articles.rendering import Resolver as BodyResolver

from .factories import ArticleFactory, EpisodeFactory, SeriesFactory
from .helpers import article_data, flag_rows, warnings_prefix

ARTICLES = "/admin/articles/article/"


def scopes(refs):
    from articles.rendering import SpoilerScope

    return {ref: SpoilerScope("our-planet", "Our Planet") for ref in refs if ref.startswith("our-planet")}


def render(text, **kwargs):
    return render_body(text, BodyResolver(spoiler_scopes=scopes), **kwargs)


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("Intro.\n\n::: Spoiler our-planet\nThe zqxword dies.\n:::", 3),
        (":::spoiler our-planet\nThe zqxword dies.\n:::", 1),
        ("Intro.\n\n:::: spoiler our-planet\nThe zqxword dies.\n::::", 3),
        ("::: spoilers our-planet\nThe zqxword dies.\n:::", 1),
        ("::: note\nThe zqxword dies.\n:::", 1),
        ("- a list\n- ::: Spoiler our-planet\n  the zqxword", 2),
        ("> ::: SPOILER our-planet\n> the zqxword", 1),
    ],
)
def test_a_line_that_looks_like_a_block_is_refused_naming_it(body, line):
    with pytest.raises(BodyError) as error:
        render(body)

    first = error.value.messages[0]
    assert first.startswith(f"Line {line}: “")
    assert "looks like a block but is not one" in first


def test_a_closing_line_with_no_open_block_is_refused():
    with pytest.raises(BodyError) as error:
        render("Safe.\n\n:::\n\nMore.")

    assert error.value.messages == ["Line 3: “:::” closes no open block. Remove it, or open a block above it."]


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("An ||unclosed zqxword", 1),
        ("First line.\nThen a || b here.", 2),
        ("Empty |||| pipes", 1),
    ],
)
def test_an_unpaired_inline_delimiter_is_refused_naming_the_line(body, line):
    with pytest.raises(BodyError) as error:
        render(body)

    assert error.value.messages[0].startswith(f"Line {line}: ")
    assert "opens or closes no inline spoiler" in error.value.messages[0]


def test_bars_written_escaped_are_text_and_accepted():
    result = render(r"Either \|\| or.")

    assert result.safe_text == "Either || or."


def test_an_inline_spoiler_around_a_code_span_hides_all_of_it():
    result = render("||a `b||c` zqxword d|| then safe.")

    assert "zqxword" not in result.safe_text
    assert result.safe_text == "then safe."
    assert "zqxword" in result.spoiler_words


def test_a_table_holding_an_inline_spoiler_is_refused_and_never_shows_it_as_a_cell():
    body = "| a | b | c | d |\n|---|---|---|---|\n| x ||zqxword|| | c |"
    with pytest.raises(BodyError) as error:
        render(body)
    assert error.value.messages[0].startswith("Line 1: a table cannot hold an inline spoiler")

    lenient = render(body, strict=False)  # a body stored before this rule, re-rendered
    assert "zqxword" not in lenient.safe_text


def test_code_in_a_table_may_show_two_bars():
    result = render("| op | means |\n|---|---|\n| `a || b` | or |")

    assert "<table>" in result.html


@pytest.mark.django_db
def test_saving_an_article_with_a_capitalised_spoiler_block_is_refused_and_nothing_is_published(
    editor_client, client
):
    SeriesFactory(title="Our Planet", slug="our-planet")
    prefix = warnings_prefix(editor_client, f"{ARTICLES}add/")
    body = "The haul-out.\n\n::: Spoiler our-planet\nIn the end the zqxword dies.\n:::"

    response = editor_client.post(
        f"{ARTICLES}add/", {**article_data(body=body, status="published"), **flag_rows(prefix, [])}
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert any(error.startswith("Line 3: “::: Spoiler our-planet”") for error in errors)
    assert "zqxword" not in client.get("/feeds/latest/").content.decode()
    assert "zqxword" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_spoiler_around_a_code_span_never_reaches_cards_or_feeds(client):
    episode = EpisodeFactory(series=SeriesFactory(slug="our-planet"), slug="frozen-worlds")
    ArticleFactory(slug="walruses", body="Safe part. ||a `b||c` zqxword d||", standfirst="", episodes=[episode])

    for url in ["/", "/feeds/latest/", "/feeds/latest/atom/", "/series/our-planet/", "/search/?q=safe"]:
        page = client.get(url).content.decode()
        assert "walruses" in page
        assert "zqxword" not in page, url
