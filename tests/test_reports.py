"""Readers' reports: the link on every article and picture, the form at its own address,
its validation, the honeypot, the per-client limit, and what is kept."""

import re

import pytest
from django.test import Client

from articles.models import Article, Image
from content_warnings.models import Report

from .factories import ArticleFactory, EpisodeFactory, ImageFactory, category
from .rendered_forms import open_page


@pytest.fixture
def walrus_piece(db):
    frozen_worlds = EpisodeFactory(title="Frozen Worlds", slug="frozen-worlds")
    hero = ImageFactory(alt_text="Walruses resting on sea ice")
    in_body = ImageFactory(alt_text="A grey cliff above a stony beach")
    return ArticleFactory(
        slug="walruses",
        title="Walruses on the clifftop",
        hero_image=hero,
        body=f"The walruses climb.\n\n![A grey cliff](image:{in_body.pk})\n",
        episodes=[frozen_worlds],
    )


def report_links(html):
    return re.findall(r'href="(/report/[^"]+)"', html)


def open_report_form(client, url):
    page = open_page(client, url)
    cache_control = page.response["Cache-Control"]
    assert cache_control.startswith("max-age=0") or "no-cache" in cache_control
    return page.form(containing="message")


def test_article_page_links_to_reports_on_the_article_and_each_picture_shown(client, walrus_piece):
    html = client.get("/articles/walruses/").content.decode()

    links = report_links(html)
    in_body = Image.objects.get(alt_text="A grey cliff above a stony beach")
    assert f"/report/article/{walrus_piece.pk}/" in links
    assert f"/report/picture/{walrus_piece.hero_image.pk}/" in links
    assert f"/report/picture/{in_body.pk}/" in links
    assert html.count("Report a missing or wrong warning") == 3


def test_article_page_is_the_same_for_every_anonymous_reader(walrus_piece):
    first = Client().get("/articles/walruses/")
    second = Client().get("/articles/walruses/")

    assert first.content == second.content
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert "Cookie" not in first.get("Vary", "")
    assert not first.cookies


def test_reader_reports_an_unmarked_spoiler_through_the_form(client, walrus_piece):
    form = open_report_form(client, f"/report/article/{walrus_piece.pk}/")
    spoilers = category("spoilers")
    episode = walrus_piece.episodes.get()

    form.update(category=spoilers.pk, episode=episode.pk,
                message="The last section describes the falls in detail.", email="reader@example.org")
    response = form.submit(follow=True)

    assert response.redirect_chain[-1][0] == "/report/sent/"
    assert "your report is with our moderators" in response.content.decode()
    report = Report.objects.get()
    assert report.content_object == walrus_piece
    assert (report.category, report.episode, report.email) == (spoilers, episode, "reader@example.org")
    assert report.status == Report.Status.OPEN


def test_reader_reports_a_picture_shown_in_an_article(client, walrus_piece):
    picture = walrus_piece.hero_image
    form = open_report_form(client, f"/report/picture/{picture.pk}/")

    form.update(category=category("animal-death").pk, message="A dead walrus is visible on the ice.")
    form.submit()

    assert Report.objects.get().content_object == picture


@pytest.mark.parametrize(
    ("typed", "forged", "field", "message"),
    [
        ({"message": ""}, {}, "message", "This field is required."),
        ({"category": ""}, {}, "category", "This field is required."),
        ({"email": "not an address"}, {}, "email", "Enter a valid email address."),
        ({"category": "SPOILERS", "episode": ""}, {}, "episode", "Say up to which episode"),
        # What the page does not let a person send: past the box's maxlength, an option it does not offer.
        ({}, {"message": "x" * 1001}, "message", "at most 1000 characters"),
        ({}, {"category": "999999"}, "category", "Select a valid choice"),
        ({"category": "SPOILERS"}, {"episode": "999999"}, "episode", "Select a valid choice"),
    ],
)
def test_invalid_report_shows_the_error_and_stores_nothing(client, walrus_piece, typed, forged, field, message):
    url = f"/report/article/{walrus_piece.pk}/"
    form = open_report_form(client, url)
    values = {"category": category("animal-death").pk, "message": "Something is missing.", **typed}
    if values["category"] == "SPOILERS":
        values["category"] = category("spoilers").pk
    form.update(values)
    for name, value in forged.items():
        form.forge(name, value)

    response = form.submit()

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "nothing was sent yet" in response.content.decode()
    assert not Report.objects.exists()


def test_exactly_1000_characters_is_accepted(client, walrus_piece):
    url = f"/report/article/{walrus_piece.pk}/"
    form = open_report_form(client, url)

    form.update(category=category("animal-death").pk, message="y" * 1000)
    form.submit()

    assert len(Report.objects.get().message) == 1000


def test_a_filled_honeypot_looks_sent_but_stores_nothing(client, walrus_piece):
    url = f"/report/article/{walrus_piece.pk}/"
    form = open_report_form(client, url)
    assert "website" in form.names()

    form.update(category=category("animal-death").pk, message="Buy now", website="http://spam.example")
    response = form.submit()

    assert response.status_code == 302 and response["Location"] == "/report/sent/"
    assert not Report.objects.exists()


def test_a_report_without_the_csrf_token_is_refused(walrus_piece):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/report/article/{walrus_piece.pk}/",
        {"category": category("animal-death").pk, "message": "Forged from another site."},
    )

    assert response.status_code == 403
    assert not Report.objects.exists()


def test_a_flood_from_one_client_gets_429_while_other_readers_still_get_through(settings, walrus_piece):
    settings.WARNINGS_REPORTS_PER_CLIENT = 3
    url = f"/report/article/{walrus_piece.pk}/"
    flooder = Client(REMOTE_ADDR="203.0.113.9")
    data = {"category": category("animal-death").pk, "message": "Again."}

    answers = [flooder.post(url, data).status_code for _ in range(5)]
    other = Client(REMOTE_ADDR="198.51.100.7").post(url, data)

    assert answers == [302, 302, 302, 429, 429]
    assert "Too many reports" in flooder.post(url, data).content.decode()
    assert other.status_code == 302
    assert Report.objects.count() == 4


def test_unpublished_draft_and_unknown_things_cannot_be_reported(client, walrus_piece):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    loose_picture = ImageFactory()

    assert client.get(f"/report/article/{draft.pk}/").status_code == 404
    assert client.get(f"/report/picture/{loose_picture.pk}/").status_code == 404
    assert client.get("/report/article/999999/").status_code == 404
    assert client.get(f"/report/user/{walrus_piece.pk}/").status_code == 404


def test_reports_are_kept_when_the_article_is_unpublished(client, editor, walrus_piece):
    url = f"/report/article/{walrus_piece.pk}/"
    form = open_report_form(client, url)
    form.update(category=category("animal-death").pk, message="Please check.")
    form.submit()

    walrus_piece.move_to(Article.Status.UNPUBLISHED, by=editor)

    assert client.get("/articles/walruses/").status_code == 404
    assert client.get(url).status_code == 404  # no new reports on what readers cannot see
    assert Report.objects.get().content_object == walrus_piece

