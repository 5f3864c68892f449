"""The moderation log: every action on a flag, every report decision and every hold, on the
record (who, when, in which role, before and after, why). Append-only: an entry can be
written once and never changed or deleted, not even by a superuser."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, Subquery

from .scopes import flag_scope_text


class Role(models.TextChoices):
    EDITOR = "editor", "Editor"
    MODERATOR = "moderator", "Moderator"
    ADMINISTRATOR = "administrator", "Administrator"
    SYSTEM = "system", "System"


def role_of(user):
    """The role someone acted in, as the log should say it."""
    if user is None:
        return Role.SYSTEM
    if user.is_superuser:
        return Role.ADMINISTRATOR
    if user.has_perm("warnings.moderate_contentwarning"):
        return Role.MODERATOR
    return Role.EDITOR


class Action(models.TextChoices):
    FLAG_ADDED = "flag_added", "Flag added"
    FLAG_CHANGED = "flag_changed", "Flag changed"
    FLAG_REMOVED = "flag_removed", "Flag removed"
    REPORT_ACCEPTED = "report_accepted", "Report accepted"
    REPORT_DISMISSED = "report_dismissed", "Report dismissed"
    REPORT_DUPLICATE = "report_duplicate", "Report marked as duplicate"
    HELD = "held", "Held"
    RELEASED = "released", "Hold lifted"


class AppendOnlyError(Exception):
    """The moderation log is never rewritten."""


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def update(self, **kwargs):
        raise AppendOnlyError("Moderation log entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Moderation log entries cannot be deleted.")


class AuditEntry(models.Model):
    created_at = models.DateTimeField("when", auto_now_add=True, db_index=True)
    # PROTECT throughout: the log is never rewritten, so what it points to is not deleted
    # (deactivate a moderator's account or a category instead).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name="who",
    )
    actor_name = models.CharField("who (as recorded)", max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    action = models.CharField(max_length=30, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField("on", max_length=200, blank=True)
    category = models.ForeignKey(
        "warnings.WarningCategory", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField("why", blank=True)
    report = models.ForeignKey(
        "warnings.Report", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_entries"
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"

    def __str__(self):
        return f"{self.get_action_display()} on {self.object_repr} by {self.actor_name or 'the system'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Moderation log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Moderation log entries cannot be deleted.")


def record(action, *, by, obj, category=None, before=None, after=None, reason="", report=None):
    """Write one entry to the moderation log."""
    return AuditEntry.objects.create(
        actor=by,
        actor_name=name_of(by) if by is not None else "",
        role=role_of(by),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        object_repr=title_of(obj)[:200] if obj is not None else "",
        category=category,
        before=before,
        after=after,
        reason=reason,
        report=report,
    )


def latest_reason():
    """The latest reason on record for a flag's category on its content (why a moderator added
    or changed it), as a subquery to annotate a queryset of flags with: one query for all of
    them (None where nothing is on record)."""
    rows = AuditEntry.objects.filter(
        content_type_id=OuterRef("content_type_id"), object_id=OuterRef("object_id"), category_id=OuterRef("category_id")
    ).exclude(reason="")
    return Subquery(rows.values("reason")[:1])  # the log's ordering: newest first


def name_of(user):
    """How the log and the admin name a person: their full name, else their username."""
    return user.get_full_name() or user.get_username()


def title_of(obj):
    """How the log and the mail name a piece of content: its reader-facing, spoiler-free title
    when it has one (``report_title``), else its ``str()``."""
    return getattr(obj, "report_title", None) or str(obj)


def flag_values(flag):
    """A flag as the log records it: readable values, not ids."""
    return {
        "category": str(flag.category),
        "severity": flag.get_effective_severity_display(),
        "note": flag.note,
        "spoils": flag_scope_text(flag) if flag.is_spoiler else "",
        "added as": flag.get_source_display(),
    }
