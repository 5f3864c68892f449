"""Spoilers caught before they go out: text readers see before any gate is checked while
typing and on save, and publishing with a flagged word needs the editor's confirmation.

Forms are the ones the pages render, filled in as a person would (tests/rendered_forms.py).
"""

import pytest
from django.test import Client
from reversion.models import Version

from articles.models import Article, Image
from content_warnings.models import ContentWarning, Source

from .factories import (
    ArticleFactory,
    ContentWarningFactory,
    ImageFactory,
    category,
    staff_member,
)
from .helpers import logged_in
from .rendered_forms import open_page, page_of

ARTICLES = "/admin/articles/article/"
CONFIRM = "confirm_not_spoiler"
BODY = """The walruses haul out on the beach.

::: spoiler our-planet/frozen-worlds
Hundreds of walruses tumble from the cliff.
:::
"""

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(db):
    return logged_in(staff_member("Editors", "alice", first_name="Alice", last_name="Aubert"))


@pytest.fixture
def draft(planet):
    return ArticleFactory(
        title="Walruses", body=BODY, status=Article.Status.DRAFT, published_at=None, episodes=[planet[1]]
    )


def change_form(client, article):
    return open_page(client, f"{ARTICLES}{article.pk}/change/").form("article_form")


def errors_of(response):
    return response.context["adminform"].form.errors


def test_publishing_with_a_title_that_spoils_is_refused_with_the_word_named(editor_client, draft):
    form = change_form(editor_client, draft)
    form["title"] = "Walruses tumble"
    form["status"] = "published"

    response = form.submit("_save")

    assert response.status_code == 200
    (error,) = errors_of(response)[CONFIRM]
    assert "Title: “tumble” otherwise appears only inside spoilers." in error
    assert "I have checked: this is not a spoiler" in error
    assert "Title: “tumble” otherwise appears only inside spoilers." in response.content.decode()
    stored = Article.objects.get(pk=draft.pk)
    assert (stored.status, stored.title) == (Article.Status.DRAFT, "Walruses")


def test_ticking_the_confirmation_publishes_and_the_revision_records_it(editor_client, draft):
    form = change_form(editor_client, draft)
    form["title"] = "Walruses tumble"
    form["status"] = "published"
    refused = form.submit("_save")
    again = page_of(editor_client, refused).form("article_form")
    assert CONFIRM not in again  # the confirmation is never ticked for the editor

    again.check(CONFIRM)
    response = again.submit("_save")

    assert response.status_code == 302
    stored = Article.objects.get(pk=draft.pk)
    assert (stored.status, stored.title) == (Article.Status.PUBLISHED, "Walruses tumble")
    comment = Version.objects.get_for_object(stored).first().revision.get_comment()
    assert "Checked for spoilers and confirmed not a spoiler: “tumble” (title)." in comment


def test_a_draft_may_be_saved_with_flagged_words_and_needs_no_confirmation(editor_client, draft):
    form = change_form(editor_client, draft)
    form["title"] = "Walruses tumble"

    assert form.submit("_save").status_code == 302
    assert Article.objects.get(pk=draft.pk).title == "Walruses tumble"


def test_saving_a_published_article_with_a_new_spoiling_note_is_refused(editor_client, planet):
    live = ArticleFactory(title="Walruses", body=BODY, episodes=[planet[1]])
    form = change_form(editor_client, live)
    form.add_inline_row(category=str(category("animal-death").pk), note="A scene as in Coastal Seas")

    response = form.submit("_save")

    assert response.status_code == 200
    (error,) = errors_of(response)[CONFIRM]
    assert "Note of the “Animal death” warning: “Coastal Seas” names Our Planet S01E04 “Coastal Seas”" in error
    assert not live.warnings.exists()


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("standfirst", "They tumble.", "Standfirst: “tumble”"),
        ("safe_title", "The cliff", "Spoiler-free headline: “cliff”"),
        ("safe_description", "Before episode 3.", "Spoiler-free description: “episode 3”"),
    ],
)
def test_every_outward_field_is_checked_on_save(editor_client, planet, field, value, named):
    live = ArticleFactory(title="Walruses", body=BODY, episodes=[planet[1]])
    form = change_form(editor_client, live)
    form[field] = value

    response = form.submit("_save")

    assert named in errors_of(response)[CONFIRM][0]


def test_the_hero_pictures_alt_text_is_checked(editor_client, planet):
    picture = ImageFactory(alt_text="Walruses at the cliff edge")
    live = ArticleFactory(title="Walruses", body=BODY, episodes=[planet[1]])
    form = change_form(editor_client, live)
    form.select("hero_image", str(picture.pk))

    response = form.submit("_save")

    assert "Alt text of the hero image: “cliff”" in errors_of(response)[CONFIRM][0]


def test_the_live_check_names_each_finding_and_its_field(editor_client, draft):
    form = change_form(editor_client, draft)
    form["title"] = "Walruses tumble"
    prefix = form.inline_prefix()
    form.add_inline_row(category=str(category("animal-death").pk), note="Jungles")

    response = editor_client.post(f"{ARTICLES}spoiler-check/", form.data())

    assert response.json()["findings"] == [
        {"field": "Title", "name": "title", "text": "tumble",
         "message": "Title: “tumble” otherwise appears only inside spoilers."},
        {"field": "Note of the “Animal death” warning", "name": f"{prefix}-0-note", "text": "Jungles",
         "message": "Note of the “Animal death” warning: “Jungles” names Our Planet S01E03 “Jungles”, "
         "later than the spoiler warnings cover."},
    ]


def test_the_live_check_is_for_editors_only(moderator_client):
    assert Client().post(f"{ARTICLES}spoiler-check/", {"title": "x"}).status_code == 302  # to the login page
    assert moderator_client.post(f"{ARTICLES}spoiler-check/", {"title": "x"}).status_code == 403
    assert moderator_client.get(f"{ARTICLES}spoiler-check/").status_code in (403, 405)


def test_publishing_from_the_list_leaves_a_spoiling_article_unpublished_and_says_why(editor_client, planet):
    spoiling = ArticleFactory(title="Walruses tumble", body=BODY, status=Article.Status.DRAFT, published_at=None,
                              episodes=[planet[1]])
    fine = ArticleFactory(title="Walruses", body=BODY, status=Article.Status.DRAFT, published_at=None)
    listing = open_page(editor_client, ARTICLES).form("changelist-form")
    listing.check("_selected_action", str(spoiling.pk))
    listing.check("_selected_action", str(fine.pk))
    listing["action"] = "move_to_published"

    response = listing.submit("index", follow=True)

    page = response.content.decode()
    assert "1 article(s) updated." in page
    assert "“Walruses tumble” was not published: it may give a spoiler away" in page
    assert "Title: “tumble” otherwise appears only inside spoilers." in page
    assert Article.objects.get(pk=spoiling.pk).status == Article.Status.DRAFT
    assert Article.objects.get(pk=fine.pk).status == Article.Status.PUBLISHED


def test_a_moderators_locked_note_is_still_checked(editor_client, planet, moderator):
    live = ArticleFactory(title="Walruses", body=BODY, episodes=[planet[1]])
    ContentWarningFactory(content_object=live, note="Then Jungles", source=Source.MODERATOR, added_by=moderator)
    form = change_form(editor_client, live)
    form["standfirst"] = "A new standfirst."

    response = form.submit("_save")

    assert "“Jungles” names Our Planet S01E03" in errors_of(response)[CONFIRM][0]
    assert ContentWarning.objects.get().note == "Then Jungles"


def test_the_notes_help_text_gives_nothing_away():
    help_text = ContentWarning._meta.get_field("note").help_text.lower()

    assert "walrus" not in help_text and "cliff" not in help_text and "fall" not in help_text


# Pictures: alt text, caption and notes are read before any gate wherever the picture is shown.


@pytest.fixture
def shown_picture(planet):
    picture = ImageFactory(alt_text="A walrus", caption="On the beach")
    ArticleFactory(title="Walruses", body=BODY + f"\n![A walrus](image:{picture.pk})\n", episodes=[planet[1]])
    return picture


def image_form(client, picture):
    return open_page(client, f"/admin/articles/image/{picture.pk}/change/").form("image_form")


def test_a_pictures_caption_that_spoils_a_published_article_is_refused_until_confirmed(editor_client, shown_picture):
    form = image_form(editor_client, shown_picture)
    form["caption"] = "Just before the tumble"

    refused = form.submit("_save")

    assert refused.status_code == 200
    assert "Caption: “tumble” otherwise appears only inside spoilers." in errors_of(refused)[CONFIRM][0]
    assert Image.objects.get(pk=shown_picture.pk).caption == "On the beach"

    again = page_of(editor_client, refused).form("image_form")
    again.check(CONFIRM)
    assert again.submit("_save").status_code == 302
    assert Image.objects.get(pk=shown_picture.pk).caption == "Just before the tumble"


def test_a_picture_only_in_drafts_may_be_saved_with_flagged_words(editor_client, planet):
    picture = ImageFactory(alt_text="A walrus")
    ArticleFactory(body=BODY + f"\n![A walrus](image:{picture.pk})\n", status=Article.Status.DRAFT, published_at=None)
    form = image_form(editor_client, picture)
    form["alt_text"] = "A walrus about to tumble"

    assert form.submit("_save").status_code == 302


def test_the_pictures_live_check_names_alt_text_caption_and_notes(editor_client, shown_picture):
    form = image_form(editor_client, shown_picture)
    form["alt_text"] = "The cliff"
    prefix = form.inline_prefix()
    form.add_inline_row(category=str(category("animal-death").pk), note="As in Jungles")

    findings = editor_client.post(f"/admin/articles/image/{shown_picture.pk}/spoiler-check/", form.data()).json()

    assert [(f["name"], f["text"]) for f in findings["findings"]] == [
        ("alt_text", "cliff"), (f"{prefix}-0-note", "Jungles"),
    ]
