"""Support for editors working on one article: who else has it open, autosaved drafts,
and signed share links for reviewers without an account."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from ourplanet.text_input import bounded_int, control_character_error

from .models import Article, ArticleAutosave
from .people import display_name

PRESENCE_WINDOW = timedelta(minutes=5)
SHARE_SALT = "articles.share-link"


# Presence: kept in the cache (shared through Redis when several processes serve the admin).
def _presence_key(article_pk):
    return f"article-presence:{article_pk}"


@dataclass(frozen=True)
class Presence:
    """Someone else on an article's edit page: viewing it, or editing (they changed a
    field or typed in the last few minutes, as their autosave tells)."""

    name: str
    seen: datetime
    edited: datetime | None = None

    @property
    def editing(self):
        return self.edited is not None


def note_presence(article_pk, user, *, editing=False):
    """Record that ``user`` has the article open now; ``editing`` when they changed something."""
    key = _presence_key(article_pk)
    now = timezone.now()
    present = {
        user_id: entry
        for user_id, entry in (cache.get(key) or {}).items()
        if isinstance(entry, dict) and now - entry["seen"] < PRESENCE_WINDOW
    }
    edited = now if editing else (present.get(user.pk) or {}).get("edited")
    present[user.pk] = {"name": display_name(user), "seen": now, "edited": edited}
    cache.set(key, present, int(PRESENCE_WINDOW.total_seconds()) * 2)


def others_present(article_pk, user):
    """Other people who had the article open in the last few minutes, by name."""
    now = timezone.now()
    return sorted(
        (
            Presence(
                entry["name"],
                entry["seen"],
                entry["edited"] if entry["edited"] and now - entry["edited"] < PRESENCE_WINDOW else None,
            )
            for user_id, entry in (cache.get(_presence_key(article_pk)) or {}).items()
            if isinstance(entry, dict) and user_id != user.pk and now - entry["seen"] < PRESENCE_WINDOW
        ),
        key=lambda presence: (presence.name, presence.seen),
    )


# Autosave.
MAX_EDIT_VERSION = 2**31 - 1


def autosave_errors(data):
    """``{field: message}`` for what an autosave request may not store (stored nothing then)."""
    errors = {}
    version = data.get("edit_version_seen") or "0"
    if bounded_int(version, default=None, low=0, high=MAX_EDIT_VERSION) is None:
        errors["edit_version_seen"] = "The edit version must be a whole number from 0."
    for name in Article.TEXT_FIELDS:
        value = str(data.get(name, ""))
        if error := control_character_error(value):
            errors[name] = error
        elif len(value) > settings.ARTICLE_BODY_MAX_LENGTH:
            errors[name] = f"Longer than {settings.ARTICLE_BODY_MAX_LENGTH:,} characters; not autosaved."
    return errors


def autosave(*, user, article, data, base_version):
    """Keep the latest text of this user's edit page; publishing nothing (see autosave_errors)."""
    fields = {name: str(data.get(name, "")) for name in Article.TEXT_FIELDS if name in data}
    with transaction.atomic():
        saved, _ = ArticleAutosave.objects.update_or_create(
            article=article, user=user, defaults={"data": fields, "base_version": base_version}
        )
    return saved


def pending_autosave(*, user, article):
    """This user's autosave, if it differs from the article as saved.

    Their own successful save discards it, so one that is left is unsaved work, even when
    someone else saved the article since: it is offered back, and saving it then shows
    that conflict instead of losing either text.
    """
    saved = ArticleAutosave.objects.filter(user=user, article=article).first()
    if saved is None:
        return None
    if article is not None and not saved.differs_from(article):
        return None
    return saved


def discard_autosave(*, user, article):
    ArticleAutosave.objects.filter(user=user, article=article).delete()


# Share links.
def share_token(article):
    return signing.dumps({"a": article.pk, "k": article.share_key}, salt=SHARE_SALT, compress=True)


class ShareLinkError(Exception):
    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


def article_for_share_token(token):
    """The article a share token opens; ShareLinkError if expired, revoked or forged."""
    try:
        payload = signing.loads(token, salt=SHARE_SALT, max_age=settings.SHARE_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise ShareLinkError("This preview link has expired. Ask the editor for a new one.", 410) from None
    except signing.BadSignature:
        raise ShareLinkError("This preview link is not valid.", 404) from None
    article = (
        Article.objects.for_page().filter(pk=payload.get("a")).first()
        if isinstance(payload, dict)
        else None
    )
    if article is None:
        raise ShareLinkError("This preview link is not valid.", 404)
    if article.share_key != payload.get("k"):
        raise ShareLinkError("This preview link has been withdrawn by the editor.", 410)
    return article
