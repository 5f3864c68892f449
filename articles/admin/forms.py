"""The newsroom's forms: image upload, and the article form with its status, hold and
stale-save checks (each rule is the model's; the form only reports it)."""

from django import forms
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.functional import lazy

from .. import revisions, spoiler_review
from ..models import Article, Image


class ImageAdminForm(forms.ModelForm):
    # A plain file field: Django's image field would decode the upload before our checks
    # (and answer every problem with one generic message).
    file = forms.FileField(
        label="Picture",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text="A JPEG, PNG, WebP or GIF. Location and camera details are removed on upload.",
    )

    confirm_not_spoiler = forms.BooleanField(
        label=Article.SPOILER_CONFIRMATION,
        required=False,
        help_text="Tick when the words the spoiler check names give nothing away. It counts for this save only.",
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]

    def clean(self):
        """A picture's text is read before any gate wherever it is shown: checked like an article's."""
        cleaned = super().clean()
        flags = spoiler_review.flags_from_form_data(self.data)[0]
        self.spoiler_findings = spoiler_review.findings_for_image(
            self.instance.pk, alt_text=cleaned.get("alt_text") or "", caption=cleaned.get("caption") or "", flags=flags
        )
        published = spoiler_review.articles_showing(self.instance.pk).filter(status=Article.Status.PUBLISHED)
        status = Article.Status.PUBLISHED if self.instance.pk and published.exists() else None
        error = Article.spoiler_error(self.spoiler_findings, status, confirmed=cleaned.get("confirm_not_spoiler"))
        if error:
            self.add_error("confirm_not_spoiler", error)
        return cleaned


class ArticleAdminForm(forms.ModelForm):
    """The article form, with optimistic locking and the status rules.

    The form carries the edit version the editor loaded. If someone saved since, the save
    is refused with what they changed, and the editor's own text stays in the form.
    """

    user = None  # set by ArticleAdmin.get_form
    # Rendered in the page (see ArticleAdmin.fieldsets), so the browser sends it back.
    edit_version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_not_spoiler = forms.BooleanField(
        label=Article.SPOILER_CONFIRMATION,
        required=False,
        help_text="Tick when the words the spoiler check names give nothing away. It counts for this save "
        "only, and the revision records it.",
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "standfirst", "hero_image", "body", "episodes", "tags", "authors",
            "status", "published_at", "safe_title", "safe_description",
        ]
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 2}),
            "safe_description": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(
                attrs={
                    "rows": 24,
                    "class": "markdown-body",
                    "data-live-preview": reverse_lazy("admin:articles_article_render_preview"),
                    "data-preview-stylesheet": lazy(static, str)("css/site.css"),
                    "data-editor-episodes-url": reverse_lazy("admin:articles_article_choose_episodes"),
                    "data-editor-categories-url": reverse_lazy("admin:articles_article_choose_categories"),
                    "data-editor-images-url": reverse_lazy("admin:articles_article_choose_images"),
                    "data-editor-upload-url": reverse_lazy("admin:articles_article_upload_image"),
                }
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spoiler_findings = []
        if "edit_version_seen" in self.fields and self.instance.pk:
            if not self.is_bound:
                self.initial.setdefault("edit_version_seen", self.instance.edit_version)
            # A change without it would overwrite whatever was saved since: refused.
            self.fields["edit_version_seen"].required = True
            self.fields["edit_version_seen"].error_messages["required"] = (
                "This form did not say which version of the article it was opened at, so saving it "
                "could overwrite someone else's changes. Reload the page and make your changes again."
            )
        self.conflict = None

    def clean(self):
        cleaned = super().clean()
        # The article as saved, read once and locked until this save ends (on PostgreSQL).
        stored = (
            Article.objects.select_for_update().filter(pk=self.instance.pk).first() if self.instance.pk else None
        )
        if self.user is not None:
            if Article.edit_error(self.user):
                return cleaned  # a moderator saving the flags: the article itself is read-only for them
            self._check_transition(cleaned, stored)
        self._check_conflict(cleaned, stored)
        self._check_spoilers(cleaned)
        return cleaned

    def _check_spoilers(self, cleaned):
        """Outward text that would spoil stops publishing (see Article.spoiler_error)."""
        episodes = cleaned.get("episodes")
        text = spoiler_review.OutwardText(
            title=cleaned.get("title") or "",
            standfirst=cleaned.get("standfirst") or "",
            safe_title=cleaned.get("safe_title") or "",
            safe_description=cleaned.get("safe_description") or "",
            body=cleaned.get("body") or "",
            hero_image=cleaned.get("hero_image"),
            episodes=list(episodes.select_related("series")) if episodes is not None else [],
            flags=spoiler_review.flags_from_form_data(self.data)[0],
        )
        self.spoiler_findings = spoiler_review.findings_for(text)
        status = cleaned.get("status", self.instance.status)
        error = Article.spoiler_error(self.spoiler_findings, status, confirmed=cleaned.get("confirm_not_spoiler"))
        if error:
            self.add_error("confirm_not_spoiler", error)

    def _check_transition(self, cleaned, stored):
        new_status = cleaned.get("status")
        if new_status is None:
            return
        error = Article.publishing_error(stored, new_status, cleaned.get("published_at"), self.user)
        if error:
            self.add_error("status", error)

    def _check_conflict(self, cleaned, stored):
        seen = cleaned.get("edit_version_seen")
        if stored is None or seen is None or seen == stored.edit_version:
            return
        self.conflict = revisions.describe_conflict(stored, seen, yours=cleaned)
        # Saving again, after reading what changed, replaces their version with this one.
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_version_seen")] = stored.edit_version
        raise forms.ValidationError(
            "Someone else saved this article while you were editing it. Your text is still here, "
            "unsaved. Read what they changed (below), bring their changes into your text if you "
            "want to keep them, then save again.",
            code="stale",
        )


class HoldForm(forms.Form):
    """Why an article is held, or why the hold is lifted: required (see Article.set_hold)."""

    reason = forms.CharField(
        label="Why", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the moderation log and sent to the authors.",
    )
