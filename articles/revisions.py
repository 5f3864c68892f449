"""Article revisions (django-reversion): what is recorded, readable diffs, restore.

An article's revision holds the article with its episodes and authors, its tag links and
its warning flags, so restoring one brings all of them back together.
"""

import difflib

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from content_warnings import audit, services
from content_warnings.models import ContentWarning, WarningCategory

from . import redirects
from .models import Article, Episode, Image, StaleEditError
from .people import display_name

# Fields shown in a diff, in this order, with the label an editor knows.
DIFF_FIELDS = [
    ("title", "Title"),
    ("slug", "Address (slug)"),
    ("standfirst", "Standfirst"),
    ("body", "Body"),
    ("status", "Status"),
    ("published_at", "Publish time"),
    ("safe_title", "Spoiler-free headline"),
    ("safe_description", "Spoiler-free description"),
    ("hero_image", "Hero image"),
    ("episodes", "Episodes"),
    ("authors", "Authors"),
]


def versions_of(article):
    return Version.objects.get_for_object(article).select_related("revision__user")


def _in_revision(version, model):
    return [v.field_dict for v in version.revision.version_set.all() if v.content_type.model_class() is model]


def _flag_line(category_name, severity, note):
    return f"{category_name} ({severity or 'default severity'}){f': {note}' if note else ''}"


def snapshot(version):
    """A revision as field → readable text, for diffs (tags and warnings included)."""
    data = version.field_dict
    return _readable(
        {name: data.get(name) for name, _ in DIFF_FIELDS if name not in RELATED_FIELDS},
        episodes=data.get("episodes") or [],
        authors=data.get("authors") or [],
        tag_ids=[item["tag_id"] for item in _in_revision(version, TaggedItem)],
        flags=_in_revision(version, ContentWarning),
        hero_image_id=data.get("hero_image_id"),
    )


def article_values(article):
    """The article as it is now, in the same shape as ``snapshot``."""
    return _readable(
        {
            name: Article._meta.get_field(name).value_from_object(article)
            for name, _ in DIFF_FIELDS
            if name not in RELATED_FIELDS
        },
        episodes=list(article.episodes.values_list("pk", flat=True)),
        authors=list(article.authors.values_list("pk", flat=True)),
        tag_ids=list(article.tagged_items.values_list("tag_id", flat=True)),
        flags=list(article.warnings.values("category_id", "severity", "note")),
        hero_image_id=article.hero_image_id,
    )


RELATED_FIELDS = {"episodes", "authors", "hero_image"}


def _readable(fields, *, episodes, authors, tag_ids, flags, hero_image_id):
    """Plain values as text, related ids as the names an editor knows."""
    values = {name: "" if value is None else str(value) for name, value in fields.items()}
    names = _Names(episodes, authors, tag_ids, [flag["category_id"] for flag in flags], hero_image_id)
    values["hero_image"] = names.image(hero_image_id)
    values["episodes"] = names.join(names.episode_names, episodes)
    values["authors"] = names.join(names.author_names, authors)
    values["tags"] = names.join(names.tag_names, tag_ids)
    values["warnings"] = "\n".join(
        sorted(
            _flag_line(names.category_names.get(flag["category_id"], "?"), flag["severity"], flag["note"])
            for flag in flags
        )
    )
    return values


class _Names:
    """Readable names for the ids a revision stores, fetched in one query per kind."""

    def __init__(self, episodes, authors, tags, categories, image):
        self.episode_names = {e.pk: str(e) for e in Episode.objects.filter(pk__in=episodes).select_related("series")}
        self.author_names = {
            u.pk: display_name(u) for u in get_user_model().objects.filter(pk__in=authors)
        }
        self.tag_names = dict(Tag.objects.filter(pk__in=tags).values_list("pk", "name"))
        self.category_names = dict(WarningCategory.objects.filter(pk__in=categories).values_list("pk", "name"))
        self.image_names = dict(Image.objects.filter(pk=image).values_list("pk", "alt_text")) if image else {}

    def image(self, pk):
        return self.image_names.get(pk, f"image {pk}") if pk else ""

    @staticmethod
    def join(names, pks):
        return ", ".join(sorted(names.get(pk, f"#{pk} (deleted)") for pk in pks))


# Beyond this many pairs of lines (or words) an exact match could take seconds on repeated
# text; difflib's "autojunk" heuristic (ignore very frequent items) keeps it fast.
EXACT_MATCH_PAIRS = 40_000


def _matcher(old, new):
    return difflib.SequenceMatcher(a=old, b=new, autojunk=len(old) * len(new) > EXACT_MATCH_PAIRS)


def _word_diff(old, new):
    """HTML for a word-level diff: removed words in <del>, added in <ins>."""
    old_words, new_words = old.split(" "), new.split(" ")
    parts = []
    for op, a1, a2, b1, b2 in _matcher(old_words, new_words).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return " ".join(parts)


def diff(old_values, new_values):
    """``[(label, html)]`` for every field that differs, line by line then word by word.

    Fields longer than ``ARTICLE_DIFF_DETAIL_MAX_LENGTH`` get a coarser diff whose work
    grows with their length only (see ``_coarse_diff``), so no comparison can stall a worker.
    """
    labels = DIFF_FIELDS + [("tags", "Tags"), ("warnings", "Warnings")]
    changes = []
    for name, label in labels:
        old, new = old_values.get(name, ""), new_values.get(name, "")
        if old == new:
            continue
        if len(old) + len(new) > settings.ARTICLE_DIFF_DETAIL_MAX_LENGTH:
            changes.append((label, _coarse_diff(old, new)))
        else:
            changes.append((label, _line_diff(old, new)))
    return changes


def _line_diff(old, new):
    lines = []
    matcher = _matcher(old.splitlines(), new.splitlines())
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        old_lines, new_lines = old.splitlines()[a1:a2], new.splitlines()[b1:b2]
        if op == "equal":
            lines.extend(escape(line) for line in old_lines)
        elif op == "replace" and len(old_lines) == len(new_lines):
            lines.extend(_word_diff(o, n) for o, n in zip(old_lines, new_lines, strict=True))
        else:
            lines.extend(f"<del>{escape(line)}</del>" for line in old_lines)
            lines.extend(f"<ins>{escape(line)}</ins>" for line in new_lines)
    return "<br>".join(lines) or "<del>(empty)</del>"


def _coarse_diff(old, new):
    """Unchanged lines at the start and end, then the changed stretch whole: linear work."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    start = 0
    while start < min(len(old_lines), len(new_lines)) and old_lines[start] == new_lines[start]:
        start += 1
    end = 0
    while (
        end < min(len(old_lines), len(new_lines)) - start
        and old_lines[len(old_lines) - 1 - end] == new_lines[len(new_lines) - 1 - end]
    ):
        end += 1
    note = (
        f'<em class="diff-note">Too long to compare word by word ({len(old) + len(new):,} characters '
        f"in all): lines {start + 1} to {len(old_lines) - end} before, and {start + 1} to "
        f"{len(new_lines) - end} after, are shown whole.</em>"
    )
    lines = [escape(line) for line in old_lines[:start]]
    lines += [f"<del>{escape(line)}</del>" for line in old_lines[start : len(old_lines) - end]]
    lines += [f"<ins>{escape(line)}</ins>" for line in new_lines[start : len(new_lines) - end]]
    lines += [escape(line) for line in old_lines[len(old_lines) - end :]]
    return "<br>".join([note, *lines])


def describe_conflict(article, seen_version, yours):
    """Who saved ``article`` since ``seen_version`` and what they changed.

    With the revision the editor started from, the diff is exactly the other person's
    change; without one (an article made outside the admin), it compares the two texts.
    """
    theirs = article_values(article)
    versions = list(versions_of(article))
    base = next((v for v in versions if v.field_dict.get("edit_version") == seen_version), None)
    latest = versions[0] if versions else None
    who = latest.revision.user if latest else None
    if base is not None:
        changes, compared = diff(snapshot(base), theirs), "base"
    else:
        mine = {name: "" if yours.get(name) is None else str(yours.get(name)) for name in Article.TEXT_FIELDS}
        changes = diff(mine, {name: theirs[name] for name in Article.TEXT_FIELDS})
        compared = "yours"
    return {
        "who": display_name(who) if who else "someone",
        "when": latest.revision.date_created if latest else article.updated_at,
        "compared": compared,
        "changes": [(label, mark_safe(html)) for label, html in changes],  # noqa: S308 - escaped in diff()
    }


# What a restore never brings back: the lock counter, withdrawn preview links, and a
# moderator's hold are decisions made since, not part of the text.
NOT_RESTORED = ["edit_version", "share_key", "is_held", "hold_reason"]


RESTORE_REASON = "An earlier revision of the article was restored."


def _record_restored_flag(article, flag_id, before, by):
    """A flag a restore brought back or changed goes on the moderation log like any other."""
    flag = ContentWarning.objects.with_related().get(pk=flag_id)
    after = audit.flag_values(flag)
    if after != before:
        action = audit.Action.FLAG_ADDED if before is None else audit.Action.FLAG_CHANGED
        audit.record(action, by=by, obj=article, category=flag.category, before=before, after=after, reason=RESTORE_REASON)


def restore(version, *, by, expected_version=None):
    """Bring back a revision in one action; the restore is recorded as a new revision.

    Tags and flags return to what the revision held, except that flags ``by`` may not
    change or remove (a moderator's, for an editor) stay as they are now. With
    ``expected_version`` (the version the History page showed), refuse with
    StaleEditError if someone saved since.
    """
    article = Article.objects.get(pk=version.object_id)
    if expected_version is not None and expected_version != article.edit_version:
        raise StaleEditError(article.pk)
    kept = {name: getattr(article, name) for name in NOT_RESTORED}
    previous_slug = article.slug
    stored = list(version.revision.version_set.select_related("content_type"))
    in_revision = {model: set() for model in (Article, TaggedItem, ContentWarning)}
    with transaction.atomic(), reversion.create_revision():
        for stored_version in stored:
            model = stored_version.content_type.model_class()
            in_revision.setdefault(model, set()).add(int(stored_version.object_id))
            if model is ContentWarning:
                current = ContentWarning.objects.with_related().filter(pk=stored_version.object_id).first()
                if current is not None and not current.can_be_changed_by(by):
                    continue
                before = audit.flag_values(current) if current is not None else None
            if model is TaggedItem and not Tag.objects.filter(pk=stored_version.field_dict["tag_id"]).exists():
                continue  # the tag itself was deleted since
            stored_version.revert()
            if model is ContentWarning:
                _record_restored_flag(article, stored_version.object_id, before, by)
        article.tagged_items.exclude(pk__in=in_revision[TaggedItem]).delete()
        for flag in article.warnings.exclude(pk__in=in_revision[ContentWarning]):
            if flag.can_be_removed_by(by):
                services.remove_flag(flag, by=by, reason=RESTORE_REASON)
        Article.objects.filter(pk=article.pk).update(**kept)
        article.refresh_from_db()
        article.save(expected_version=kept["edit_version"])  # re-renders; the version moves on
        redirects.record_slug_change(article, previous_slug)
        reversion.set_user(by)
        reversion.set_comment(f"Restored the revision of {version.revision.date_created:%d %b %Y %H:%M}.")
    return article
