"""Forms: the reader's report (small, strict, with a field only robots fill in) and the
moderator's decisions on it."""

from django import forms
from django.apps import apps
from django.conf import settings

from .models import ContentWarning, WarningCategory
from .reports import Report


class ReportForm(forms.ModelForm):
    # A honeypot: hidden from people (by CSS and aria-hidden), filled in by form-filling robots.
    website = forms.CharField(required=False, label="Leave this empty", max_length=200)

    class Meta:
        model = Report
        fields = ["category", "episode", "message", "email"]
        labels = {
            "category": "Which warning",
            "episode": "For a spoiler: up to which episode",
            "message": "What is missing or wrong",
            "email": "Your e-mail (optional)",
        }
        help_texts = {
            "message": f"At most {Report.MESSAGE_MAX_LENGTH:,} characters. Please do not repeat the spoiler itself.",
            "email": "Only if you would like to hear what we decide. Only our moderators see it.",
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": Report.MESSAGE_MAX_LENGTH})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = WarningCategory.objects.active()
        self.fields["category"].empty_label = "Choose a warning"
        episode_model = apps.get_model(settings.WARNINGS_EPISODE_MODEL)
        self.fields["episode"].queryset = episode_model.objects.select_related("series")
        self.fields["episode"].empty_label = "Not about a spoiler"
        self.fields["message"].max_length = Report.MESSAGE_MAX_LENGTH
        self.fields["message"].strip = True

    @property
    def is_robot(self):
        return bool(self.data.get("website"))

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if category is not None and category.is_spoiler and cleaned.get("episode") is None:
            self.add_error("episode", "Say up to which episode the article spoils.")
        if category is not None and not category.is_spoiler:
            cleaned["episode"] = None
        return cleaned


class AcceptForm(forms.ModelForm):
    """The flag accepting a report adds (or the stronger values of the flag it changes),
    pre-filled from the report; the moderator may edit any of it before confirming."""

    reason = forms.CharField(
        label="Why (for the log and the reader)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = ContentWarning
        fields = ["category", "severity", "note", "spoils_series", "spoils_episode"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = WarningCategory.objects.active()
        self.fields["spoils_episode"].queryset = self.fields["spoils_episode"].queryset.select_related("series")


class ReasonForm(forms.Form):
    """Why: for dismissing (required, the reader is told) or for a bulk decision."""

    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, label="Why it is dismissed (the reader is told)", required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].required = required


class DuplicateForm(forms.Form):
    original = forms.ModelChoiceField(queryset=Report.objects.none(), label="Repeats report")
    reason = forms.CharField(label="Note (optional)", required=False, max_length=1000)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = (
            Report.objects.filter(content_type_id=report.content_type_id, object_id=report.object_id)
            .exclude(pk=report.pk)
            .exclude(status=Report.Status.DUPLICATE)
            .select_related("category")
        )
