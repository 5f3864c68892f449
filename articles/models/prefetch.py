"""The relations a page shows, each loaded in one query however many objects it lists."""

from django.db.models import Prefetch

from content_warnings.models import ContentWarning

from .series import Episode


def warnings_prefetch(lookup="warnings"):
    """Flags with their category and the series and episode they spoil."""
    return Prefetch(lookup, queryset=ContentWarning.objects.with_related())


def episodes_prefetch(lookup="episodes"):
    """Episodes with their series (an episode is always named with its series)."""
    return Prefetch(lookup, queryset=Episode.objects.select_related("series"))
