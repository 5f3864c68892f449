"""The moderators' side: the queue, deciding on reports (accept, dismiss, duplicate, in bulk),
flags and holds on the record, the moderation log, and the e-mail it sends."""

import csv
import io
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from articles.models import Article
from content_warnings import services
from content_warnings.audit import Action, AppendOnlyError, AuditEntry, Role
from content_warnings.models import ContentWarning, Notification, Report, Source

from .factories import (
    ArticleFactory,
    ContentWarningFactory,
    EpisodeFactory,
    ImageFactory,
    UserFactory,
    category,
)
from .helpers import run_list_action
from .rendered_forms import open_form, page_of

QUEUE = "/admin/warnings/report/"
LOG = "/admin/warnings/auditentry/"


@pytest.fixture
def author(db):
    return UserFactory(username="writer", email="writer@example.org", first_name="Wren", last_name="Writer")


@pytest.fixture
def walrus_piece(db, author):
    frozen_worlds = EpisodeFactory(title="Frozen Worlds", slug="frozen-worlds")
    return ArticleFactory(slug="walruses", title="Walruses on the clifftop", episodes=[frozen_worlds], authors=[author])


def make_report(obj, slug="spoilers", *, episode=None, message="It spoils the ending.", email="", **fields):
    return Report.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, category=category(slug),
        episode=episode, message=message, email=email, **fields,
    )


def spoiler_report(article, **fields):
    return make_report(article, "spoilers", episode=article.episodes.get(), **fields)


# Deciding through the services.


def test_accepting_a_spoiler_report_adds_the_flag_logs_it_and_tells_the_author_and_reader(
    moderator, walrus_piece, django_capture_on_commit_callbacks
):
    report = spoiler_report(walrus_piece, email="reader@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_report(report, flag=services.flag_for_report(report), by=moderator, reason="Confirmed.")

    flag = walrus_piece.warnings.get()
    assert (flag.category.slug, flag.spoils_episode, flag.source) == ("spoilers", walrus_piece.episodes.get(), Source.MODERATOR)
    report.refresh_from_db()
    assert (report.status, report.flag, report.decided_by) == (Report.Status.ACCEPTED, flag, moderator)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "role", "actor_id"))
    assert actions == [(Action.FLAG_ADDED, Role.MODERATOR, moderator.pk), (Action.REPORT_ACCEPTED, Role.MODERATOR, moderator.pk)]
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["reader@example.org", "writer@example.org"]
    to_reader = next(message for message in mail.outbox if message.to == ["reader@example.org"])
    assert "Spoilers" in to_reader.body and "Confirmed." in to_reader.body


def test_accepting_strengthens_an_existing_flag_of_that_category(moderator, editor, walrus_piece):
    existing = ContentWarningFactory(content_object=walrus_piece, category=category("predation"), severity="mild",
                                     added_by=editor)
    report = make_report(walrus_piece, "predation", message="The hunt is worse than mild.")

    proposed = services.flag_for_report(report)
    assert proposed.pk == existing.pk and proposed.severity == "moderate"
    services.accept_report(report, flag=proposed, by=moderator)

    assert walrus_piece.warnings.count() == 1
    flag = walrus_piece.warnings.get()
    assert (flag.severity, flag.source) == ("moderate", Source.MODERATOR)
    changed = AuditEntry.objects.get(action=Action.FLAG_CHANGED)
    assert changed.before["severity"] == "Mild" and changed.after["severity"] == "Moderate"


def test_dismissing_needs_a_reason_which_the_reader_hears(moderator, walrus_piece, django_capture_on_commit_callbacks):
    report = make_report(walrus_piece, "animal-death", email="reader@example.org")

    with pytest.raises(ValidationError):
        services.dismiss_report(report, by=moderator, reason="   ")
    report.refresh_from_db()
    assert report.is_open

    with django_capture_on_commit_callbacks(execute=True):
        services.dismiss_report(report, by=moderator, reason="No death is described.")

    report.refresh_from_db()
    assert (report.status, report.decision_reason) == (Report.Status.DISMISSED, "No death is described.")
    assert not walrus_piece.warnings.exists()
    assert AuditEntry.objects.get().action == Action.REPORT_DISMISSED
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"] and "No death is described." in message.body


def test_duplicate_rules(moderator, walrus_piece, django_capture_on_commit_callbacks):
    original = spoiler_report(walrus_piece)
    repeat = spoiler_report(walrus_piece, email="second@example.org")
    elsewhere = make_report(ArticleFactory(), "animal-death")

    with pytest.raises(ValidationError, match="itself"):
        services.mark_duplicate(repeat, of=repeat, by=moderator)
    with pytest.raises(ValidationError, match="same article"):
        services.mark_duplicate(repeat, of=elsewhere, by=moderator)
    services.mark_duplicate(repeat, of=original, by=moderator, reason="Same spoiler.")
    with pytest.raises(PermissionDenied, match="already decided"):
        services.dismiss_report(repeat, by=moderator, reason="Twice.")

    repeat.refresh_from_db()
    assert (repeat.status, repeat.duplicate_of) == (Report.Status.DUPLICATE, original)
    assert AuditEntry.objects.get().action == Action.REPORT_DUPLICATE
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_report(original, flag=services.flag_for_report(original), by=moderator)
    assert [message.to for message in mail.outbox if "report" in message.subject] == [["second@example.org"]]


def test_only_moderators_decide_on_reports(editor, walrus_piece):
    report = spoiler_report(walrus_piece)

    for decide in (
        lambda: services.accept_report(report, flag=services.flag_for_report(report), by=editor),
        lambda: services.dismiss_report(report, by=editor, reason="No."),
        lambda: services.mark_duplicate(report, of=spoiler_report(walrus_piece), by=editor),
    ):
        with pytest.raises(PermissionDenied, match="Only moderators"):
            decide()

    report.refresh_from_db()
    assert report.is_open and not walrus_piece.warnings.exists() and not AuditEntry.objects.exists()


def test_every_flag_action_by_anyone_is_on_the_record(editor, moderator, walrus_piece):
    flag = ContentWarning(content_object=walrus_piece, category=category("animal-death"), note="A fall.")
    services.add_flag(flag, by=editor, reason="Spotted on proofreading.")
    flag.note = "Walruses fall from a cliff."
    services.change_flag(flag, by=moderator, reason="More specific.")
    with pytest.raises(PermissionDenied, match="only a moderator"):
        services.remove_flag(flag, by=editor)
    services.remove_flag(flag, by=moderator, reason="Covered by the body's own warning.")

    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(e.action, e.role, e.actor_name) for e in entries] == [
        (Action.FLAG_ADDED, Role.EDITOR, "editor"),
        (Action.FLAG_CHANGED, Role.MODERATOR, "moderator"),
        (Action.FLAG_REMOVED, Role.MODERATOR, "moderator"),
    ]
    assert entries[1].before["note"] == "A fall." and entries[1].after["note"] == "Walruses fall from a cliff."
    assert entries[2].after is None and entries[2].reason == "Covered by the body's own warning."
    assert all(entry.content_object == walrus_piece for entry in entries)


def test_holds_need_a_reason_are_logged_and_tell_the_authors(moderator, walrus_piece, client, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError):
        walrus_piece.set_hold(True, by=moderator, reason="")
    assert client.get("/articles/walruses/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        walrus_piece.set_hold(True, by=moderator, reason="Unmarked graphic scene.")
    assert client.get("/articles/walruses/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        walrus_piece.set_hold(False, by=moderator, reason="Flagged now.")
    assert client.get("/articles/walruses/").status_code == 200

    held, released = AuditEntry.objects.order_by("pk")
    assert (held.action, held.reason, held.after["held"]) == (Action.HELD, "Unmarked graphic scene.", "yes")
    assert (released.action, released.before["why held"]) == (Action.RELEASED, "Unmarked graphic scene.")
    assert [message.to for message in mail.outbox] == [["writer@example.org"], ["writer@example.org"]]
    assert "Unmarked graphic scene." in mail.outbox[0].body


def test_the_log_cannot_be_changed_or_deleted_even_in_code(moderator, walrus_piece):
    walrus_piece.set_hold(True, by=moderator, reason="Check.")
    entry = AuditEntry.objects.get()

    entry.reason = "Rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(reason="Rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().reason == "Check."


# Mail outside the request: nothing lost when the server fails.


def test_a_failing_mail_server_loses_no_decision_and_the_mail_is_retried(
    moderator, walrus_piece, django_capture_on_commit_callbacks
):
    report = make_report(walrus_piece, "animal-death", email="reader@example.org")

    failing = mock.patch("content_warnings.notifications.send_mail", side_effect=SMTPServerDisconnected("down"))
    with failing, django_capture_on_commit_callbacks(execute=True):
        services.dismiss_report(report, by=moderator, reason="Nothing graphic.")

    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    waiting = Notification.objects.get()
    assert waiting.sent_at is None and waiting.attempts == 1 and "down" in waiting.last_error
    assert not mail.outbox

    Notification.objects.filter(pk=waiting.pk).update(next_attempt_at=waiting.created_at)  # the pause is over
    out = io.StringIO()
    call_command("send_notifications", stdout=out)

    assert "1 sent, 0 still waiting" in out.getvalue()
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
    assert Notification.objects.get().sent_at is not None


# The queue in the admin.


def test_queue_groups_open_reports_by_article_newest_group_first_with_counts(moderator_client, walrus_piece):
    older_piece = ArticleFactory(title="Coastal seas")
    make_report(older_piece, "predation", message="Old one.")
    first_walrus = spoiler_report(walrus_piece, message="First on walruses.")
    make_report(older_piece, "blood-gore", message="Newer about the coast.")
    newest = make_report(walrus_piece, "animal-death", message="Newest of all.")
    make_report(walrus_piece, "predation", message="Decided.", status=Report.Status.DISMISSED)

    response = moderator_client.get(QUEUE)

    rows = list(response.context["cl"].result_list)
    assert [report.message for report in rows] == [
        "Newest of all.", "First on walruses.", "Newer about the coast.", "Old one.",
    ]
    assert rows[0] == newest and first_walrus in rows
    html = response.content.decode()
    assert "(2 open)" in html
    assert "Readers' reports: <strong>4</strong> open" in html
    assert "<strong>4</strong> open reports from readers" in moderator_client.get("/admin/").content.decode()


def test_queue_shows_the_current_warnings_beside_what_was_asked(moderator_client, walrus_piece, django_assert_max_num_queries):
    ContentWarningFactory(content_object=walrus_piece, category=category("animal-death"), severity="severe")
    for _ in range(3):
        spoiler_report(walrus_piece)
    for _ in range(3):
        make_report(ArticleFactory(), "predation")

    with django_assert_max_num_queries(20):
        response = moderator_client.get(QUEUE)

    html = response.content.decode()
    assert "Animal death (severe)" in html  # its warnings now
    assert "Spoilers, Series" in html and "up to S01E" in html and "“Frozen Worlds”" in html  # asked for


def test_moderator_accepts_a_report_in_one_step_from_its_page(moderator_client, moderator, walrus_piece, client):
    report = spoiler_report(walrus_piece)
    form = open_form(moderator_client, f"{QUEUE}{report.pk}/change/", containing="accept-category")
    assert form["accept-category"] == str(category("spoilers").pk)
    assert form["accept-spoils_episode"] == str(walrus_piece.episodes.get().pk)

    response = form.submit("Accept and flag")

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    assert "Spoiler alert" in client.get("/articles/walruses/").content.decode()


def test_moderator_edits_the_flag_before_accepting(moderator_client, walrus_piece):
    report = make_report(walrus_piece, "animal-distress", message="The crowded beach.")
    form = open_form(moderator_client, f"{QUEUE}{report.pk}/change/", containing="accept-category")

    form.update({"accept-severity": "severe", "accept-note": "Walruses crushed on a beach.",
                 "accept-reason": "Reader is right."})
    form.submit("Accept and flag")

    flag = walrus_piece.warnings.get()
    assert (flag.category.slug, flag.severity, flag.note) == ("animal-distress", "severe", "Walruses crushed on a beach.")
    assert AuditEntry.objects.get(action=Action.REPORT_ACCEPTED).reason == "Reader is right."


def test_an_invalid_accept_shows_the_error_and_changes_nothing(moderator_client, walrus_piece):
    report = spoiler_report(walrus_piece)
    form = open_form(moderator_client, f"{QUEUE}{report.pk}/change/", containing="accept-category")

    form.update({"accept-spoils_series": "", "accept-spoils_episode": ""})
    response = form.submit("Accept and flag")

    assert response.status_code == 200
    assert "Say which series this spoils." in response.content.decode()
    report.refresh_from_db()
    assert report.is_open and not walrus_piece.warnings.exists() and not AuditEntry.objects.exists()


def test_moderator_dismisses_and_merges_from_the_report_page(moderator_client, walrus_piece):
    original = spoiler_report(walrus_piece)
    repeat = spoiler_report(walrus_piece)
    other = make_report(walrus_piece, "animal-death")

    merge = open_form(moderator_client, f"{QUEUE}{repeat.pk}/change/", containing="duplicate-original")
    merge["duplicate-original"] = original.pk
    merge.submit("Mark as duplicate")
    empty = open_form(moderator_client, f"{QUEUE}{other.pk}/change/", containing="dismiss-reason").submit("Dismiss")
    assert "This field is required." in empty.content.decode()
    dismiss = page_of(moderator_client, empty).form(containing="dismiss-reason")
    dismiss["dismiss-reason"] = "Not shown."
    dismiss.submit("Dismiss")

    repeat.refresh_from_db()
    other.refresh_from_db()
    assert (repeat.status, repeat.duplicate_of) == (Report.Status.DUPLICATE, original)
    assert (other.status, other.decision_reason) == (Report.Status.DISMISSED, "Not shown.")


def bulk_confirmation(client, action, *reports):
    """Run a bulk action on the queue; the form of the page that asks to confirm it."""
    asking = run_list_action(client, QUEUE, action, *reports)
    return page_of(client, asking).form(containing="confirm")


def test_bulk_accept_dismiss_and_merge_from_the_queue(moderator_client, walrus_piece):
    coast = ArticleFactory(title="Coastal seas")
    accept_me = make_report(coast, "predation")
    dismiss_me = [make_report(coast, "flashing-lights"), make_report(walrus_piece, "flashing-lights")]
    first, second = spoiler_report(walrus_piece), spoiler_report(walrus_piece)

    confirm = bulk_confirmation(moderator_client, "accept_selected", accept_me)
    confirm["bulk-reason"] = "Agreed."
    confirm.submit()
    refused = bulk_confirmation(moderator_client, "dismiss_selected", *dismiss_me).submit()
    assert "This field is required." in refused.content.decode()
    confirm = page_of(moderator_client, refused).form(containing="confirm")
    confirm["bulk-reason"] = "No flashing in a text."
    confirm.submit()
    run_list_action(moderator_client, QUEUE, "merge_selected", first, second)

    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses[accept_me.pk] == Report.Status.ACCEPTED
    assert [statuses[r.pk] for r in dismiss_me] == [Report.Status.DISMISSED] * 2
    assert (statuses[first.pk], statuses[second.pk]) == (Report.Status.OPEN, Report.Status.DUPLICATE)
    assert coast.warnings.get().category.slug == "predation"
    assert AuditEntry.objects.filter(action=Action.REPORT_DISMISSED).count() == 2


def test_editors_see_the_queue_without_reporters_emails(client, editor, moderator, walrus_piece):
    report = spoiler_report(walrus_piece, email="private.reader@example.org")

    client.force_login(editor)
    as_editor = client.get(QUEUE).content.decode() + client.get(f"{QUEUE}{report.pk}/change/").content.decode()
    searched = client.get(QUEUE, {"q": "private.reader"})
    client.force_login(moderator)
    as_moderator = client.get(QUEUE).content.decode() + client.get(f"{QUEUE}{report.pk}/change/").content.decode()

    assert "private.reader@example.org" not in as_editor
    assert list(searched.context["cl"].result_list) == []
    assert "Accept and flag" not in as_editor
    assert as_moderator.count("private.reader@example.org") >= 2


# The moderation log.


def test_log_is_filterable_and_exports_what_it_shows_as_csv(moderator_client, moderator, editor, walrus_piece):
    other = ArticleFactory(title="Forests")
    walrus_piece.set_hold(True, by=moderator, reason="Check the falls.")
    services.add_flag(ContentWarning(content_object=other, category=category("predation")), by=editor, reason="Hunt.")
    walrus_content_type = ContentType.objects.get_for_model(Article).pk

    by_moderator = moderator_client.get(LOG, {"actor__id__exact": moderator.pk})
    by_article = moderator_client.get(LOG, {"object": f"{walrus_content_type}-{walrus_piece.pk}"})
    by_action = moderator_client.get(LOG, {"action__exact": Action.FLAG_ADDED})
    by_category = moderator_client.get(LOG, {"category__id__exact": category("predation").pk})
    export = moderator_client.get(f"{LOG}export.csv", {"action__exact": Action.HELD})

    assert [e.action for e in by_moderator.context["cl"].result_list] == [Action.HELD]
    assert [e.action for e in by_article.context["cl"].result_list] == [Action.HELD]
    assert [e.object_repr for e in by_action.context["cl"].result_list] == ["Forests"]
    assert [e.action for e in by_category.context["cl"].result_list] == [Action.FLAG_ADDED]
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][:4] == ["when", "who", "role", "action"]
    assert [(row[1], row[2], row[3], row[4], row[10]) for row in rows[1:]] == [
        ("moderator", "Moderator", "Held", "Walruses on the clifftop", "Check the falls.")
    ]


@pytest.mark.parametrize(
    "value", ["1-99999999999999999999", "99999999999999999999-1", "1-²", "١-١", "1-", "-1", "1-2-3", "a-b"]
)
def test_log_object_filter_shows_nothing_for_an_object_no_database_can_hold(moderator_client, moderator, walrus_piece, value):
    walrus_piece.set_hold(True, by=moderator, reason="Check the falls.")

    response = moderator_client.get(LOG, {"object": value})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_log_filters_by_date(moderator_client, moderator, walrus_piece):
    walrus_piece.set_hold(True, by=moderator, reason="Today.")
    today = AuditEntry.objects.get().created_at

    same_day = moderator_client.get(LOG, {"created_at__year": today.year, "created_at__month": today.month,
                                          "created_at__day": today.day})
    other_year = moderator_client.get(LOG, {"created_at__year": today.year - 1})

    assert len(same_day.context["cl"].result_list) == 1
    assert len(other_year.context["cl"].result_list) == 0


def test_the_objects_own_admin_page_shows_its_log(moderator_client, moderator, walrus_piece):
    walrus_piece.set_hold(True, by=moderator, reason="Unmarked scene.")
    picture = ImageFactory()
    services.add_flag(ContentWarning(content_object=picture, category=category("animal-death")), by=moderator, reason="A carcass.")

    article_page = moderator_client.get(f"/admin/articles/article/{walrus_piece.pk}/change/").content.decode()
    picture_page = moderator_client.get(f"/admin/articles/image/{picture.pk}/change/").content.decode()

    assert "Unmarked scene." in article_page and "The whole log for this" in article_page
    assert "A carcass." in picture_page and "Flag added" in picture_page


def test_demo_gives_a_new_moderator_a_working_queue_and_stays_idempotent(settings, moderator_client):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    first = set(Report.objects.values_list("pk", flat=True))
    report = Report.objects.first()
    call_command("load_demo", stdout=io.StringIO())

    assert len(first) >= 3 and set(Report.objects.values_list("pk", flat=True)) == first
    assert report.content_object is not None
    response = moderator_client.get(QUEUE)
    assert len(response.context["cl"].result_list) == len(first)
    assert moderator_client.get(f"{QUEUE}{report.pk}/change/").status_code == 200


def test_accepting_a_picture_report_blurs_the_picture_in_the_bodies_showing_it(moderator, client):
    picture = ImageFactory(alt_text="Walruses crowded on a beach")
    ArticleFactory(slug="beach", body=f"The beach.\n\n![Walruses crowded on a beach](image:{picture.pk})\n")
    assert "graphic-image" not in client.get("/articles/beach/").content.decode()
    report = make_report(picture, "animal-distress", message="Crushed animals.")

    services.accept_report(report, flag=services.flag_for_report(report), by=moderator)

    assert "graphic-image" in client.get("/articles/beach/").content.decode()


def test_changing_a_flag_from_the_flags_list_is_on_the_record(moderator_client, editor, walrus_piece):
    flag = ContentWarningFactory(content_object=walrus_piece, category=category("predation"), note="A hunt.", added_by=editor)
    url = f"/admin/warnings/contentwarning/{flag.pk}/change/"
    form = open_form(moderator_client, url, containing="note")

    form.update(note="A long hunt.", reason="More precise.")
    response = form.submit("_save")

    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.role, entry.reason) == (Action.FLAG_CHANGED, Role.MODERATOR, "More precise.")
    assert (entry.before["note"], entry.after["note"]) == ("A hunt.", "A long hunt.")
    flag.refresh_from_db()
    assert flag.source == Source.MODERATOR  # locked for editors from now on


def test_a_report_about_deleted_content_cannot_be_accepted(moderator, walrus_piece):
    report = spoiler_report(walrus_piece)
    flag = services.flag_for_report(report)
    Article.objects.filter(pk=walrus_piece.pk).delete()

    with pytest.raises(ValidationError, match="deleted"):
        services.accept_report(Report.objects.get(pk=report.pk), flag=flag, by=moderator)
    assert Report.objects.get(pk=report.pk).is_open


def test_on_the_database_queue_a_failed_message_is_tried_again_by_itself(
    settings, moderator, walrus_piece, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from content_warnings.tasks import deliver_notifications

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    report = make_report(walrus_piece, "animal-death", email="reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.dismiss_report(report, by=moderator, reason="Nothing graphic.")
    (queued,) = DBTaskResult.objects.all()  # the decision is made; the mail waits for the worker

    with mock.patch("content_warnings.notifications.send_mail", side_effect=SMTPServerDisconnected("down")):
        deliver_notifications.call()  # as the worker runs it

    waiting = Notification.objects.get()
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert retry.task_path.endswith("deliver_notifications")
    assert retry.run_after == waiting.next_attempt_at > waiting.created_at
    assert not mail.outbox
