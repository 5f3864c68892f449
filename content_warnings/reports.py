"""Readers' reports of a missing or wrong warning, and the rules for deciding on them.

A report attaches to any content through a generic relation, as a flag does, and stays
when that content is unpublished: it is part of the record of what readers told us.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, OuterRef, Subquery

from .audit import title_of

# Grouped by what they are about, the group with the newest open report first (groups with
# none open last), newest first within a group.
QUEUE_ORDER = [F("group_newest").desc(nulls_last=True), "content_type_id", "object_id", "-created_at", "-pk"]


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def for_queue(self):
        """Reports grouped by what they are about, the group with the newest report first."""
        newest_in_group = (
            Report.objects.open()
            .filter(content_type=OuterRef("content_type"), object_id=OuterRef("object_id"))
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return (
            self.select_related("category", "episode__series", "content_type", "decided_by", "duplicate_of")
            .annotate(group_newest=Subquery(newest_in_group))
            .order_by(*QUEUE_ORDER)
        )


class Report(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"
        DUPLICATE = "duplicate", "Duplicate"

    MESSAGE_MAX_LENGTH = 1000

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    category = models.ForeignKey(
        "warnings.WarningCategory", on_delete=models.PROTECT, related_name="reports",
        verbose_name="warning asked for",
    )
    episode = models.ForeignKey(
        settings.WARNINGS_EPISODE_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="warning_reports", verbose_name="spoils up to episode",
    )
    message = models.TextField("what is wrong", max_length=MESSAGE_MAX_LENGTH)
    email = models.EmailField("reader's email", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    decision_reason = models.TextField("reason for the decision", blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    flag = models.ForeignKey(
        "warnings.ContentWarning", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports", help_text="The flag added or strengthened when the report was accepted.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField("reported at", auto_now_add=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = "reader's report"
        verbose_name_plural = "readers' reports"

    def __str__(self):
        return f"Report #{self.pk}: {self.category} on {self.object_label}"

    @property
    def object_label(self):
        obj = self.content_object
        if obj is None:
            return "content since deleted"
        return title_of(obj)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @staticmethod
    def email_visible_to(user):
        """Reporters' addresses are for moderators, who may need to write back; not for editors."""
        return user.has_perm("warnings.moderate_contentwarning")

    def decision_error(self, user):
        """Why ``user`` may not accept, dismiss or merge this report, or None."""
        if not user.has_perm("warnings.moderate_contentwarning"):
            return "Only moderators decide on readers' reports."
        if not self.is_open:
            return f"This report was already decided ({self.get_status_display().lower()})."
        return None

    def duplicate_error(self, user, original):
        """Why this report may not be marked as a duplicate of ``original``, or None."""
        error = self.decision_error(user)
        if error:
            return error
        if original is None:
            return "Choose the report this one repeats."
        if original.pk == self.pk:
            return "A report cannot duplicate itself."
        if (original.content_type_id, original.object_id) != (self.content_type_id, self.object_id):
            return "A duplicate must be about the same article or picture."
        if original.status == self.Status.DUPLICATE:
            return "That report is itself a duplicate; choose the one it repeats."
        return None
