"""An editor's unsaved text, kept apart from the article until they save."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ArticleAutosave(models.Model):
    """The latest unsaved text of one editor's edit page, kept so a crash costs little."""

    article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves",
        help_text="Empty for an article not yet saved for the first time.",
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField(
        default=0, help_text="The article's edit version the text was based on."
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_autosave_per_editor_and_article"),
            # NULLs are distinct in a unique index: a new article needs its own, or two
            # autosaves sent at once would make two rows for one editor.
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="one_new_article_autosave_per_editor"
            ),
        ]

    def __str__(self):
        return f"Autosave by {self.user} at {self.saved_at:%H:%M}"

    def differs_from(self, article):
        return any(self.data.get(name, "") != getattr(article, name) for name in article.TEXT_FIELDS)

    def apply_to(self, article):
        """Put the autosaved text on ``article`` (unsaved) for the editor to review."""
        for name in article.TEXT_FIELDS:
            if name in self.data:
                setattr(article, name, self.data[name])
