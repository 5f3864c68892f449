"""The reader's preferences page. The choices live in the reader's browser, not on the server,
so every anonymous reader is sent the same HTML (and a CDN may cache it)."""

from django.apps import apps
from django.conf import settings
from django.shortcuts import render

from .models import Kind, WarningCategory

CHOICES = [
    ("warn", "Warn me", "Keep it hidden behind a warning until I choose to see it."),
    ("blur", "Blur only", "Show the text, but keep pictures blurred until I choose."),
    ("show", "Show without warning", "Open it for me."),
]


def _series_with_episodes():
    """Every series with its episodes in order, from the episode model the settings name."""
    episode_model = apps.get_model(settings.WARNINGS_EPISODE_MODEL)
    series = {}
    for episode in episode_model.objects.select_related("series").order_by(
        "series__title", "season", "number"
    ):
        series.setdefault(episode.series, []).append(episode)
    return list(series.items())


def preferences(request):
    categories = WarningCategory.objects.active().filter(kind=Kind.DISCRETION)
    return render(
        request,
        "warnings/preferences.html",
        {"categories": categories, "choices": CHOICES, "series_list": _series_with_episodes()},
    )
