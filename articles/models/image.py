"""Pictures in the library: validated and stripped of metadata on upload, with renditions made once."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models, transaction

from content_warnings.models import ContentWarning
from ourplanet.reversing import cached_reverse
from ourplanet.text_input import no_control_characters

from .. import images, rendering, tasks


class Image(models.Model):
    """An uploaded picture, validated and stripped of metadata, with renditions made once."""

    file = models.ImageField(upload_to="images/%Y/%m/")
    alt_text = models.CharField(
        max_length=300, help_text="Describe the picture for someone who cannot see it.",
        validators=[no_control_characters],
    )
    caption = models.CharField(max_length=500, blank=True, validators=[no_control_characters])
    credit = models.CharField(max_length=200, blank=True, validators=[no_control_characters])
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    renditions = models.JSONField(
        default=list, editable=False, help_text="Resized copies made on upload."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    warnings = GenericRelation(ContentWarning, related_query_name="image")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text[:80]

    def clean(self):
        """A new upload must be a sound picture within the limits (see images.validate_upload)."""
        if self.file and not getattr(self.file, "_committed", True):
            try:
                images.validate_upload(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error

    def save(self, *args, **kwargs):
        replaced = None if self._state.adding else self._stored_files_if_replaced()
        new_upload = self._state.adding or replaced is not None
        if new_upload and self.file:
            self.width, self.height = images.normalise_upload(self.file)
        super().save(*args, **kwargs)
        if new_upload and self.file:
            self.renditions = tasks.queue_renditions(self)
        if replaced:
            # The old picture and its renditions go once the new ones are safely stored.
            transaction.on_commit(lambda: images.delete_files(replaced))

    def delete(self, *args, **kwargs):
        files = self.file_names()
        result = super().delete(*args, **kwargs)
        transaction.on_commit(lambda: images.delete_files(files))
        return result

    def file_names(self):
        """Every file this image owns in storage: the original and its renditions."""
        names = [self.file.name] if self.file else []
        return names + [rendition["name"] for rendition in self.renditions or []]

    def _stored_files_if_replaced(self):
        stored = type(self).objects.filter(pk=self.pk).only("file", "renditions").first()
        if stored is None or stored.file.name == self.file.name:
            return None
        return stored.file_names()

    # Renditions, for templates and the Markdown renderer.
    def srcset(self, fmt=None):
        return images.srcset(self.renditions, fmt)

    @property
    def fallback_srcset(self):
        return self.srcset()

    @property
    def webp_srcset(self):
        return self.srcset("webp")

    @property
    def fallback_url(self):
        return images.fallback_url(self.renditions) or (self.file.url if self.file else "")

    @property
    def thumbnail_url(self):
        return images.thumbnail_url(self.renditions) or self.fallback_url

    @property
    def blurred_url(self):
        return images.blurred_url(self.renditions)

    @property
    def discretion_flags(self):
        return [flag for flag in self.warnings.all() if not flag.is_spoiler]

    @property
    def is_graphic(self):
        return bool(self.discretion_flags)

    @property
    def discretion_slugs(self):
        return " ".join(flag.category.slug for flag in self.discretion_flags)

    def _largest_rendition(self):
        found = images.largest(self.renditions)
        if found is None:  # no renditions yet: pages show the upload until they are made
            return {"full_src": self.fallback_url, "full_width": self.width, "full_height": self.height}
        url, width, height = found
        return {"full_src": url, "full_width": width, "full_height": height}

    def render_info(self):
        """What the body renderer needs (see rendering.ImageInfo)."""
        graphic = self.discretion_flags
        return rendering.ImageInfo(
            id=self.pk,
            alt=self.alt_text,
            width=self.width,
            height=self.height,
            src=self.fallback_url,
            srcset=self.srcset(),
            webp_srcset=self.srcset("webp"),
            blurred_src=self.blurred_url,
            caption=self.caption,
            credit=self.credit,
            **self._largest_rendition(),
            graphic_labels=tuple(flag.category.label for flag in graphic),
            graphic_slugs=tuple(flag.category.slug for flag in graphic),
            report_url=self.report_url,
        )

    # What the warnings app needs to take readers' reports and tell authors about moderation.
    @property
    def report_url(self):
        return cached_reverse("warnings:report", kind="picture", pk=self.pk)

    def _published_articles_showing(self):
        return self.hero_of.model.objects.published().showing(self)  # the Article model, via hero_of

    def accepts_reports(self):
        """Readers may report a picture they can see: one shown in a published article."""
        return self._published_articles_showing().exists()

    def moderation_contacts(self):
        """The authors of the published articles that show this picture."""
        articles = self._published_articles_showing().prefetch_related("authors")
        return sorted({author.email for article in articles for author in article.authors.all() if author.email})
