"""No edit is lost through the pages editors use: every form that writes an article says
which version it was opened at, and a stale one is refused with the editor's work kept.

Every form here is the one the page rendered, filled in and sent as a browser would
(tests/rendered_forms.py); a hand-built POST appears only to prove a forged one is refused.
"""

import pytest
from reversion.models import Version

from articles.models import Article, ArticleAutosave

from .factories import ArticleFactory, staff_member
from .helpers import logged_in
from .rendered_forms import FormError, open_page, page_of

ARTICLES = "/admin/articles/article/"
STALE_SAVE = "Someone else saved this article while you were editing it."

pytestmark = pytest.mark.django_db


def _staff(username, first_name, last_name):
    return staff_member("Editors", username, first_name=first_name, last_name=last_name)


@pytest.fixture
def alice(db):
    return logged_in(_staff("alice", "Alice", "Aubert"))


@pytest.fixture
def bob(db):
    return logged_in(_staff("bob", "Bob", "Brandt"))


def change_form(client, article):
    return open_page(client, f"{ARTICLES}{article.pk}/change/").form("article_form")


def body_in(response):
    return page_of(response.client, response).form("article_form")["body"]


def test_the_change_page_carries_the_version_it_was_loaded_at(alice):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(edit_version=7)

    form = change_form(alice, article)

    assert form["edit_version_seen"] == "7"
    with pytest.raises(FormError, match="hidden field"):
        form["edit_version_seen"] = "8"


def test_the_second_of_two_editors_is_refused_with_both_texts_intact(alice, bob):
    article = ArticleFactory(body="The walruses haul out on the beach.")
    alices, bobs = change_form(alice, article), change_form(bob, article)

    alices["body"] = "The walruses climb at dawn."
    first = alices.submit("_save")
    bobs["body"] = "Bob's walruses sleep on sand."
    second = bobs.submit("_save")

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert STALE_SAVE in page
    assert "Alice Aubert saved this article at" in page
    assert "<ins>climb at dawn.</ins>" in page
    assert body_in(second) == "Bob's walruses sleep on sand."
    assert Article.objects.get(pk=article.pk).body == "The walruses climb at dawn."

    again = page_of(bob, second).form("article_form").submit("_save")  # after reading what changed

    assert again.status_code == 302
    assert Article.objects.get(pk=article.pk).body == "Bob's walruses sleep on sand."


def test_a_stale_save_keeps_every_field_the_editor_changed(alice, bob):
    article = ArticleFactory(title="Walruses", standfirst="Why they climb.", tags=["walrus"])
    bobs = change_form(bob, article)
    alices = change_form(alice, article)
    alices["title"] = "Alice's walruses"
    assert alices.submit("_save").status_code == 302

    bobs["standfirst"] = "Bob's standfirst."
    bobs["tags"] = "walrus, cliffs"
    refused = bobs.submit("_save")

    shown = page_of(bob, refused).form("article_form")
    assert (shown["title"], shown["standfirst"], shown["tags"]) == ("Walruses", "Bob's standfirst.", "walrus, cliffs")
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.standfirst) == ("Alice's walruses", "Why they climb.")


def test_a_save_that_does_not_say_its_version_is_refused(alice):
    article = ArticleFactory(body="The walruses haul out.")
    form = change_form(alice, article)
    form["body"] = "Forged over whatever was saved."
    form.forge("edit_version_seen", None)

    response = form.submit("_save")

    assert response.status_code == 200
    assert "did not say which version of the article it was opened at" in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == "The walruses haul out."


def test_a_save_claiming_a_version_from_the_future_is_refused(alice):
    article = ArticleFactory(body="The walruses haul out.")
    form = change_form(alice, article)
    form["body"] = "Forged."
    form.forge("edit_version_seen", str(article.edit_version + 5))

    response = form.submit("_save")

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).body == "The walruses haul out."


def test_the_add_page_needs_no_version(alice):
    form = open_page(alice, f"{ARTICLES}add/").form("article_form")
    form["title"] = "Walruses"
    form["slug"] = "walruses"
    form["body"] = "New."

    assert form.submit("_save").status_code == 302
    assert Article.objects.get(slug="walruses").body == "New."


# Restore from History.


def test_restore_from_a_history_page_opened_before_someone_saved_is_refused(alice, bob):
    article = ArticleFactory(body="First text.")
    first = change_form(alice, article)
    first["body"] = "Second text."
    first.submit("_save")
    history = open_page(alice, f"{ARTICLES}{article.pk}/history/")
    oldest = Version.objects.get_for_object(article).last()
    restore = history.form(f"restore-{oldest.pk}")
    bobs = change_form(bob, article)
    bobs["body"] = "Bob's text."
    bobs.submit("_save")

    response = restore.submit("Restore this revision", follow=True)

    assert "Someone saved this article after you opened its history, so nothing was restored." in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == "Bob's text."


def test_restore_from_a_fresh_history_page_brings_the_revision_back(alice):
    article = ArticleFactory(body="First text.")
    for text in ["Second text.", "Third text."]:
        form = change_form(alice, article)
        form["body"] = text
        assert form.submit("_save").status_code == 302
    second = Version.objects.get_for_object(article)[1]
    history = open_page(alice, f"{ARTICLES}{article.pk}/history/")

    response = history.form(f"restore-{second.pk}").submit("Restore this revision", follow=True)

    assert response.redirect_chain == [(f"{ARTICLES}{article.pk}/change/", 302)]
    assert body_in(response) == "Second text."
    assert Article.objects.get(pk=article.pk).body == "Second text."


# Autosave recovery.


def test_recovered_autosave_based_on_an_older_version_is_a_conflict_not_an_overwrite(alice, bob, client):
    article = ArticleFactory(body="The walruses haul out.")
    page = change_form(alice, article)
    alice.post(
        f"{ARTICLES}{article.pk}/autosave/",
        {"body": "Alice's unsaved text.", "edit_version_seen": page["edit_version_seen"]},
    )
    bobs = change_form(bob, article)
    bobs["body"] = "Bob's saved text."
    assert bobs.submit("_save").status_code == 302

    recovered = open_page(alice, f"{ARTICLES}{article.pk}/change/?restore=autosave").form("article_form")
    assert recovered["body"] == "Alice's unsaved text."
    response = recovered.submit("_save")

    assert response.status_code == 200
    assert STALE_SAVE in response.content.decode()
    assert body_in(response) == "Alice's unsaved text."
    assert Article.objects.get(pk=article.pk).body == "Bob's saved text."
    assert ArticleAutosave.objects.filter(article=article).exists()


# Status actions on the article list.


def test_a_status_action_from_a_list_opened_before_someone_saved_leaves_that_article_alone(alice, bob):
    stale = ArticleFactory(title="Stale walruses", status=Article.Status.DRAFT, published_at=None)
    fresh = ArticleFactory(title="Fresh walruses", status=Article.Status.DRAFT, published_at=None)
    listing = open_page(alice, ARTICLES).form("changelist-form")
    bobs = change_form(bob, stale)
    bobs["body"] = "Bob changed this."
    bobs.submit("_save")

    listing.check("_selected_action", str(stale.pk))
    listing.check("_selected_action", str(fresh.pk))
    listing["action"] = "move_to_in_review"
    response = listing.submit("index", follow=True)

    page = response.content.decode()
    assert "1 article(s) updated." in page
    assert "“Stale walruses” was saved by someone else after you opened this list" in page
    assert Article.objects.get(pk=stale.pk).status == Article.Status.DRAFT
    assert Article.objects.get(pk=fresh.pk).status == Article.Status.IN_REVIEW
