"""Warning categories and the flags that attach them to any content.

This app imports nothing from the content it flags: flags attach through a generic
relation, and the series and episode a spoiler covers are swappable model settings
(``WARNINGS_SERIES_MODEL``, ``WARNINGS_EPISODE_MODEL``), the way ``AUTH_USER_MODEL`` is.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models


class Kind(models.TextChoices):
    DISCRETION = "discretion", "Viewer discretion"
    SPOILER = "spoiler", "Spoiler"


class Severity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"

    @classmethod
    def rank(cls, value):
        return [cls.MILD, cls.MODERATE, cls.SEVERE].index(value)


class Source(models.TextChoices):
    EDITOR = "editor", "Editor"
    MODERATOR = "moderator", "Moderator"


class WarningCategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class WarningCategory(models.Model):
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DISCRETION)
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in body markup.")
    label = models.CharField(
        "reader-facing label", max_length=100, help_text="What readers see, e.g. “Animal death”."
    )
    explanation = models.TextField(
        "reader-facing explanation", blank=True, help_text="One sentence on what this covers."
    )
    default_severity = models.CharField(
        max_length=20, choices=Severity.choices, default=Severity.MODERATE
    )
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Inactive categories cannot be added.")

    objects = WarningCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "name"]
        verbose_name = "warning category"
        verbose_name_plural = "warning categories"

    def __str__(self):
        return self.name

    @property
    def is_spoiler(self):
        return self.kind == Kind.SPOILER


class WarningKeyword(models.Model):
    """A word or phrase that suggests a category is needed (the suggestion lexicon)."""

    category = models.ForeignKey(WarningCategory, on_delete=models.CASCADE, related_name="keywords")
    phrase = models.CharField(max_length=100)

    class Meta:
        ordering = ["category", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["category", "phrase"], name="unique_keyword_per_category")
        ]
        verbose_name = "suggestion keyword"

    def __str__(self):
        return self.phrase

    def save(self, *args, **kwargs):
        self.phrase = self.phrase.strip().lower()
        super().save(*args, **kwargs)


class ContentWarningQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("category", "spoils_series", "spoils_episode")


class ContentWarning(models.Model):
    """A flag: one category attached to one piece of content."""

    category = models.ForeignKey(WarningCategory, on_delete=models.PROTECT, related_name="flags")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    severity = models.CharField(max_length=20, choices=Severity.choices, blank=True)
    note = models.CharField(
        "reader-facing note",
        max_length=200,
        blank=True,
        help_text="Readers see this before any warning opens: say what kind of thing is shown and how, "
        "never what happens or to whom, e.g. “an animal's death, shown at length and close up”.",
    )
    spoils_series = models.ForeignKey(
        settings.WARNINGS_SERIES_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="spoiler_flags",
        verbose_name="series spoiled",
    )
    spoils_episode = models.ForeignKey(
        settings.WARNINGS_EPISODE_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="spoiler_flags",
        verbose_name="spoils up to episode",
        help_text="Leave empty when the whole series is spoiled.",
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.EDITOR)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContentWarningQuerySet.as_manager()

    class Meta:
        ordering = ["category__kind", "category__order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = "content warning"
        permissions = [("moderate_contentwarning", "Can add and remove flags as a moderator")]

    def __str__(self):
        return f"{self.category} ({self.get_effective_severity_display()})"

    @staticmethod
    def source_for(user):
        """Flags added by someone with moderation rights count as the moderators'."""
        if user.has_perm("warnings.moderate_contentwarning"):
            return Source.MODERATOR
        return Source.EDITOR

    @staticmethod
    def add_error(user):
        """Why ``user`` may not add a flag, or None. Moderators flag anything, published or not."""
        if not user.has_perm("warnings.add_contentwarning"):
            return "You do not have permission to add warnings."
        return None

    def _error(self, user, action, verb):
        """Anyone with the permission acts on editors' flags; only moderators on moderators'."""
        if not user.has_perm(f"warnings.{action}_contentwarning"):
            return f"You do not have permission to {verb} warnings."
        if self.source == Source.MODERATOR and not user.has_perm("warnings.moderate_contentwarning"):
            return f"The “{self.category}” flag was added by a moderator; only a moderator can {verb} it."
        return None

    def change_error(self, user):
        return self._error(user, "change", "change")

    def removal_error(self, user):
        return self._error(user, "delete", "remove")

    def can_be_removed_by(self, user):
        return self.removal_error(user) is None

    def can_be_changed_by(self, user):
        return self.change_error(user) is None

    @property
    def effective_severity(self):
        return self.severity or self.category.default_severity

    def get_effective_severity_display(self):
        return Severity(self.effective_severity).label

    @property
    def is_spoiler(self):
        return self.category.is_spoiler

    @property
    def is_severe(self):
        return not self.is_spoiler and self.effective_severity == Severity.SEVERE

    def clean(self):
        errors = {}
        category = getattr(self, "category", None)
        if category is None:
            return
        if self._state.adding and not category.active:
            errors["category"] = "This category is no longer in use; choose another."
        if category.is_spoiler:
            if self.spoils_series_id is None and self.spoils_episode_id is not None:
                self.spoils_series_id = self.spoils_episode.series_id
            if self.spoils_series_id is None:
                errors["spoils_series"] = "Say which series this spoils."
            elif self.spoils_episode_id and self.spoils_episode.series_id != self.spoils_series_id:
                errors["spoils_episode"] = "That episode belongs to another series."
        elif self.spoils_series_id or self.spoils_episode_id:
            errors["spoils_series"] = "Only spoiler flags name a series or episode."
        if errors:
            raise ValidationError(errors)


# The moderation models live in their own modules; Django finds models through this one.
from .audit import AuditEntry  # noqa: E402, F401
from .notifications import Notification  # noqa: E402, F401
from .reports import Report  # noqa: E402, F401
