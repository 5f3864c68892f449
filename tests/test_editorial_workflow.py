"""The newsroom's editorial workflow, as editors use it: who may move an article between
states, revisions with readable diffs and one-step restore, two editors on one article,
autosave, preview links, that nothing unpublished reaches a public page, and old addresses."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticleAutosave, SlugRedirect, StaleEditError
from content_warnings.models import ContentWarning, Source, WarningCategory

from .factories import (
    ArticleFactory,
    ContentWarningFactory,
    EpisodeFactory,
    ImageFactory,
    SeriesFactory,
    UserFactory,
    category,
    staff_member,
)
from .helpers import NEW_ARTICLE, fill, form_errors, logged_in, messages_of, run_list_action
from .rendered_forms import open_form, open_page, page_of
from .surfaces import LIST_SURFACES

ARTICLES = "/admin/articles/article/"
ADD = f"{ARTICLES}add/"
NO_PUBLISH_PERMISSION = "You do not have permission to publish or unpublish articles."
STALE_SAVE = "Someone else saved this article while you were editing it."

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(db):
    """Staff who write and edit articles but may not publish: the Editors' rights minus publishing."""
    writers = Group.objects.create(name="Writers")
    writers.permissions.set(Group.objects.get(name="Editors").permissions.exclude(codename="publish_article"))
    user = UserFactory(username="writer")
    user.groups.add(writers)
    return user


@pytest.fixture
def alice(db):
    return staff_member("Editors", "alice", first_name="Alice", last_name="Aubert")


@pytest.fixture
def bob(db):
    return staff_member("Editors", "bob", first_name="Bob", last_name="Brandt")


@pytest.fixture
def frozen_worlds(db):
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    return EpisodeFactory(series=series, number=2, title="Frozen Worlds", slug="frozen-worlds")


def change_url(article):
    return f"{ARTICLES}{article.pk}/change/"


def history_url(article):
    return f"{ARTICLES}{article.pk}/history/"


def restore_url(article, version):
    return f"{ARTICLES}{article.pk}/history/{version.pk}/restore/"


def autosave_url(article):
    return f"{ARTICLES}{article.pk}/autosave/"


def seen_version(response):
    """The edit version the change page's form carries, as the browser would send it back."""
    return response.context["adminform"].form["edit_version_seen"].value()


def body_textarea(response):
    match = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', response.content.decode(), re.S)
    assert match, "no body textarea on the page"
    return match.group(1)


def inserted(html):
    return " ".join(re.findall(r"<ins>(.*?)</ins>", html, re.S))


def removed(html):
    return " ".join(re.findall(r"<del>(.*?)</del>", html, re.S))


def change_page_form(client, article):
    """The article's change form, as the page renders it for this client."""
    return open_form(client, change_url(article), "article_form")


def save_through_admin(client, article, *, add_flags=(), remove_flags=(), **changes):
    """Open the article's change page, change what is given, and save, as an editor does."""
    form = fill(change_page_form(client, article), add_flags=add_flags, remove_flags=remove_flags, **changes)
    return form.submit("_save")


def create_through_admin(client, flags=(), **fields):
    form = fill(open_form(client, ADD, "article_form"), add_flags=flags, **{**NEW_ARTICLE, **fields})
    response = form.submit("_save")
    assert response.status_code == 302, form_errors(response)
    return Article.objects.get(slug=fields.get("slug", NEW_ARTICLE["slug"]))


def restore_through_history(client, article, version, **kwargs):
    """Press *Restore this revision* on the History page."""
    history = open_page(client, history_url(article))
    return history.form(f"restore-{version.pk}").submit("Restore this revision", **kwargs)


def versions_of(article):
    return list(Version.objects.get_for_object(article))  # newest first


# 1. Transitions, and who may make them.


@pytest.mark.parametrize(
    ("current", "new", "message"),
    [
        ("draft", "unpublished", "An article cannot go from draft to unpublished."),
        ("in_review", "unpublished", "An article cannot go from in review to unpublished."),
        ("published", "in_review", "An article cannot go from published to in review."),
    ],
)
def test_transition_outside_the_workflow_is_refused_with_a_clear_message(editor, current, new, message):
    article = ArticleFactory(status=current, published_at=None)
    version_before = Article.objects.get(pk=article.pk).edit_version

    with pytest.raises(PermissionDenied, match=re.escape(message)):
        article.move_to(new, by=editor)

    stored = Article.objects.get(pk=article.pk)
    assert stored.status == current
    assert stored.edit_version == version_before


@pytest.mark.parametrize(
    ("current", "new"),
    [(current, new) for current, targets in Article.TRANSITIONS.items() for new in targets],
)
def test_editor_may_make_every_transition_of_the_workflow(editor, current, new):
    article = ArticleFactory(status=current, published_at=None)

    article.move_to(new, by=editor)

    assert Article.objects.get(pk=article.pk).status == new


def test_editor_publishes_a_draft_which_readers_can_then_read(client, editor):
    draft = ArticleFactory(slug="walruses", status=Article.Status.DRAFT, published_at=None)
    assert client.get("/articles/walruses/").status_code == 404

    draft.move_to(Article.Status.PUBLISHED, by=editor)

    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.published_at is not None
    assert draft.is_public
    assert client.get("/articles/walruses/").status_code == 200


def test_writer_without_publish_permission_submits_for_review_but_cannot_publish_or_unpublish(writer):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    live = ArticleFactory(status=Article.Status.PUBLISHED)

    draft.move_to(Article.Status.IN_REVIEW, by=writer)
    with pytest.raises(PermissionDenied, match=NO_PUBLISH_PERMISSION):
        draft.move_to(Article.Status.PUBLISHED, by=writer)
    with pytest.raises(PermissionDenied, match=NO_PUBLISH_PERMISSION):
        live.move_to(Article.Status.UNPUBLISHED, by=writer)
    with pytest.raises(PermissionDenied, match=NO_PUBLISH_PERMISSION):
        live.move_to(Article.Status.DRAFT, by=writer)

    assert Article.objects.get(pk=draft.pk).status == Article.Status.IN_REVIEW
    assert Article.objects.get(pk=live.pk).status == Article.Status.PUBLISHED
    assert Article.objects.get(pk=live.pk).is_public


def test_writer_cannot_publish_through_the_change_form_and_nothing_is_saved(writer):
    client = logged_in(writer)
    draft = ArticleFactory(
        slug="walruses", status=Article.Status.DRAFT, published_at=None, body="The walruses haul out."
    )

    response = save_through_admin(
        client, draft, status=Article.Status.PUBLISHED, body="Changed and published."
    )

    assert response.status_code == 200
    assert form_errors(response) == [NO_PUBLISH_PERMISSION]
    assert response.context["adminform"].form.errors["status"] == [NO_PUBLISH_PERMISSION]
    assert NO_PUBLISH_PERMISSION in response.content.decode()
    stored = Article.objects.get(pk=draft.pk)
    assert stored.status == Article.Status.DRAFT
    assert stored.body == "The walruses haul out."
    assert not stored.is_public


def test_writer_cannot_unpublish_through_the_change_form(writer):
    client = logged_in(writer)
    live = ArticleFactory(slug="walruses", body="The walruses haul out.")

    response = save_through_admin(client, live, status=Article.Status.UNPUBLISHED)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"] == [NO_PUBLISH_PERMISSION]
    assert Article.objects.get(pk=live.pk).is_public


def test_writer_cannot_add_an_article_as_published(writer):
    client = logged_in(writer)
    form = fill(open_form(client, ADD, "article_form"), status=Article.Status.PUBLISHED, **NEW_ARTICLE)

    response = form.submit("_save")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"] == [NO_PUBLISH_PERMISSION]
    assert not Article.objects.exists()


def test_writer_submits_for_review_through_the_change_form(writer):
    client = logged_in(writer)
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    response = save_through_admin(client, draft, status=Article.Status.IN_REVIEW)

    assert response.status_code == 302, form_errors(response)
    assert Article.objects.get(pk=draft.pk).status == Article.Status.IN_REVIEW


def test_writer_cannot_take_a_published_article_offline_by_rescheduling_it(writer):
    client = logged_in(writer)
    live = ArticleFactory(slug="walruses")
    next_year = timezone.localtime() + timedelta(days=365)

    response = save_through_admin(
        client,
        live,
        published_at_0=next_year.strftime("%Y-%m-%d"),
        published_at_1=next_year.strftime("%H:%M:%S"),
    )

    assert response.status_code == 200
    assert Article.objects.get(pk=live.pk).is_public


def test_writer_cannot_publish_a_scheduled_article_early_by_changing_its_time(writer):
    client = logged_in(writer)
    scheduled = ArticleFactory(slug="walruses", published_at=timezone.now() + timedelta(days=7))
    an_hour_ago = timezone.localtime() - timedelta(hours=1)

    response = save_through_admin(
        client,
        scheduled,
        published_at_0=an_hour_ago.strftime("%Y-%m-%d"),
        published_at_1=an_hour_ago.strftime("%H:%M:%S"),
    )

    assert response.status_code == 200
    assert not Article.objects.get(pk=scheduled.pk).is_public
    assert Client().get("/articles/walruses/").status_code == 404


def test_editor_publishes_through_the_change_form_and_from_the_changelist(editor_client):
    first = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    second = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)

    response = save_through_admin(editor_client, first, status=Article.Status.PUBLISHED)
    action = run_list_action(editor_client, ARTICLES, "move_to_published", second, follow=True)

    assert response.status_code == 302, form_errors(response)
    assert "1 article(s) updated." in messages_of(action)
    assert Article.objects.get(pk=first.pk).is_public
    assert Article.objects.get(pk=second.pk).is_public


def test_writer_changelist_publish_and_unpublish_actions_are_refused(writer):
    client = logged_in(writer)
    draft = ArticleFactory(title="The draft", status=Article.Status.DRAFT, published_at=None)
    live = ArticleFactory(title="The live one")

    published = run_list_action(client, ARTICLES, "move_to_published", draft, follow=True)
    unpublished = run_list_action(client, ARTICLES, "move_to_unpublished", live, follow=True)

    assert f"“The draft”: {NO_PUBLISH_PERMISSION}" in messages_of(published)
    assert f"“The live one”: {NO_PUBLISH_PERMISSION}" in messages_of(unpublished)
    assert f"“The draft”: {NO_PUBLISH_PERMISSION}" in published.content.decode()
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    assert Article.objects.get(pk=live.pk).status == Article.Status.PUBLISHED


def test_writer_submits_for_review_from_the_changelist(writer):
    client = logged_in(writer)
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    response = run_list_action(client, ARTICLES, "move_to_in_review", draft, follow=True)

    assert "1 article(s) updated." in messages_of(response)
    assert Article.objects.get(pk=draft.pk).status == Article.Status.IN_REVIEW


def test_view_only_moderator_cannot_change_status_from_the_changelist(moderator_client):
    in_review = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)

    # A forged request: the moderator's list offers no status action.
    moderator_client.post(ARTICLES, {"action": "move_to_draft", "_selected_action": [in_review.pk]})

    assert Article.objects.get(pk=in_review.pk).status == Article.Status.IN_REVIEW


def test_publishing_with_a_future_time_schedules_the_article_until_that_time(monkeypatch, client, editor):
    draft = ArticleFactory(slug="walruses", status=Article.Status.DRAFT, published_at=None)
    go_live = timezone.now() + timedelta(hours=2)

    draft.move_to(Article.Status.PUBLISHED, by=editor, at=go_live)

    article = Article.objects.get(pk=draft.pk)
    assert article.state_label == "Scheduled"
    assert not article.is_public
    assert article not in Article.objects.published()
    assert client.get("/articles/walruses/").status_code == 404

    monkeypatch.setattr(timezone, "now", lambda: go_live + timedelta(seconds=1))

    assert article.state_label == "Published"
    assert article.is_public
    assert article in Article.objects.published()
    assert client.get("/articles/walruses/").status_code == 200


def test_scheduled_article_shows_as_scheduled_in_the_article_list(editor_client, editor):
    draft = ArticleFactory(title="Walruses later", status=Article.Status.DRAFT, published_at=None)
    draft.move_to(Article.Status.PUBLISHED, by=editor, at=timezone.now() + timedelta(days=1))

    response = editor_client.get(ARTICLES)

    (row,) = [line for line in response.content.decode().splitlines() if "Walruses later" in line]
    assert "Scheduled" in row


@pytest.mark.parametrize("published_at", [timedelta(hours=-1), timedelta(hours=1)], ids=["past", "scheduled"])
def test_held_article_is_never_public(monkeypatch, client, published_at):
    held = ArticleFactory(slug="walruses", is_held=True, published_at=timezone.now() + published_at)
    later = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert held.state_label == "Held"
    assert not held.is_public
    assert held not in Article.objects.published()
    assert client.get("/articles/walruses/").status_code == 404


# 2. Revisions.


def _held_in(version):
    """What one revision holds: episode ids, tag names and flags, as stored."""
    stored = {}
    for item in version.revision.version_set.all():
        stored.setdefault(item.content_type.model_class(), []).append(item.field_dict)
    tag_ids = [link["tag_id"] for link in stored.get(TaggedItem, [])]
    return {
        "episodes": version.field_dict["episodes"],
        "tags": sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True)),
        "flags": sorted(
            (WarningCategory.objects.get(pk=flag["category_id"]).slug, flag["note"])
            for flag in stored.get(ContentWarning, [])
        ),
        "body": version.field_dict["body"],
    }


def test_each_admin_save_records_a_revision_holding_tags_episodes_and_warnings(editor_client, frozen_worlds):
    article = create_through_admin(
        editor_client,
        tags="walrus, arctic",
        episodes=[frozen_worlds.pk],
        flags=[{"category": category("animal-death").pk, "note": "A walrus falls."}],
    )
    assert len(versions_of(article)) == 1

    response = save_through_admin(
        editor_client,
        article,
        body="The walruses climb the cliff.",
        tags="walrus, cliffs",
        add_flags=[{"category": category("predation").pk, "note": "Polar bears hunt."}],
    )
    assert response.status_code == 302, form_errors(response)

    newest, first = versions_of(article)
    assert _held_in(first) == {
        "episodes": [frozen_worlds.pk],
        "tags": ["arctic", "walrus"],
        "flags": [("animal-death", "A walrus falls.")],
        "body": "The walruses haul out on the beach.",
    }
    assert _held_in(newest)["episodes"] == [frozen_worlds.pk]
    assert _held_in(newest)["flags"] == [
        ("animal-death", "A walrus falls."),
        ("predation", "Polar bears hunt."),
    ]
    assert _held_in(newest)["body"] == "The walruses climb the cliff."
    assert "cliffs" in _held_in(newest)["tags"]


def test_every_revision_holds_all_the_articles_tags(editor_client):
    article = create_through_admin(editor_client, tags="walrus, arctic")

    save_through_admin(editor_client, article, body="The walruses climb the cliff.", tags="walrus, cliffs")
    save_through_admin(editor_client, article, body="The walruses sleep.")

    newest, middle, _first = versions_of(article)
    assert _held_in(middle)["tags"] == ["cliffs", "walrus"]
    assert _held_in(newest)["tags"] == ["cliffs", "walrus"]


def test_history_page_lists_every_revision_with_who_saved_it(alice, bob):
    alice_client, bob_client = logged_in(alice), logged_in(bob)
    article = create_through_admin(alice_client)
    save_through_admin(bob_client, article, body="Bob's version.")

    response = alice_client.get(history_url(article))

    assert response.status_code == 200
    assert list(response.context["versions"]) == versions_of(article)
    table = response.content.decode().split('id="change-history"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)[1:]  # after "as it is now"
    assert len(rows) == 2
    assert "Bob Brandt" in rows[0]
    assert "Alice Aubert" in rows[1]
    assert "Restore this revision" in rows[0]


def _two_revisions(client):
    """An article saved twice through the admin, with a different body each time."""
    article = create_through_admin(client, body="The walruses haul out on the beach.")
    response = save_through_admin(client, article, body="The walruses climb the steep cliff.")
    assert response.status_code == 302, form_errors(response)
    newest, first = versions_of(article)
    return article, first, newest


def _changes(response):
    return {label: str(html) for label, html in response.context["changes"]}


def test_compare_shows_the_removed_and_added_words_of_the_body(editor_client):
    article, first, newest = _two_revisions(editor_client)

    response = editor_client.get(f"{ARTICLES}{article.pk}/history/compare/?from={first.pk}&to={newest.pk}")

    assert response.status_code == 200
    changes = _changes(response)
    assert set(changes) == {"Body"}
    assert removed(changes["Body"]) == "haul out on beach."
    assert inserted(changes["Body"]) == "climb steep cliff."
    page = response.content.decode()
    assert (
        "The walruses <del>haul out on</del> <ins>climb</ins> the <del>beach.</del> <ins>steep cliff.</ins>"
        in page
    )


def test_compare_a_revision_with_the_current_article(editor_client):
    article, first, newest = _two_revisions(editor_client)

    from_first = editor_client.get(f"{ARTICLES}{article.pk}/history/compare/?from={first.pk}&to=current")
    from_newest = editor_client.get(f"{ARTICLES}{article.pk}/history/compare/?from={newest.pk}")

    assert inserted(_changes(from_first)["Body"]) == "climb steep cliff."
    assert "to the current article" in from_first.content.decode()
    assert _changes(from_newest) == {}
    assert "These two are the same." in from_newest.content.decode()


def test_compare_shows_tag_and_warning_changes(editor_client):
    article = create_through_admin(editor_client, tags="walrus, arctic")
    response = save_through_admin(
        editor_client,
        article,
        tags="walrus, cliffs",
        add_flags=[{"category": category("animal-death").pk, "note": "A walrus falls."}],
    )
    assert response.status_code == 302, form_errors(response)
    newest, first = versions_of(article)

    response = editor_client.get(f"{ARTICLES}{article.pk}/history/compare/?from={first.pk}&to={newest.pk}")

    assert response.status_code == 200
    changes = _changes(response)
    assert "arctic" in removed(changes["Tags"])
    assert "cliffs" in inserted(changes["Tags"])
    assert "Animal death (default severity): A walrus falls." in inserted(changes["Warnings"])


def test_compare_shows_a_change_of_hero_image(editor_client):
    article, first, _newest = _two_revisions(editor_client)
    picture = ImageFactory(alt_text="A walrus on the sea ice")
    assert save_through_admin(editor_client, article, hero_image=picture.pk).status_code == 302
    assert Article.objects.get(pk=article.pk).hero_image == picture
    newest = versions_of(article)[0]

    response = editor_client.get(f"{ARTICLES}{article.pk}/history/compare/?from={first.pk}&to={newest.pk}")

    assert "A walrus on the sea ice" in inserted(_changes(response).get("Hero image", ""))


def test_compare_with_an_unknown_revision_is_404(editor_client):
    article, _first, _newest = _two_revisions(editor_client)
    another = create_through_admin(editor_client, slug="another-one")
    revision_of_another = versions_of(another)[0]
    compare = f"{ARTICLES}{article.pk}/history/compare/"

    assert editor_client.get(f"{compare}?from=999999").status_code == 404
    assert editor_client.get(f"{compare}?from={revision_of_another.pk}").status_code == 404
    assert editor_client.get(f"{compare}?from=nonsense").status_code == 404


def test_restore_brings_back_body_and_warnings_in_one_post_as_a_new_revision(editor_client, editor):
    article = create_through_admin(
        editor_client,
        body="The walruses haul out on the beach.",
        tags="walrus, arctic",
        flags=[{"category": category("animal-death").pk, "note": "A walrus falls."}],
    )
    (first,) = versions_of(article)
    fall = article.warnings.get()
    response = save_through_admin(
        editor_client,
        article,
        body="The walruses climb the steep cliff.",
        tags="walrus, cliffs",
        remove_flags=[fall],
        add_flags=[{"category": category("predation").pk, "note": "Polar bears hunt."}],
    )
    assert response.status_code == 302, form_errors(response)
    count_before = len(versions_of(article))

    response = restore_through_history(editor_client, article, first, follow=True)

    assert response.redirect_chain == [(change_url(article), 302)]
    assert "The revision is restored, and the restore is recorded as a new revision." in messages_of(response)
    article = Article.objects.get(pk=article.pk)
    assert article.body == "The walruses haul out on the beach."
    assert "haul out on the beach" in article.body_html
    assert "arctic" in article.tags.names()
    assert [(flag.category.slug, flag.note) for flag in article.warnings.all()] == [
        ("animal-death", "A walrus falls.")
    ]
    versions = versions_of(article)
    assert len(versions) == count_before + 1
    assert "Restored" in versions[0].revision.get_comment()
    assert versions[0].revision.user == editor
    assert body_textarea(response).strip() == "The walruses haul out on the beach."


def test_writer_cannot_restore_a_published_revision_of_an_article_now_in_draft(editor, writer):
    article = create_through_admin(logged_in(editor), status=Article.Status.PUBLISHED, body="Live text.")
    (published,) = versions_of(article)
    save_through_admin(logged_in(editor), article, status=Article.Status.DRAFT, body="Draft text.")
    count_before = len(versions_of(article))

    response = restore_through_history(logged_in(writer), article, published, follow=True)

    assert f"This revision cannot be restored: {NO_PUBLISH_PERMISSION}" in messages_of(response)
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == Article.Status.DRAFT
    assert stored.body == "Draft text."
    assert len(versions_of(article)) == count_before


def test_restore_is_a_post_only_action(editor_client):
    article, first, _newest = _two_revisions(editor_client)

    response = editor_client.get(restore_url(article, first))

    assert response.status_code == 405
    assert Article.objects.get(pk=article.pk).body == "The walruses climb the steep cliff."


def test_moderator_sees_the_history_but_cannot_restore(editor_client, moderator):
    article, first, _newest = _two_revisions(editor_client)
    client = logged_in(moderator)

    history = client.get(history_url(article))
    restore = client.post(restore_url(article, first))

    assert history.status_code == 200
    assert history.context["can_restore"] is False
    assert "Restore this revision" not in history.content.decode()
    assert client.get(f"{ARTICLES}{article.pk}/history/compare/?from={first.pk}").status_code == 200
    assert restore.status_code == 403
    assert Article.objects.get(pk=article.pk).body == "The walruses climb the steep cliff."
    assert len(versions_of(article)) == 2


def test_revision_recorded_by_a_status_change_can_be_compared_and_restored(editor_client, editor):
    article = create_through_admin(editor_client, body="Text sent for review.")
    article.move_to(Article.Status.IN_REVIEW, by=editor)
    moved = versions_of(article)[0]
    changed = save_through_admin(editor_client, article, body="Changed after review.", status=Article.Status.DRAFT)
    assert changed.status_code == 302, form_errors(changed)

    compare = editor_client.get(f"{ARTICLES}{article.pk}/history/compare/?from={moved.pk}&to=current")
    restore = restore_through_history(editor_client, article, moved, follow=True)

    assert compare.status_code == 200
    assert inserted(_changes(compare)["Body"]) == "Changed after"
    assert restore.redirect_chain == [(change_url(article), 302)]
    restored = Article.objects.get(pk=article.pk)
    assert (restored.status, restored.body) == (Article.Status.IN_REVIEW, "Text sent for review.")
    assert "Text sent for review." in restored.body_html
    assert body_textarea(restore).strip() == "Text sent for review."
    newest = versions_of(article)[0]
    assert newest.revision.get_comment().startswith("Restored the revision of")
    assert newest.revision.user == editor


def test_the_revision_a_restore_records_can_itself_be_compared(editor_client):
    article, first, _newest = _two_revisions(editor_client)
    restore_through_history(editor_client, article, first)
    restored = versions_of(article)[0]

    response = editor_client.get(f"{ARTICLES}{article.pk}/history/compare/?from={restored.pk}&to=current")

    assert response.status_code == 200


def test_restore_keeps_pages_opened_before_it_stale(alice, bob):
    alice_client, bob_client = logged_in(alice), logged_in(bob)
    article = create_through_admin(alice_client, body="First text.")
    (first,) = versions_of(article)
    save_through_admin(alice_client, article, body="Second text.")
    bob_form = change_page_form(bob_client, article)
    save_through_admin(alice_client, article, body="Third text.")
    restore_through_history(alice_client, article, first)
    assert Article.objects.get(pk=article.pk).body == "First text."

    bob_form["body"] = "Bob's text."
    response = bob_form.submit("_save")

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).body == "First text."


def test_restore_does_not_bring_back_withdrawn_preview_links(editor_client):
    article, first, _newest = _two_revisions(editor_client)
    old_link = editor_client.get(change_url(article)).context["share_url"]
    open_form(editor_client, change_url(article), "revoke-links-form").submit()

    restore_through_history(editor_client, article, first)

    assert Client().get(old_link).status_code == 410


def test_restore_does_not_lift_a_moderators_hold(editor_client):
    article = create_through_admin(editor_client, slug="walruses", status=Article.Status.PUBLISHED)
    (first,) = versions_of(article)
    Article.objects.filter(pk=article.pk).update(is_held=True)

    restore_through_history(editor_client, article, first)

    assert Article.objects.get(pk=article.pk).is_held
    assert Client().get("/articles/walruses/").status_code == 404


def test_restore_by_an_editor_keeps_a_moderators_flag_added_since(editor_client, moderator):
    article, first, _newest = _two_revisions(editor_client)
    held_back = ContentWarningFactory(
        content_object=article, category=category("predation"), source=Source.MODERATOR, added_by=moderator
    )

    restore_through_history(editor_client, article, first)

    assert ContentWarning.objects.filter(pk=held_back.pk).exists()


# 3. Two editors on one article.


def test_second_editors_stale_save_is_refused_showing_what_the_first_changed(alice, bob):
    alice_client, bob_client = logged_in(alice), logged_in(bob)
    article = create_through_admin(alice_client, body="The walruses haul out on the beach.")
    alice_form = change_page_form(alice_client, article)
    bob_form = change_page_form(bob_client, article)

    alice_form["body"] = "The walruses climb at dawn."
    alice_save = alice_form.submit("_save")
    bob_form["body"] = "Bob's walruses sleep on sand."
    bob_save = bob_form.submit("_save")

    assert alice_save.status_code == 302
    assert bob_save.status_code == 200
    page = bob_save.content.decode()
    assert STALE_SAVE in page
    conflict = bob_save.context["conflict"]
    assert conflict["who"] == "Alice Aubert"
    assert "Alice Aubert saved this article at" in page
    body_change = dict(conflict["changes"])["Body"]
    assert "climb at dawn." in inserted(body_change)
    assert "haul out on the beach." in removed(body_change)
    assert "<ins>climb at dawn.</ins>" in page
    assert body_textarea(bob_save).strip() == "Bob&#x27;s walruses sleep on sand."
    assert Article.objects.get(pk=article.pk).body == "The walruses climb at dawn."

    again = page_of(bob_client, bob_save).form("article_form").submit("_save")  # after reading their change

    assert again.status_code == 302, form_errors(again)
    assert Article.objects.get(pk=article.pk).body == "Bob's walruses sleep on sand."


def test_stale_save_of_an_article_made_outside_the_admin_compares_the_two_texts(alice, bob):
    article = ArticleFactory(body="The walruses haul out on the beach.")
    alice_client, bob_client = logged_in(alice), logged_in(bob)
    bob_form = change_page_form(bob_client, article)
    assert save_through_admin(alice_client, article, body="The walruses climb at dawn.").status_code == 302

    bob_form["body"] = "The walruses sleep on sand."
    response = bob_form.submit("_save")

    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert conflict["who"] == "Alice Aubert"
    assert conflict["compared"] == "yours"
    body_change = dict(conflict["changes"])["Body"]
    assert "climb at dawn." in inserted(body_change)
    assert "sleep on sand." in removed(body_change)
    assert Article.objects.get(pk=article.pk).body == "The walruses climb at dawn."


def test_stale_model_save_raises_and_changes_nothing():
    article = ArticleFactory(body="The walruses haul out.")
    mine, theirs = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    theirs.body = "Their text."
    theirs.save(expected_version=theirs.edit_version)

    mine.body = "My text."
    with pytest.raises(StaleEditError):
        mine.save(expected_version=mine.edit_version)

    stored = Article.objects.get(pk=article.pk)
    assert stored.body == "Their text."
    assert stored.edit_version == theirs.edit_version == article.edit_version + 1


def test_change_page_names_another_editor_who_opened_it_in_the_last_few_minutes(monkeypatch, alice, bob):
    article = ArticleFactory()
    alice_client, bob_client = logged_in(alice), logged_in(bob)

    alice_client.get(change_url(article))
    bob_page = bob_client.get(change_url(article))
    alice_page = alice_client.get(change_url(article))

    assert "Also on this article" in bob_page.content.decode()
    assert [presence.name for presence in bob_page.context["others_present"]] == ["Alice Aubert"]
    assert "<strong>Alice Aubert</strong>" in bob_page.content.decode()
    assert "<strong>Bob Brandt</strong>" in alice_page.content.decode()

    later = timezone.now() + timedelta(minutes=5, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    bob_later = bob_client.get(change_url(article))

    assert bob_later.context["others_present"] == []
    assert "Also on this article" not in bob_later.content.decode()


def test_editor_alone_on_the_page_is_not_told_about_anyone(editor_client):
    article = ArticleFactory()

    editor_client.get(change_url(article))
    response = editor_client.get(change_url(article))

    assert "Also on this article" not in response.content.decode()


# 4. Autosave.


def test_autosave_keeps_the_text_for_that_editor_without_touching_the_article(editor_client, editor):
    article = ArticleFactory(body="The walruses haul out.")
    stored_before = Article.objects.get(pk=article.pk)

    response = editor_client.post(
        autosave_url(article),
        {"title": article.title, "body": "Unsaved walrus text.", "edit_version_seen": article.edit_version},
    )

    assert response.status_code == 200
    assert "saved_at" in response.json()
    saved = ArticleAutosave.objects.get(article=article, user=editor)
    assert saved.data["body"] == "Unsaved walrus text."
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == "The walruses haul out."
    assert stored.status == Article.Status.PUBLISHED
    assert stored.is_public
    assert (stored.edit_version, stored.updated_at) == (stored_before.edit_version, stored_before.updated_at)
    assert versions_of(article) == []


def test_moderator_cannot_autosave(moderator_client):
    article = ArticleFactory()

    response = moderator_client.post(autosave_url(article), {"body": "A moderator's text."})

    assert response.status_code == 403
    assert not ArticleAutosave.objects.exists()


def test_autosave_answers_only_post(editor_client):
    article = ArticleFactory()

    assert editor_client.get(autosave_url(article)).status_code == 405
    assert editor_client.get(f"{ARTICLES}autosave/").status_code == 405


def test_after_a_crash_the_change_page_offers_the_unsaved_text_and_puts_it_back(editor_client):
    article = ArticleFactory(body="The walruses haul out.")
    page = editor_client.get(change_url(article))
    editor_client.post(
        autosave_url(article),
        {"title": article.title, "body": "Unsaved walrus text.", "edit_version_seen": seen_version(page)},
    )

    reopened = editor_client.get(change_url(article))
    restored = editor_client.get(f"{change_url(article)}?restore=autosave")

    assert "Unsaved text from" in reopened.content.decode()
    assert body_textarea(reopened).strip() == "The walruses haul out."
    assert body_textarea(restored).strip() == "Unsaved walrus text."
    assert seen_version(restored) == seen_version(page)
    assert Article.objects.get(pk=article.pk).body == "The walruses haul out."


def test_a_successful_save_removes_the_autosave(editor_client, editor):
    article = ArticleFactory(body="The walruses haul out.")
    editor_client.post(autosave_url(article), {"title": article.title, "body": "Unsaved walrus text."})

    response = save_through_admin(editor_client, article, body="Saved walrus text.")

    assert response.status_code == 302, form_errors(response)
    assert not ArticleAutosave.objects.filter(user=editor).exists()
    assert "Unsaved text from" not in editor_client.get(change_url(article)).content.decode()


def test_discarding_removes_the_autosave(editor_client, editor):
    article = ArticleFactory(body="The walruses haul out.")
    editor_client.post(autosave_url(article), {"title": article.title, "body": "Unsaved walrus text."})

    response = editor_client.post(autosave_url(article), {"discard": "1"})

    assert response.json() == {"discarded": True}
    assert not ArticleAutosave.objects.filter(user=editor).exists()
    assert "Unsaved text from" not in editor_client.get(change_url(article)).content.decode()


def test_one_editors_autosave_is_not_offered_to_another(editor_client, bob):
    article = ArticleFactory(body="The walruses haul out.")
    editor_client.post(autosave_url(article), {"title": article.title, "body": "Unsaved walrus text."})

    response = logged_in(bob).get(f"{change_url(article)}?restore=autosave")

    assert "Unsaved text from" not in response.content.decode()
    assert body_textarea(response).strip() == "The walruses haul out."


def test_new_article_autosave_is_offered_and_restored_on_the_add_page(editor_client, editor):
    response = editor_client.post(
        f"{ARTICLES}autosave/",
        {"title": "Walruses, unsaved", "slug": "walruses-unsaved", "body": "Half a draft."},
    )

    assert response.status_code == 200
    assert ArticleAutosave.objects.get(user=editor, article=None).data["body"] == "Half a draft."
    assert not Article.objects.exists()
    offered = editor_client.get(ADD)
    restored = editor_client.get(f"{ADD}?restore=autosave")
    assert "Unsaved text from" in offered.content.decode()
    assert body_textarea(restored).strip() == "Half a draft."
    assert restored.context["adminform"].form["title"].value() == "Walruses, unsaved"

    create_through_admin(editor_client, slug="walruses-unsaved", body="Half a draft.")
    assert not ArticleAutosave.objects.filter(user=editor).exists()


def test_moderator_cannot_autosave_a_new_article(moderator_client):
    response = moderator_client.post(f"{ARTICLES}autosave/", {"body": "A moderator's text."})

    assert response.status_code == 403
    assert not ArticleAutosave.objects.exists()


# 5. Previews and share links.


def test_restore_brings_back_exactly_the_revisions_tags(editor_client):
    article = create_through_admin(editor_client, tags="walrus, arctic")
    (first,) = versions_of(article)
    save_through_admin(editor_client, article, tags="walrus, cliffs")

    restore_through_history(editor_client, article, first)

    assert sorted(Article.objects.get(pk=article.pk).tags.names()) == ["arctic", "walrus"]


def test_stale_save_of_a_tagged_article_shows_the_conflict(alice, bob):
    alice_client, bob_client = logged_in(alice), logged_in(bob)
    article = create_through_admin(alice_client, tags="walrus")
    bob_form = change_page_form(bob_client, article)
    assert save_through_admin(alice_client, article, body="The walruses climb at dawn.").status_code == 302

    bob_form["body"] = "Bob's walruses."
    response = bob_form.submit("_save")

    assert response.status_code == 200
    assert response.context["conflict"]["who"] == "Alice Aubert"


def _severe_draft():
    draft = ArticleFactory(
        slug="walruses",
        status=Article.Status.DRAFT,
        published_at=None,
        body="The walruses haul out on the beach.",
    )
    ContentWarningFactory(content_object=draft, severity="severe", note="A walrus falls from the cliff.")
    return draft


def test_editor_preview_of_a_draft_shows_the_warnings_as_readers_would(editor_client):
    draft = _severe_draft()

    response = editor_client.get(f"{ARTICLES}{draft.pk}/preview/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "It is not public yet" in page
    assert "Before you read" in page
    assert "Viewer discretion advised." in page
    assert "A walrus falls from the cliff." in page
    assert "This article contains severe graphic content." in page
    assert page.index("This article contains severe graphic content.") < page.index("The walruses haul out")


def _share_url(client, article):
    return client.get(change_url(article)).context["share_url"]


def test_share_link_opens_the_draft_for_a_reader_without_an_account(editor_client):
    draft = _severe_draft()
    share_url = _share_url(editor_client, draft)

    reader = Client()
    response = reader.get(share_url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "The walruses haul out on the beach." in page
    assert "This article contains severe graphic content." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "noindex" in response["X-Robots-Tag"]
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert reader.get("/articles/walruses/").status_code == 404


def test_tampered_share_link_is_404(editor_client):
    share_url = _share_url(editor_client, _severe_draft())
    token = share_url.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = Client().get(f"/preview/{tampered}/")

    assert response.status_code == 404
    assert "This preview link is not valid." in response.content.decode()
    assert "The walruses haul out" not in response.content.decode()


def test_share_link_for_another_article_cannot_be_forged(editor_client):
    share_url = _share_url(editor_client, _severe_draft())
    token = share_url.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps({"a": 999999, "k": "guess"}, salt="articles.share-link")

    assert Client().get(f"/preview/{token}x/").status_code == 404
    assert Client().get(f"/preview/{forged}/").status_code == 404


def test_expired_share_link_is_410(editor_client, settings, monkeypatch):
    share_url = _share_url(editor_client, _severe_draft())
    real_time = signing.time.time
    eight_days_later = real_time() + settings.SHARE_LINK_MAX_AGE + 86400
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: eight_days_later))

    response = Client().get(share_url)

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert "The walruses haul out" not in response.content.decode()


def test_withdrawn_share_links_are_410_and_the_new_one_works(editor_client):
    draft = _severe_draft()
    old_link = _share_url(editor_client, draft)

    response = open_form(editor_client, change_url(draft), "revoke-links-form").submit(follow=True)
    new_link = response.context["share_url"]

    assert response.redirect_chain == [(change_url(draft), 302)]
    assert new_link != old_link
    withdrawn = Client().get(old_link)
    assert withdrawn.status_code == 410
    assert "withdrawn" in withdrawn.content.decode()
    assert Client().get(new_link).status_code == 200


def test_moderator_cannot_withdraw_preview_links(moderator, editor_client):
    draft = _severe_draft()
    link = _share_url(editor_client, draft)

    assert logged_in(moderator).post(f"{ARTICLES}{draft.pk}/revoke-links/").status_code == 403
    assert editor_client.get(f"{ARTICLES}{draft.pk}/revoke-links/").status_code == 405
    assert Client().get(link).status_code == 200


# 6. Nothing unpublished reaches a public page.

HIDDEN_WORDS = {
    "draft": "quillwort",
    "in review": "zephyrine",
    "scheduled": "marzipanic",
    "unpublished": "obsidianite",
    "held": "tangerinequartz",
}


@pytest.fixture
def newsroom(db, frozen_worlds):
    """One public article, and one article in each state readers must not see, sharing its tag and episode."""
    now = timezone.now()
    states = {
        "draft": {"status": Article.Status.DRAFT, "published_at": None},
        "in review": {"status": Article.Status.IN_REVIEW, "published_at": None},
        "scheduled": {"status": Article.Status.PUBLISHED, "published_at": now + timedelta(days=1)},
        "unpublished": {"status": Article.Status.UNPUBLISHED, "published_at": now - timedelta(days=1)},
        "held": {
            "status": Article.Status.PUBLISHED,
            "published_at": now - timedelta(hours=2),
            "is_held": True,
        },
    }
    hidden = {
        state: ArticleFactory(
            title=f"Walruses {HIDDEN_WORDS[state]} title",
            slug=f"walruses-{HIDDEN_WORDS[state]}",
            standfirst=f"The {HIDDEN_WORDS[state]} standfirst.",
            body=f"The walruses haul out, {HIDDEN_WORDS[state]} in the body.",
            tags=["walrus"],
            episodes=[frozen_worlds],
            **fields,
        )
        for state, fields in states.items()
    }
    public = ArticleFactory(
        title="Walruses in the open",
        slug="walruses-in-the-open",
        standfirst="The public standfirst.",
        body="The walruses haul out, for everyone to read.",
        tags=["walrus"],
        episodes=[frozen_worlds],
        published_at=now - timedelta(days=2),
    )
    return SimpleNamespace(public=public, hidden=hidden)


PUBLIC_URLS = [*LIST_SURFACES, "/search/?q=walruses"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_show_the_public_article_and_nothing_unpublished(client, newsroom, url):
    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "walruses-in-the-open" in page
    for state, word in HIDDEN_WORDS.items():
        assert word not in page.lower(), f"the {state} article shows on {url}"


@pytest.mark.parametrize("state", HIDDEN_WORDS)
def test_searching_for_an_unpublished_articles_words_finds_nothing(client, newsroom, state):
    response = client.get(f"/search/?q={HIDDEN_WORDS[state]}")

    assert response.status_code == 200
    assert list(response.context["page"]) == []
    page = response.content.decode()
    word = HIDDEN_WORDS[state]
    for text in [f"walruses-{word}", f"{word} title", f"{word} standfirst", f"{word} in the body"]:
        assert text not in page


@pytest.mark.parametrize("state", HIDDEN_WORDS)
def test_unpublished_article_has_no_page_of_its_own(client, newsroom, state):
    assert client.get(f"/articles/walruses-{HIDDEN_WORDS[state]}/").status_code == 404
    assert client.get("/articles/walruses-in-the-open/").status_code == 200


LISTS = ["/", "/tags/walrus/", "/series/our-planet/", "/series/our-planet/frozen-worlds/"]


@pytest.mark.parametrize("url", LISTS)
def test_pages_leave_out_unpublished_articles(client, newsroom, settings, url):
    settings.ARTICLES_PER_PAGE = 1

    response = client.get(url)

    assert len(response.context["page"].object_list) == 1
    assert 'rel="next"' not in response.content.decode()  # nothing older that readers may see
    assert 'rel="prev"' not in response.content.decode()  # one page: no pagination at all


@pytest.mark.parametrize("url", LISTS)
def test_following_pages_reach_public_articles_only(client, newsroom, settings, frozen_worlds, url):
    settings.ARTICLES_PER_PAGE = 1
    ArticleFactory(slug="walruses-again", tags=["walrus"], episodes=[frozen_worlds])

    response = client.get(url)

    older = response.context["page"].older_url
    assert older
    last = client.get(older)
    assert last.status_code == 200 and len(last.context["page"].object_list) == 1
    assert last.context["page"].older_url is None
    assert not any(word in last.content.decode().lower() for word in HIDDEN_WORDS.values())


# 7. Old addresses after a slug change.


def test_renamed_published_article_answers_its_old_address_with_a_permanent_redirect(editor_client):
    article = ArticleFactory(slug="walruses", title="Walruses on the cliff")

    response = save_through_admin(editor_client, article, slug="walruses-on-the-cliff")

    assert response.status_code == 302, form_errors(response)
    reader = Client()
    old = reader.get("/articles/walruses/")
    assert old.status_code == 301
    assert old["Location"] == "/articles/walruses-on-the-cliff/"
    assert "Walruses on the cliff" in reader.get(old["Location"]).content.decode()


def test_every_former_address_redirects_straight_to_the_current_one(client):
    article = ArticleFactory(slug="walruses")
    for slug in ["walruses-on-the-cliff", "walruses-of-the-arctic"]:
        article.slug = slug
        article.save()

    for old in ["/articles/walruses/", "/articles/walruses-on-the-cliff/"]:
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == "/articles/walruses-of-the-arctic/"


def test_old_address_of_an_unpublished_article_is_404(client, editor):
    article = ArticleFactory(slug="walruses")
    article.slug = "walruses-on-the-cliff"
    article.save()

    article.move_to(Article.Status.UNPUBLISHED, by=editor)

    assert client.get("/articles/walruses/").status_code == 404
    assert client.get("/articles/walruses-on-the-cliff/").status_code == 404


def test_reused_old_slug_becomes_the_new_articles_address(client):
    first = ArticleFactory(slug="walruses", title="The first walruses")
    first.slug = "walruses-on-the-cliff"
    first.save()

    ArticleFactory(slug="walruses", title="The second walruses")

    response = client.get("/articles/walruses/")
    assert response.status_code == 200
    assert "The second walruses" in response.content.decode()
    assert not SlugRedirect.objects.filter(old_slug="walruses").exists()
    assert "The first walruses" in client.get("/articles/walruses-on-the-cliff/").content.decode()


def test_renaming_back_to_a_former_slug_does_not_redirect_in_a_loop(client):
    article = ArticleFactory(slug="walruses", title="Walruses on the cliff")
    article.slug = "walruses-on-the-cliff"
    article.save()

    article.slug = "walruses"
    article.save()

    assert client.get("/articles/walruses/").status_code == 200
    old = client.get("/articles/walruses-on-the-cliff/")
    assert old.status_code == 301
    assert old["Location"] == "/articles/walruses/"


def test_restoring_a_revision_with_an_older_slug_keeps_the_newer_address_working(editor_client):
    article = create_through_admin(editor_client, slug="walruses", status=Article.Status.PUBLISHED)
    (first,) = versions_of(article)
    save_through_admin(editor_client, article, slug="walruses-on-the-cliff")

    restore_through_history(editor_client, article, first)

    reader = Client()
    assert reader.get("/articles/walruses/").status_code == 200
    newer = reader.get("/articles/walruses-on-the-cliff/")
    assert newer.status_code == 301
    assert newer["Location"] == "/articles/walruses/"


def test_reversions_own_revert_form_leads_to_the_diff_instead(editor_client, editor):
    article = ArticleFactory(title="Walruses on the cliff", slug="walruses-on-the-cliff")
    with reversion.create_revision():
        article.save()
        reversion.set_user(editor)
    version = Version.objects.get_for_object(article).first()

    response = editor_client.get(f"/admin/articles/article/{article.pk}/history/{version.pk}/")

    assert response.status_code == 302
    assert response["Location"] == (
        f"/admin/articles/article/{article.pk}/history/compare/?from={version.pk}&to=current"
    )


# Holds: a moderator's decision, enforced on the model.


def test_moderator_holds_an_article_and_readers_lose_it_until_the_hold_is_lifted(client, moderator, editor):
    article = ArticleFactory(slug="held-piece")
    assert client.get("/articles/held-piece/").status_code == 200

    article.set_hold(True, by=moderator, reason="An unmarked scene of a walrus falling.")
    assert client.get("/articles/held-piece/").status_code == 404
    assert Version.objects.get_for_object(article).first().revision.get_comment() == "Held by a moderator."

    with pytest.raises(PermissionDenied):
        article.set_hold(False, by=editor, reason="I disagree.")
    article.refresh_from_db()
    assert article.is_held

    article.set_hold(False, by=moderator, reason="The scene is flagged now.")
    assert client.get("/articles/held-piece/").status_code == 200


def test_moderator_holds_from_the_changelist_but_an_editor_has_no_such_action(moderator_client, editor):
    article = ArticleFactory(slug="held-piece")
    asking = run_list_action(moderator_client, ARTICLES, "hold", article)
    assert asking.status_code == 200  # first the reason is asked for
    article.refresh_from_db()
    assert not article.is_held
    form = page_of(moderator_client, asking).form(containing="reason")
    form["reason"] = "Unmarked graphic scene."
    response = form.submit(follow=True)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.is_held
    assert article.hold_reason == "Unmarked graphic scene."

    actions = logged_in(editor).get("/admin/articles/article/").context["action_form"].fields["action"].choices
    assert "release_hold" not in [name for name, _label in actions]
