"""What moves the content generation (ourplanet/content_generation.py), and when a scheduled
article going live counts as a change.

Receivers, not calls in each save(): deletes through a queryset (the admin's "delete
selected"), cascades (a series takes its episodes with it) and taggit's own managers send
signals but never call ``Model.delete()`` or our code. The warnings app is reusable and
imports nothing of ours, so its flags and categories are watched from here as well. Writes
that bypass signals (``QuerySet.update()``, as ``Article.set_hold`` and
``Article.refresh_rendering`` do) call ``content_generation.bump()`` themselves.

Scheduling is decided at read time (``Article.objects.published()`` compares with the
clock), so no event marks the moment a scheduled article appears. Instead the time of the
next scheduled publication is kept beside each generation; the first request after it
moves the generation.
"""

import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from content_warnings.models import ContentWarning, WarningCategory
from ourplanet import content_generation

from .models import Article, Episode, Image, Series, SlugRedirect

# Every model whose rows a public page shows (or that decides whether a page exists).
WATCHED_MODELS = [Article, Series, Episode, Image, SlugRedirect, ContentWarning, WarningCategory, Tag, TaggedItem]
NEXT_PUBLICATION_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class ContentVersion:
    generation: int
    next_publication: float  # a Unix time, or 0 when nothing is scheduled

    def seconds_until_next_publication(self):
        if not self.next_publication:
            return None
        return max(0, int(self.next_publication - time.time()))


def _next_publication_key(generation):
    return f"{content_generation.KEY}:{generation}:next-publication"


def _next_publication_time():
    upcoming = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else 0


def content_version():
    """The generation now, moved first if a scheduled article has gone live since it was set.

    Two cache reads per request; one small query once per generation.
    """
    generation = content_generation.current()
    key = _next_publication_key(generation)
    upcoming = cache.get(key)
    if upcoming is None:
        upcoming = _next_publication_time()
        cache.set(key, upcoming, timeout=NEXT_PUBLICATION_SECONDS)
    if upcoming and time.time() >= upcoming:
        content_generation.bump()
        return content_version()
    return ContentVersion(generation, upcoming)


def _changed(sender, **kwargs):
    content_generation.bump()


def _user_changed(sender, update_fields=None, **kwargs):
    # Authors' names are on pages; a login (only last_login saved) changes nothing readers see.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    content_generation.bump()


def _links_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        content_generation.bump()


def connect():
    """Called once from ArticlesConfig.ready()."""
    for model in WATCHED_MODELS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"freshness-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"freshness-delete-{model._meta.label}")
    user_model = get_user_model()
    post_save.connect(_user_changed, sender=user_model, dispatch_uid="freshness-save-user")
    post_delete.connect(_changed, sender=user_model, dispatch_uid="freshness-delete-user")
    for through in [Article.episodes.through, Article.authors.through, TaggedItem]:
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"freshness-links-{through._meta.label}")
