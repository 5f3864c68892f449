"""Cache headers for public pages that never outlive a scheduled publication.

Scheduling is decided at query time, so a page is only stale if something caches it. A
shared cache (a CDN) may keep a public page for PUBLIC_PAGE_MAX_AGE seconds, but never
past the moment the next scheduled article goes live.
"""

from functools import wraps

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .models import Article


def seconds_until_next_publication():
    upcoming = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if upcoming is None:
        return None
    return max(0, int((upcoming - timezone.now()).total_seconds()))


def public_max_age():
    max_age = settings.PUBLIC_PAGE_MAX_AGE
    until_next = seconds_until_next_publication()
    return max_age if until_next is None else min(max_age, until_next)


def cache_public_page(view):
    """Mark a successful public response cacheable, for no longer than public_max_age()."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=public_max_age())
        return response

    return wrapped
