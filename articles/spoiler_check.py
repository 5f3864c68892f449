"""Outward text that would give a spoiler away, found before it goes out.

Titles, standfirsts, spoiler-free headlines and descriptions, image alt text and captions
and the notes of warnings are read before any gate. Two things in them spoil:

- a word that the body otherwise uses only inside spoiler blocks or inline spoilers
  (``RenderResult.spoiler_words``): the title says what the hidden text hides;
- a mention of an episode later than the spoiler scope ("episode 5", "S01E05", its title).

Pure functions: the caller supplies the words and the episodes, and gets back exactly what
was found, in which field, as the editor wrote it.
"""

import re
from dataclasses import dataclass

from .spoiler_safe import WORD_RE, strip_inline_spoilers

# Words too common to give anything away, whatever the body hides.
STOP_WORDS = frozenset({
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
    "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself",
    "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most",
    "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our",
    "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours", "yourself", "yourselves", "one", "two", "first", "last", "new", "old", "s", "t",
})


def normalise(word):
    """The form compared: lower case, one kind of apostrophe, no possessive ending."""
    word = word.lower().replace("’", "'")
    return word.removesuffix("'s")


@dataclass(frozen=True)
class EpisodeMark:
    """An episode as the check knows it."""

    series_slug: str
    series_title: str
    season: int
    number: int
    title: str

    @property
    def code(self):
        return f"S{self.season:02d}E{self.number:02d}"

    @property
    def key(self):
        return (self.season, self.number)

    def mentions(self, text):
        """Where ``text`` names this episode: ``[(start, text as written)]``."""
        patterns = [
            rf"\bS0*{self.season}\s*E0*{self.number}\b",
            rf"\b(?:episode|ep\.?)\s*0*{self.number}(?![\w.,]\d)\b",
        ]
        if self.title.strip():
            title = r"\s+".join(re.escape(part) for part in normalise_quotes(self.title).split())
            patterns.append(rf"(?<![\w'-]){title}(?![\w'-])")
        found = {}
        for pattern in patterns:
            for match in re.finditer(pattern, normalise_quotes(text), re.IGNORECASE):
                found.setdefault(match.start(), text[match.start() : match.end()])
        return sorted(found.items())


def normalise_quotes(text):
    """Same length as ``text``, so positions found in one are positions in the other."""
    return text.replace("’", "'").replace("‘", "'")


WHOLE_SERIES = (10**6, 10**6)


def later_episodes(episodes, covered):
    """The episodes beyond what is covered: ``covered`` maps a series slug to the furthest
    (season, number) its spoiler scope reaches (``WHOLE_SERIES`` for all of it); a series
    not in it is covered nowhere, so every one of its episodes is later."""
    return [
        episode
        for episode in episodes
        if episode.series_slug not in covered or episode.key > covered[episode.series_slug]
    ]


@dataclass(frozen=True)
class Finding:
    """One spoiler in one field: a word found only in spoilers, or a later episode."""

    field: str
    text: str
    episode: EpisodeMark | None = None

    @property
    def message(self):
        if self.episode is not None:
            episode = self.episode
            return (
                f"{self.field}: “{self.text}” names {episode.series_title} {episode.code} "
                f"“{episode.title}”, later than the spoiler warnings cover."
            )
        return f"{self.field}: “{self.text}” otherwise appears only inside spoilers."


def spoiler_words_in(text, spoiler_words):
    """The words of ``text`` (outside its own inline spoilers) found only in spoilers,
    as written, first occurrence of each, in order."""
    return [word for _start, word in _spoiler_words_at(strip_inline_spoilers(text), spoiler_words)]


def _spoiler_words_at(text, spoiler_words):
    hidden = {normalise(word) for word in spoiler_words}
    found, seen = [], set()
    for match in WORD_RE.finditer(text):
        key = normalise(match.group(0))
        if key in seen or key in STOP_WORDS or not any(c.isalpha() for c in key):
            continue
        if key in hidden:
            seen.add(key)
            found.append((match.start(), match.group(0)))
    return found


def check_outward_text(fields, *, spoiler_words=frozenset(), later=()):
    """Every spoiler in ``fields`` (``[(label, text)]``, in the order the editor sees them).

    ``spoiler_words`` are the words the body shows only inside spoilers; ``later`` the
    episodes beyond the spoiler scope (see ``later_episodes``).
    """
    findings = []
    for label, text in fields:
        visible = strip_inline_spoilers(text or "")
        if not visible:
            continue
        in_field = [(start, Finding(label, word)) for start, word in _spoiler_words_at(visible, spoiler_words)]
        for episode in later:
            in_field += [(start, Finding(label, written, episode)) for start, written in episode.mentions(visible)]
        in_field.sort(key=lambda item: item[0])
        findings += [finding for _start, finding in in_field]
    return findings
