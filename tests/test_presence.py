"""Who is on the edit page: the greeting names the person, and the page says who else has the
article open and whether they are only viewing it or editing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from .factories import ArticleFactory, staff_member
from .helpers import logged_in

pytestmark = pytest.mark.django_db


def editor(username, first_name):
    return logged_in(staff_member("Editors", username, first_name=first_name, last_name="Editor"))


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def presence_line(response):
    page = response.content.decode()
    return page.split('class="newsroom-banner newsroom-presence"', 1)[1].split("</p>", 1)[0]


def test_someone_who_only_opened_the_page_is_viewing():
    article = ArticleFactory()
    alice, bob = editor("alice", "Alice"), editor("bob", "Bob")
    alice.get(change_url(article))

    (presence,) = bob.get(change_url(article)).context["others_present"]

    assert (presence.name, presence.editing) == ("Alice Editor", False)
    assert "<strong>Alice Editor</strong> (viewing, at" in presence_line(bob.get(change_url(article)))


def test_someone_whose_page_autosaved_a_change_is_editing_and_stays_so_on_reload(monkeypatch):
    article = ArticleFactory()
    alice, bob = editor("alice", "Alice"), editor("bob", "Bob")
    alice.get(change_url(article))
    alice.post(f"/admin/articles/article/{article.pk}/autosave/", {"body": "Alice types."})
    alice.get(change_url(article))

    line = presence_line(bob.get(change_url(article)))

    assert "<strong>Alice Editor</strong> (editing, last change at" in line
    assert bob.post(f"/admin/articles/article/{article.pk}/autosave/", {"body": "Bob types."}).json()["others"] == [
        "Alice Editor (editing)"
    ]

    later = timezone.now() + timedelta(minutes=5, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert bob.get(change_url(article)).context["others_present"] == []


def test_nobody_is_shown_their_own_presence():
    article = ArticleFactory()
    alice = editor("alice", "Alice")
    alice.post(f"/admin/articles/article/{article.pk}/autosave/", {"body": "Alice types."})

    assert alice.get(change_url(article)).context["others_present"] == []


def test_the_admin_greets_people_by_their_name():
    client = editor("alice", "Alice")

    page = client.get("/admin/").content.decode()

    assert "Welcome, <strong>Alice Editor</strong>." in page


def test_someone_without_a_name_is_greeted_by_username():
    client = logged_in(staff_member("Editors", "noname", first_name="", last_name=""))

    assert "Welcome, <strong>noname</strong>." in client.get("/admin/").content.decode()
