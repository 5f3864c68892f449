"""An article's outward text checked for spoilers, with what the check needs read from the
database: the words its body hides, and how far its spoiler scope reaches in each series.

The check itself is pure (``spoiler_check``); this module gathers its inputs for the
article form, the live check while typing, status changes and the image form.
"""

import re
from dataclasses import dataclass, field

from content_warnings.models import ContentWarning, WarningCategory

from . import rendering
from .models import Article, Episode, Image, Series
from .resolver import body_resolver
from .spoiler_check import WHOLE_SERIES, EpisodeMark, check_outward_text, later_episodes

CONFIRM_LABEL = Article.SPOILER_CONFIRMATION


@dataclass
class OutwardText:
    """What readers see of an article before any gate, and what decides what spoils."""

    title: str = ""
    standfirst: str = ""
    safe_title: str = ""
    safe_description: str = ""
    body: str = ""
    hero_image: object = None  # an Image, or None
    episodes: list = field(default_factory=list)  # Episode objects the article covers
    flags: list = field(default_factory=list)  # ContentWarning objects (saved or not)

    @classmethod
    def of(cls, article, flags=None):
        return cls(
            title=article.title,
            standfirst=article.standfirst,
            safe_title=article.safe_title,
            safe_description=article.safe_description,
            body=article.body,
            hero_image=article.hero_image if article.hero_image_id else None,
            episodes=list(article.episodes.select_related("series")) if article.pk else [],
            flags=list(article.warnings.with_related()) if flags is None and article.pk else list(flags or []),
        )

    @classmethod
    def from_form_data(cls, data):
        """The outward text as the edit page would submit it now (for the check while typing)."""
        hero = _pk(data.get("hero_image"))
        episode_ids = [pk for pk in map(_pk, data.getlist("episodes")) if pk is not None]
        text = cls(
            title=data.get("title", ""),
            standfirst=data.get("standfirst", ""),
            safe_title=data.get("safe_title", ""),
            safe_description=data.get("safe_description", ""),
            body=data.get("body", ""),
            hero_image=Image.objects.filter(pk=hero).first() if hero else None,
            episodes=list(Episode.objects.filter(pk__in=episode_ids).select_related("series")),
        )
        text.flags, text.note_names = flags_from_form_data(data)
        return text

    note_names = ()  # the form field each flag's note came from, when read from form data

    def fields(self):
        """``[(label, text)]`` in the order the editor sees them on the page."""
        fields = [
            ("Title", self.title),
            ("Standfirst", self.standfirst),
            ("Spoiler-free headline", self.safe_title),
            ("Spoiler-free description", self.safe_description),
        ]
        if self.hero_image is not None:
            fields += [
                ("Alt text of the hero image", self.hero_image.alt_text),
                ("Caption of the hero image", self.hero_image.caption),
            ]
        return fields + note_fields(self.flags)

    def field_names(self):
        """Each label of ``fields()`` with the form field it is typed in."""
        names = {
            "Title": "title",
            "Standfirst": "standfirst",
            "Spoiler-free headline": "safe_title",
            "Spoiler-free description": "safe_description",
            "Alt text of the hero image": "hero_image",
            "Caption of the hero image": "hero_image",
        }
        notes = [label for label, _text in note_fields(self.flags)]
        return names | dict(zip(notes, self.note_names, strict=False))


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


_ROW_RE = re.compile(r"^(?P<row>.+-(?P<index>\d+)-)(?:note|id)$")


def flags_from_form_data(data):
    """The flag rows of a warnings inline as submitted (deleted rows left out), unsaved,
    and the name of each one's note field. A stored flag whose fields were not sent
    (locked for this editor) counts as it is stored."""
    rows = {}
    for name in data:
        match = _ROW_RE.match(name)
        if match and not data.get(f"{match['row']}DELETE"):
            rows[int(match["index"])] = match["row"]
    rows = [rows[index] for index in sorted(rows)]
    stored = ContentWarning.objects.with_related().in_bulk([_pk(data.get(f"{row}id")) for row in rows])
    categories = WarningCategory.objects.in_bulk([_pk(data.get(f"{row}category")) for row in rows])
    episodes = Episode.objects.in_bulk([_pk(data.get(f"{row}spoils_episode")) for row in rows])
    flags = []
    for row in rows:
        if f"{row}note" not in data:
            flag = stored.get(_pk(data.get(f"{row}id")))
            if flag is not None:
                flags.append(flag)
            continue
        flag = ContentWarning(note=data.get(f"{row}note", ""))
        category = categories.get(_pk(data.get(f"{row}category")))
        if category is not None:
            flag.category = category
        episode = episodes.get(_pk(data.get(f"{row}spoils_episode")))
        flag.spoils_episode = episode
        flag.spoils_series_id = _pk(data.get(f"{row}spoils_series")) or (episode.series_id if episode else None)
        flags.append(flag)
    names = [f"{row}note" for row in rows if f"{row}note" in data or stored.get(_pk(data.get(f"{row}id")))]
    return flags, names


def note_fields(flags):
    """``[(label, note)]``, one a flag, each label different (the check names fields by it)."""
    fields, seen = [], {}
    for flag in flags:
        category = flag.category if getattr(flag, "category_id", None) else None
        label = f"Note of the “{category.label}” warning" if category else "Note of a warning"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        fields.append((label, flag.note))
    return fields


def _key(season, number):
    return WHOLE_SERIES if number is None else (season, number)


def covered(text, rendered):
    """How far spoilers may reach per series (by series id): the episodes the article
    covers, its spoiler flags, and its body's spoiler blocks."""
    reach = {}

    def extend(series_id, key):
        reach[series_id] = max(reach.get(series_id, key), key)

    for episode in text.episodes:
        extend(episode.series_id, (episode.season, episode.number))
    for flag in text.flags:
        if getattr(flag, "category_id", None) and flag.category.is_spoiler and flag.spoils_series_id:
            episode = flag.spoils_episode if flag.spoils_episode_id else None
            extend(flag.spoils_series_id, _key(episode.season, episode.number) if episode else WHOLE_SERIES)
    slugs = {scope.series_slug for scope in rendered.spoiler_scopes}
    ids = dict(Series.objects.filter(slug__in=slugs).values_list("slug", "pk")) if slugs else {}
    for scope in rendered.spoiler_scopes:
        if scope.series_slug in ids:
            extend(ids[scope.series_slug], _key(scope.season, scope.number))
    return reach


def episode_marks(series_ids):
    return [
        (episode.series_id, EpisodeMark(episode.series.slug, episode.series.title, episode.season, episode.number, episode.title))
        for episode in Episode.objects.filter(series_id__in=series_ids).select_related("series")
    ]


def findings_for(text, fields=None):
    """Every spoiler in the outward text (``spoiler_check.Finding``), or in ``fields``
    judged against this article's body and scope."""
    rendered = rendering.render_body(text.body, body_resolver(), strict=False)
    reach = covered(text, rendered)
    marks = episode_marks(reach)
    by_slug = {mark.series_slug: reach[series_id] for series_id, mark in marks}
    later = later_episodes([mark for _series_id, mark in marks], by_slug)
    return check_outward_text(fields if fields is not None else text.fields(), spoiler_words=rendered.spoiler_words, later=later)


def articles_showing(image_pk):
    """Articles whose hero or body shows the picture."""
    return Article.objects.filter(pk__in=(
        Article.objects.filter(hero_image_id=image_pk) | Article.objects.filter(body__contains=f"(image:{image_pk})")
    ).values("pk"))


def image_fields(alt_text, caption, flags=()):
    return [("Alt text", alt_text), ("Caption", caption), *note_fields(flags)]


def findings_for_image(image_pk, *, alt_text, caption, flags=()):
    """A picture's alt text, caption and notes, against every article that shows it."""
    if image_pk is None:
        return []  # a new picture: no article shows it yet
    fields = image_fields(alt_text, caption, flags)
    found = []
    for article in articles_showing(image_pk).prefetch_related("warnings"):
        for finding in findings_for(OutwardText.of(article), fields):
            if finding not in found:
                found.append(finding)
    return found


def confirmation_comment(findings):
    """What the revision records when an editor confirmed the flagged words."""
    words = ", ".join(f"“{finding.text}” ({finding.field.lower()})" for finding in findings)
    return f"Checked for spoilers and confirmed not a spoiler: {words}."
