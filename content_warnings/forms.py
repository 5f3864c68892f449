"""The reader's report form: small, strict, and with a field only robots fill in."""

from django import forms
from django.apps import apps
from django.conf import settings

from .models import WarningCategory
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
