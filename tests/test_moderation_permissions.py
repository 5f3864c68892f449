"""Who may do what in moderation: anonymous, editor, moderator and superuser, against every
public and admin action. Allowed actions go through the rendered page (GET, parse the form,
change what a person would, POST); denied ones are also tried as hand-made (forged) POSTs."""

import pytest
from django.contrib.contenttypes.models import ContentType

from articles.models import Article
from content_warnings.audit import Action, AuditEntry, Role
from content_warnings.models import ContentWarning, Report, Source

from .factories import (
    ArticleFactory,
    ContentWarningFactory,
    EpisodeFactory,
    ImageFactory,
    SeriesFactory,
    UserFactory,
    category,
)
from .helpers import run_list_action
from .rendered_forms import open_form, page_of

ROLES = ["anonymous", "editor", "moderator", "superuser"]
DECIDERS = {"moderator", "superuser"}
QUEUE = "/admin/warnings/report/"
LOG = "/admin/warnings/auditentry/"
ROLE_IN_LOG = {"editor": Role.EDITOR, "moderator": Role.MODERATOR, "superuser": Role.ADMINISTRATOR}


@pytest.fixture
def people(editor, moderator):
    return {"editor": editor, "moderator": moderator, "superuser": UserFactory(username="admin", is_superuser=True)}


@pytest.fixture(params=ROLES)
def role(request):
    return request.param


@pytest.fixture
def acting(client, people, role):
    """The test client, logged in as the role under test (or not at all)."""
    if role != "anonymous":
        client.force_login(people[role])
    return client


@pytest.fixture
def published(db):
    episode = EpisodeFactory(title="Frozen Worlds", slug="frozen-worlds")
    return ArticleFactory(slug="walruses", title="Walruses on the clifftop", episodes=[episode])


def report_on(obj, slug="spoilers", **fields):
    episode = fields.pop("episode", None)
    if slug == "spoilers" and episode is None:
        episode = obj.episodes.get()
    return Report.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, category=category(slug),
        episode=episode, message="Please look.", **fields,
    )


def is_login_redirect(response):
    return response.status_code == 302 and "/admin/login/" in response["Location"]


# Public: reporting.


def test_everyone_may_report_through_the_public_form(acting, published):
    form = open_form(acting, f"/report/article/{published.pk}/", containing="message")

    form.update(category=category("animal-death").pk, message="A fall is shown.")
    response = form.submit()

    assert response.status_code == 302
    assert Report.objects.get().message == "A fall is shown."


# The queue: seeing it, deciding one report, deciding in bulk.


def test_who_sees_the_queue(acting, role, published):
    report_on(published)

    response = acting.get(QUEUE)

    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == 1


OUTCOMES = {
    "accept": (Report.Status.ACCEPTED, Action.REPORT_ACCEPTED),
    "dismiss": (Report.Status.DISMISSED, Action.REPORT_DISMISSED),
    "duplicate": (Report.Status.DUPLICATE, Action.REPORT_DUPLICATE),
}


@pytest.mark.parametrize("decision", OUTCOMES)
def test_who_decides_on_a_report(acting, role, published, decision):
    original = report_on(published)
    report = report_on(published)
    url = f"{QUEUE}{report.pk}/change/"
    page = acting.get(url)

    if role in DECIDERS:
        changes = {"dismiss": {"dismiss-reason": "Already flagged."},
                   "duplicate": {"duplicate-original": str(original.pk)}}.get(decision, {})
        form = page_of(acting, page).form(containing=f"{decision}-reason")
        form.update(changes)
        response = form.submit("decision")
        assert response.status_code == 302
        status, action = OUTCOMES[decision]
        report.refresh_from_db()
        assert report.status == status
        assert AuditEntry.objects.get(report=report, action=action).role == ROLE_IN_LOG[role]
        return

    forged = {
        "decision": decision, "accept-category": category("spoilers").pk, "accept-spoils_series": published.episodes.get().series_id,
        "dismiss-reason": "Forged.", "duplicate-original": original.pk,
    }
    response = acting.post(url, forged)
    if role == "anonymous":
        assert is_login_redirect(page) and is_login_redirect(response)
    else:
        assert page.status_code == 200 and "Accept and flag" not in page.content.decode()
        assert response.status_code == 403
    report.refresh_from_db()
    assert report.is_open and not published.warnings.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize("action", ["accept_selected", "dismiss_selected", "merge_selected"])
def test_who_decides_in_bulk(acting, role, published, action):
    first, second = report_on(published), report_on(published)
    selected = [str(first.pk), str(second.pk)]

    if role in DECIDERS:
        response = run_list_action(acting, QUEUE, action, first, second)
        if action != "merge_selected":
            confirm = page_of(acting, response).form(containing="confirm")
            confirm["bulk-reason"] = "Checked both."
            response = confirm.submit()
        assert response.status_code == 302
        assert Report.objects.open().count() == (1 if action == "merge_selected" else 0)
        return

    if role == "editor":
        assert f'value="{action}"' not in acting.get(QUEUE).content.decode()
    response = acting.post(QUEUE, {"action": action, "_selected_action": selected, "index": "0", "confirm": "yes",
                                   "bulk-reason": "Forged."})
    assert is_login_redirect(response) if role == "anonymous" else response.status_code in (200, 302)
    assert Report.objects.open().count() == 2 and not AuditEntry.objects.exists()


# Flags on each kind of content, from the content's own admin page.


def flaggable(kind, published):
    if kind == "article":
        return published, f"/admin/articles/article/{published.pk}/change/"
    if kind == "picture":
        picture = ImageFactory()
        return picture, f"/admin/articles/image/{picture.pk}/change/"
    if kind == "series":
        series = SeriesFactory()
        return series, f"/admin/articles/series/{series.pk}/change/"
    episode = published.episodes.get()
    return episode, f"/admin/articles/episode/{episode.pk}/change/"


def flags_prefix(page):
    (formset,) = [inline.formset for inline in page.context["inline_admin_formsets"] if inline.formset.model is ContentWarning]
    return formset.prefix


KINDS = ["article", "picture", "series", "episode"]


@pytest.mark.parametrize("kind", KINDS)
def test_who_adds_a_flag_on_the_objects_page(acting, role, published, kind):
    obj, url = flaggable(kind, published)
    page = acting.get(url)

    if role == "anonymous":
        assert is_login_redirect(page)
        forged = acting.post(url, {"warnings-contentwarning-content_type-object_id-TOTAL_FORMS": "1"})
        assert is_login_redirect(forged) and not ContentWarning.objects.exists()
        return

    form = page_of(acting, page).form(containing="_save")
    form.add_inline_row(flags_prefix(page), category=category("predation").pk, note="A hunt.", reason="Seen in review.")
    response = form.submit("_save")

    assert response.status_code == 302, response.content.decode()[:3000]
    flag = ContentWarning.objects.get()
    assert flag.content_object == obj and flag.note == "A hunt."
    assert flag.source == (Source.EDITOR if role == "editor" else Source.MODERATOR)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.role, entry.reason) == (Action.FLAG_ADDED, ROLE_IN_LOG[role], "Seen in review.")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("operation", ["change", "delete"])
def test_who_changes_or_removes_a_moderators_flag(acting, role, people, published, kind, operation):
    obj, url = flaggable(kind, published)
    flag = ContentWarningFactory(content_object=obj, category=category("predation"), note="A hunt.",
                                 source=Source.MODERATOR, added_by=people["moderator"])
    page = acting.get(url)
    if role == "anonymous":
        assert is_login_redirect(page)
        return

    form = page_of(acting, page).form(containing="_save")
    row = f"{flags_prefix(page)}-0-"
    if role == "editor":
        # The row is locked for editors: the page offers neither its fields nor a delete box,
        # so the change can only be forged; its fields are ignored and a delete box is refused.
        assert not any(form.offers(f"{row}{name}") for name in ("DELETE", "note", "reason"))
        change = {f"{row}DELETE": "on"} if operation == "delete" else {f"{row}note": "A long hunt."}
        for name, value in {**change, f"{row}reason": "Checked."}.items():
            form.forge(name, value)
    else:
        if operation == "delete":
            form.check(f"{row}DELETE")
        else:
            form[f"{row}note"] = "A long hunt."
        form[f"{row}reason"] = "Checked."
    response = form.submit("_save")

    if role == "editor":
        if operation == "delete":
            assert response.status_code == 200
            assert "only a moderator can remove it" in response.content.decode()
        flag.refresh_from_db()
        assert flag.note == "A hunt." and not AuditEntry.objects.exists()
        return
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert entry.role == ROLE_IN_LOG[role]
    if operation == "delete":
        assert not ContentWarning.objects.exists() and entry.action == Action.FLAG_REMOVED
    else:
        assert ContentWarning.objects.get().note == "A long hunt." and entry.action == Action.FLAG_CHANGED


@pytest.mark.parametrize("operation", ["change", "delete"])
def test_editors_change_and_remove_their_own_flags(client, editor, published, operation):
    client.force_login(editor)
    ContentWarningFactory(content_object=published, category=category("predation"), note="A hunt.", added_by=editor)
    url = f"/admin/articles/article/{published.pk}/change/"
    page = client.get(url)
    form, row = page_of(client, page).form(containing="_save"), f"{flags_prefix(page)}-0-"
    if operation == "delete":
        form.check(f"{row}DELETE")
    else:
        form[f"{row}note"] = "A long hunt."

    assert form.submit("_save").status_code == 302

    assert AuditEntry.objects.get().role == Role.EDITOR


# Holds.


@pytest.mark.parametrize("held_before", [False, True])
def test_who_holds_and_releases(acting, role, people, published, held_before):
    if held_before:
        published.set_hold(True, by=people["moderator"], reason="Earlier.")
    before = AuditEntry.objects.count()
    url = f"/admin/articles/article/{published.pk}/hold/"
    page = acting.get(url)

    if role in DECIDERS:
        form = page_of(acting, page).form(containing="reason")
        form["reason"] = ""
        refused = form.submit()
        assert refused.status_code == 200 and AuditEntry.objects.count() == before
        form = page_of(acting, refused).form(containing="reason")
        form["reason"] = "Because."
        response = form.submit()
        assert response.status_code == 302
        published.refresh_from_db()
        assert published.is_held is not held_before
        entry = AuditEntry.objects.latest("pk")
        assert (entry.action, entry.role) == (Action.RELEASED if held_before else Action.HELD, ROLE_IN_LOG[role])
        return

    response = acting.post(url, {"reason": "Forged."})
    action = acting.post("/admin/articles/article/", {
        "action": "release_hold" if held_before else "hold", "_selected_action": [published.pk],
        "confirm": "yes", "reason": "Forged.", "index": "0",
    })
    if role == "anonymous":
        assert is_login_redirect(page) and is_login_redirect(response) and is_login_redirect(action)
    else:
        assert page.status_code == 403 and response.status_code == 403
    published.refresh_from_db()
    assert published.is_held is held_before
    assert AuditEntry.objects.count() == before


# What moderators may not do to an article.


def test_moderator_cannot_edit_publish_or_unpublish_even_by_forged_posts(client, moderator):
    client.force_login(moderator)
    public = ArticleFactory(slug="public", title="Public piece")
    draft = ArticleFactory(slug="draft", title="Draft piece", status=Article.Status.DRAFT, published_at=None)
    version = public.edit_version

    client.post(f"/admin/articles/article/{public.pk}/change/", {
        "title": "Rewritten by a moderator", "slug": "public", "body": "New body.", "status": "unpublished",
        "edit_version_seen": version, "_save": "Save",
    })
    for action, article in [("move_to_published", draft), ("move_to_unpublished", public)]:
        client.post("/admin/articles/article/", {"action": action, "_selected_action": [article.pk], "index": "0"})
    revoke = client.post(f"/admin/articles/article/{public.pk}/revoke-links/")
    autosave = client.post(f"/admin/articles/article/{public.pk}/autosave/", {"title": "Sneaky"})

    public.refresh_from_db()
    draft.refresh_from_db()
    assert (public.title, public.status, public.body) == ("Public piece", Article.Status.PUBLISHED, "Some *Markdown* body.")
    assert draft.status == Article.Status.DRAFT
    assert revoke.status_code == 403 and autosave.status_code == 403
    assert Article.edit_error(moderator) is not None


def test_status_actions_are_not_offered_to_moderators(moderator_client):
    ArticleFactory()
    choices = open_form(moderator_client, "/admin/articles/article/", "changelist-form").options("action")

    assert "hold" in choices
    assert not {"move_to_published", "move_to_unpublished", "move_to_draft"} & set(choices)


# The moderation log: read-only for everyone.


def test_who_reads_the_log_and_nobody_edits_or_deletes_it(acting, role, people, published):
    published.set_hold(True, by=people["moderator"], reason="Check.")
    entry = AuditEntry.objects.get()

    listing = acting.get(LOG)
    export = acting.get(f"{LOG}export.csv")
    change = acting.post(f"{LOG}{entry.pk}/change/", {"reason": "Rewritten."})
    delete = acting.post(f"{LOG}{entry.pk}/delete/", {"post": "yes"})
    add = acting.get(f"{LOG}add/")
    bulk_delete = acting.post(LOG, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes", "index": "0"})

    if role == "anonymous":
        assert all(is_login_redirect(response) for response in (listing, export, change, delete, add, bulk_delete))
    else:
        assert listing.status_code == 200 and export.status_code == 200
        assert change.status_code == 403 and delete.status_code == 403 and add.status_code == 403
        assert 'value="delete_selected"' not in listing.content.decode()
    assert AuditEntry.objects.get().reason == "Check."
