"""What the admin suggests after an article is saved: flags the text probably needs, and
spoiler words that leaked into the title or standfirst. Suggestions never block a save."""

import re

from content_warnings.scopes import spoiler_scope_text
from content_warnings.suggestions import keyword_suggestions

from .models import Series
from .spoiler_safe import words

# Words too common to count as a spoiler leaking into a title.
IGNORED_WORDS = {"the", "and", "a", "an", "of", "to", "in", "on", "is", "it", "its", "for", "with", "at", "as", "by"}


def _covered(article, series_id):
    """The furthest (season, number) the article's spoiler flags cover in a series."""
    best = None
    for flag in article.warning_summary.spoilers:
        if flag.spoils_series_id != series_id:
            continue
        if flag.spoils_episode is None:
            return (10**6, 10**6)
        key = (flag.spoils_episode.season, flag.spoils_episode.number)
        best = key if best is None or key > best else best
    return best


def _mentions(episode, text):
    if re.search(rf"(?<![\w-]){re.escape(episode.title)}(?![\w-])", text):
        return True
    code = rf"\bS0?{episode.season}\s*E0?{episode.number}\b|\bepisode\s+{episode.number}\b"
    return bool(re.search(code, text, re.IGNORECASE))


def episode_suggestions(article, text, series_list):
    """Episodes mentioned in the text that lie beyond what the spoiler flags cover."""
    suggestions = []
    for series in series_list:
        covered = _covered(article, series.pk)
        for episode in series.episodes.all():
            if covered is not None and (episode.season, episode.number) <= covered:
                continue
            if _mentions(episode, text):
                suggestions.append(episode)
    return suggestions


def spoiler_words_in_headline(article, spoiler_words):
    """Words of the title or standfirst that otherwise appear only inside spoiler markup."""
    headline_words = words(f"{article.title} {article.standfirst} {article.safe_title} {article.safe_description}")
    return sorted(word for word in headline_words & spoiler_words if word not in IGNORED_WORDS and len(word) > 2)


def a_or_an(word):
    """The article English puts before ``word`` (by its first letter: "an Animal", "a Spoiler")."""
    return "an" if word[:1].lower() in ("a", "e", "i", "o", "u") else "a"


def skipped_heading_levels(body_html):
    """Pairs of heading levels where the body jumps down more than one (h2 → h4)."""
    levels = [int(level) for level in re.findall(r"<h([2-6])[\s>]", body_html or "")]
    previous = 1  # the article's own <h1>
    jumps = []
    for level in levels:
        if level > previous + 1:
            jumps.append((previous, level))
        previous = level
    return jumps


def suggestions_for(article, rendered):
    """Human-readable suggestions for the editor who just saved ``article``."""
    text = f"{article.title}\n{article.standfirst}\n{article.body}"
    flagged = {flag.category_id for flag in article.warning_summary.discretion}
    in_body = set(rendered.discretion_slugs)
    messages = []
    for category, phrases in keyword_suggestions(text, flagged):
        if category.slug in in_body and not category.is_spoiler:
            continue
        if category.is_spoiler:
            continue
        quoted = ", ".join(f"“{p}”" for p in phrases[:5])
        messages.append(f"Consider {a_or_an(category.label)} “{category.label}” warning: the text mentions {quoted}.")

    series_ids = {e.series_id for e in article.episodes.all()} | {
        f.spoils_series_id for f in article.warning_summary.spoilers if f.spoils_series_id
    }
    series_list = Series.objects.filter(pk__in=series_ids).prefetch_related("episodes")
    for episode in episode_suggestions(article, text, series_list):
        scope = spoiler_scope_text(episode.series.title, episode.season, episode.number, episode.title)
        messages.append(
            f"Consider a spoiler warning for {scope}: "
            "the text mentions that episode, which no spoiler flag covers."
        )

    jumps = skipped_heading_levels(rendered.html)
    if jumps:
        first, then = jumps[0]
        messages.append(
            f"The body's headings skip a level (a level-{then} heading follows level {first}). Readers who "
            "move through a page by its headings, with a screen reader say, may think something is missing: "
            "use ## for sections and ### for parts of a section."
        )

    leaked = spoiler_words_in_headline(article, rendered.spoiler_words)
    if leaked:
        messages.append(
            "The title or standfirst uses words that otherwise appear only inside spoiler blocks: "
            + ", ".join(f"“{w}”" for w in leaked[:8])
            + ". Check that they give nothing away, or set a spoiler-free headline and description."
        )
    return messages
