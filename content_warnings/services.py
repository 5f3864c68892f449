"""Moderation actions that change several things at once: the flag, the report, the log and
the mail. Each is one transaction, so a decision is either wholly made or not at all.

Every change to a flag goes through ``ContentWarning.save()`` or ``.delete()`` here (never a
queryset update) and is announced by ``signals.flags_changed``, so whatever reacts to a flag
changing (re-rendering, a page cache) sees each one.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import audit
from .audit import Action
from .models import ContentWarning, Severity, Source
from .notifications import Notification
from .reports import Report
from .signals import flags_changed
from .tasks import deliver_notifications

FLAG_FIELDS = ["category", "severity", "note", "spoils_series", "spoils_episode"]


def notify(recipients, subject, body):
    """Queue a message to each address; delivery starts once the transaction commits."""
    addresses = sorted({address for address in recipients if address})
    Notification.objects.bulk_create(
        [Notification(recipient=address, subject=subject, body=body) for address in addresses]
    )
    if addresses:
        transaction.on_commit(deliver_notifications.enqueue)


def contacts_for(obj):
    """Who hears about moderation of ``obj``: the content says (an article names its authors)."""
    contacts = getattr(obj, "moderation_contacts", None)
    return list(contacts()) if contacts else []


def _by_moderator(user):
    return ContentWarning.source_for(user) == Source.MODERATOR


def _tell_contacts_about_flag(obj, flag, by, reason):
    if not _by_moderator(by):
        return
    lines = [
        f"A moderator flagged “{audit.title_of(obj)}”: {flag.category} ({flag.get_effective_severity_display().lower()}).",
    ]
    if flag.note:
        lines.append(f"Note for readers: {flag.note}")
    if reason:
        lines.append(f"Why: {reason}")
    lines.append("Readers see the warning from now on. Only a moderator can change or remove this flag.")
    notify(contacts_for(obj), "A moderator added a warning to your work", "\n\n".join(lines))


def _stored(flag):
    return ContentWarning.objects.with_related().select_for_update(of=("self",)).get(pk=flag.pk)


@transaction.atomic
def add_flag(flag, *, by, reason="", report=None):
    """Save a new flag (built with its content and values) as ``by``'s, on the record."""
    error = ContentWarning.add_error(by)
    if error:
        raise PermissionDenied(error)
    flag.added_by = by
    flag.source = ContentWarning.source_for(by)
    flag.full_clean()
    flag.save()
    obj = flag.content_object
    flags_changed.send(sender=type(obj), instance=obj)
    audit.record(
        Action.FLAG_ADDED, by=by, obj=obj, category=flag.category,
        after=audit.flag_values(flag), reason=reason, report=report,
    )
    _tell_contacts_about_flag(obj, flag, by, reason)
    return flag


@transaction.atomic
def change_flag(flag, *, by, reason="", report=None):
    """Save new values of an existing flag, if ``by`` may change it (see change_error)."""
    stored = _stored(flag)
    error = stored.change_error(by)
    if error:
        raise PermissionDenied(error)
    before = audit.flag_values(stored)
    if _by_moderator(by):
        flag.source = Source.MODERATOR  # a moderator's change locks the flag for editors
    flag.full_clean()
    flag.save()
    after = audit.flag_values(flag)
    if after != before:
        obj = flag.content_object
        flags_changed.send(sender=type(obj), instance=obj)
        audit.record(
            Action.FLAG_CHANGED, by=by, obj=obj, category=flag.category,
            before=before, after=after, reason=reason, report=report,
        )
        _tell_contacts_about_flag(obj, flag, by, reason)
    return flag


@transaction.atomic
def remove_flag(flag, *, by, reason=""):
    """Delete a flag, if ``by`` may remove it (see removal_error)."""
    stored = _stored(flag)
    error = stored.removal_error(by)
    if error:
        raise PermissionDenied(error)
    obj = stored.content_object
    before = audit.flag_values(stored)
    category = stored.category
    stored.delete()
    flags_changed.send(sender=type(obj), instance=obj)
    audit.record(Action.FLAG_REMOVED, by=by, obj=obj, category=category, before=before, reason=reason)


def flag_for_report(report):
    """The flag accepting ``report`` would add, or the existing flag of that category it would
    strengthen, with the report's values filled in (unsaved, for the moderator to edit)."""
    existing = (
        ContentWarning.objects.with_related()
        .filter(content_type=report.content_type_id, object_id=report.object_id, category=report.category_id)
        .first()
    )
    flag = existing or ContentWarning(
        content_type_id=report.content_type_id, object_id=report.object_id, category=report.category
    )
    if existing and not report.category.is_spoiler:
        # Strengthen: the reader says the warning is not enough, so propose one step more.
        flag.severity = _one_step_up(existing.effective_severity)
    if report.episode_id:
        flag.spoils_episode = report.episode
        flag.spoils_series_id = report.episode.series_id
    return flag


def _one_step_up(severity):
    order = [Severity.MILD, Severity.MODERATE, Severity.SEVERE]
    return order[min(order.index(severity) + 1, len(order) - 1)]


def _lock_open(report, by):
    locked = Report.objects.select_for_update().get(pk=report.pk)
    error = locked.decision_error(by)
    if error:
        raise PermissionDenied(error)
    return locked


def _decide(report, status, *, by, reason):
    report.status = status
    report.decision_reason = reason
    report.decided_by = by
    report.decided_at = timezone.now()


def _tell_reporters(report, outcome):
    reporters = [report.email] + [duplicate.email for duplicate in report.duplicates.all()]
    lines = [
        f"Thank you for telling us about “{report.object_label}”.",
        outcome,
    ]
    if report.decision_reason:
        lines.append(f"The moderator's reason: {report.decision_reason}")
    notify(reporters, "What we did about your report", "\n\n".join(lines))


@transaction.atomic
def accept_report(report, *, flag, by, reason=""):
    """Accept ``report``: add ``flag`` or save its stronger values (see flag_for_report),
    close the report, record both, tell the authors and the reader."""
    report = _lock_open(report, by)
    if report.content_object is None:
        raise ValidationError("What this report was about has been deleted; dismiss it instead.")
    if flag.pk:
        flag = change_flag(flag, by=by, reason=reason or report.message, report=report)
    else:
        flag = add_flag(flag, by=by, reason=reason or report.message, report=report)
    _decide(report, Report.Status.ACCEPTED, by=by, reason=reason)
    report.flag = flag
    report.save()
    audit.record(
        Action.REPORT_ACCEPTED, by=by, obj=report.content_object, category=flag.category,
        before={"status": "open"}, after={"status": "accepted", **audit.flag_values(flag)},
        reason=reason, report=report,
    )
    _tell_reporters(report, f"A moderator agreed: it now carries the warning “{flag.category.label}”.")
    return report


@transaction.atomic
def dismiss_report(report, *, by, reason):
    """Close ``report`` without changing any flag. The reason is required: the reader hears it."""
    if not (reason or "").strip():
        raise ValidationError("Say why the report is dismissed; the reader is told.")
    report = _lock_open(report, by)
    _decide(report, Report.Status.DISMISSED, by=by, reason=reason.strip())
    report.save()
    audit.record(
        Action.REPORT_DISMISSED, by=by, obj=report.content_object, category=report.category,
        before={"status": "open"}, after={"status": "dismissed"}, reason=report.decision_reason, report=report,
    )
    _tell_reporters(report, "A moderator looked at it and left the warnings as they are.")
    return report


@transaction.atomic
def mark_duplicate(report, *, of, by, reason=""):
    """Close ``report`` as a repeat of ``of``; its reader hears when ``of`` is decided."""
    report = _lock_open(report, by)
    error = report.duplicate_error(by, of)
    if error:
        raise ValidationError(error)
    _decide(report, Report.Status.DUPLICATE, by=by, reason=reason)
    report.duplicate_of = of
    report.save()
    audit.record(
        Action.REPORT_DUPLICATE, by=by, obj=report.content_object, category=report.category,
        before={"status": "open"}, after={"status": "duplicate", "duplicate of": f"report #{of.pk}"},
        reason=reason, report=report,
    )
    return report
