"""Stored renderings: what every reader sees the same of an article, rendered when it changes
instead of on every request (as bodies are: rendering.py).

``Article.fragments`` keeps the article's card (with a heading of level 2 and of level 3),
its line in related lists and the facts its page's head and feed entries need;
``Article.page_fragments`` the article element of its page (with a marker where the stored
body goes) and the aside beside it, apart so that lists do not read them. Pages use them only
when they were rendered under the same code, templates, settings, script prefix, language
and time zone (the *signature*); otherwise, and for previews, the templates render live. A
stale rendering is never shown:

- anything an article shows changing (the article, its tags, episodes and authors, its
  flags, its picture and the picture's flags, a category, an episode or series it names,
  an author's name) first empties the stored renderings of every article that shows it,
  in one UPDATE inside the change's transaction; then renders them again (the task
  ``tasks.render_fragments``: at once with the immediate backend, later with a worker);
- a rendering that read the data before such an emptying is not stored
  (``Article.fragments_epoch``), so a slow rendering cannot put back what was just emptied.

What changes which articles' renderings: fragment_triggers.py.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

BODY_MARKER = "<!--article-body-->"
SNIPPET_MARKER = "<!--card-snippet-->"
CARD_LEVELS = (2, 3)
PAGE_PARTS = ("article", "episode-info")  # in Article.page_fragments
EMPTY_BATCH = 5000
# What of the storages a rendering's picture addresses depend on (not their credentials).
_STORAGE_OPTIONS = ["custom_domain", "bucket_name", "endpoint_url", "location", "base_url"]
_SOURCE_FOLDERS = ["articles", "content_warnings", "ourplanet", "templates"]


# --- Reading --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _source_digest():
    """A digest of the project's code and templates: a deploy that changes how anything is
    rendered makes every stored rendering unusable until it is rendered again."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder in _SOURCE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".html"} and "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def forget_source_digest():
    _source_digest.cache_clear()


def _storages():
    """Where pictures are served from: each media storage's class and address options."""
    described = []
    for alias in ("default", "renditions"):
        storage = settings.STORAGES.get(alias, {})
        options = storage.get("OPTIONS", {})
        described.append([storage.get("BACKEND"), *(str(options.get(name)) for name in _STORAGE_OPTIONS)])
    return repr(described)


def signature():
    """What a stored rendering must have been rendered under to be shown now."""
    parts = [
        _source_digest(),
        get_script_prefix(),
        get_language() or "",
        timezone.get_current_timezone_name(),
        settings.MEDIA_URL,
        _storages(),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def stored(article, name=None):
    """The stored renderings of ``article`` (or the one called ``name``), or None when there
    are none that may be shown now. Reads only what the query fetched (never a deferred field)."""
    fragments = article.__dict__.get("fragments")
    if not fragments or fragments.get("signature") != signature():
        return None
    if name in PAGE_PARTS:
        return (article.__dict__.get("page_fragments") or {}).get(name)
    return fragments if name is None else fragments.get(name)


def card_html(article, level):
    """A card, from the stored one (with the search snippet put in its place) or rendered."""
    html = stored(article, f"card-{level}")
    if html is None:
        return render_to_string("includes/article_card.html", {"article": article, "level": level})
    snippet = article.search_snippet
    filling = format_html('<p class="card-snippet">{}</p>', snippet) if snippet else ""
    return mark_safe(html.replace(SNIPPET_MARKER, conditional_escape(filling), 1))  # noqa: S308


def related_item_html(article):
    html = stored(article, "related")
    if html is None:
        return render_to_string("includes/related_item.html", {"article": article})
    return mark_safe(html)  # noqa: S308 - rendered by our templates


def article_html(article, *, preview=False):
    """The article element of its page: stored, with the stored body put in, or rendered."""
    html = None if preview else stored(article, "article")
    if html is None:
        return render_to_string("articles/article_main.html", {"article": article, "preview": preview})
    before, _, after = html.partition(BODY_MARKER)
    return mark_safe(before + article.body_html + after)  # noqa: S308 - both rendered and cleaned by us


def episode_info_html(article, *, preview=False):
    html = None if preview else stored(article, "episode-info")
    if html is None:
        return render_to_string("articles/article_episode_info.html", {"article": article})
    return mark_safe(html)  # noqa: S308


def page_facts(article):
    """What the article page's head and feed entries need beside the article's own columns
    (articles.views, articles.feeds)."""
    from .feeds import warning_line
    from .people import display_name

    episodes = list(article.episodes.all())
    image = article.hero_image
    return {
        # A graphic picture is never the one shown when the article is shared.
        "social_image": image.fallback_url if image and not image.is_graphic else "",
        "episode_ids": [episode.pk for episode in episodes],
        # Episode names are never spoilers: the title and social cards name what it is about.
        "episodes": ", ".join(f"{episode.series.title} {episode.code} “{episode.title}”" for episode in episodes),
        "authors": [display_name(author) for author in article.authors.all()],
        "tags": [tag.name for tag in article.tags.all()],
        "warning_line": warning_line(article),
    }


# --- Writing --------------------------------------------------------------------------------


def render(article):
    """Every stored rendering of ``article`` (loaded with its relations: see loaded()), as the
    values of its two columns: (fragments, page_fragments); two empty ones when it must not be
    stored."""
    image = article.hero_image
    if image is not None and not image.renditions:
        # Until its renditions are made, a picture is the original at an address that may
        # expire (storage.py): rendered live meanwhile (make_renditions renders it again).
        return {}, {}
    fragments = {
        f"card-{level}": render_to_string(
            "includes/article_card.html", {"article": article, "level": level, "storing": True}
        )
        for level in CARD_LEVELS
    }
    fragments["related"] = render_to_string("includes/related_item.html", {"article": article})
    fragments["facts"] = page_facts(article)
    fragments["signature"] = signature()
    page_fragments = {
        "article": render_to_string("articles/article_main.html", {"article": article, "storing": True}),
        "episode-info": render_to_string("articles/article_episode_info.html", {"article": article}),
    }
    return fragments, page_fragments


def refresh(article_ids):
    """Render and store the renderings of these articles, each unless it was emptied again
    since its data was read."""
    from .models import Article

    ids = sorted(set(article_ids))
    for start in range(0, len(ids), 100):
        for article in loaded(ids[start:start + 100]):
            fragments, page_fragments = render(article)
            Article.objects.filter(pk=article.pk, fragments_epoch=article.fragments_epoch).update(
                fragments=fragments, page_fragments=page_fragments
            )


def loaded(article_ids):
    """These articles with everything their renderings show (the epoch read first, with the row)."""
    from .models import Article

    return list(
        Article.objects.filter(pk__in=list(article_ids))
        .select_related("hero_image")
        .prefetch_related("authors")
        .defer("body", "search_text", "search_vector", "fragments", "page_fragments")
        .attaching("flags", "tags", "episodes")
    )


def empty(article_ids):
    """Make the stored renderings of these articles unusable at once (an UPDATE per 5,000)."""
    from .models import Article

    ids = sorted(set(article_ids))
    for start in range(0, len(ids), EMPTY_BATCH):  # SQLite takes a bounded number of parameters
        Article.objects.filter(pk__in=ids[start : start + EMPTY_BATCH]).update(
            fragments={}, page_fragments={}, fragments_epoch=F("fragments_epoch") + 1
        )


def changed(article_ids):
    """Something these articles show has changed: empty their renderings, then render them
    again (by the task, queued inside the change's transaction)."""
    from .tasks import render_fragments

    article_ids = sorted(set(article_ids))
    if article_ids:
        empty(article_ids)
        render_fragments.enqueue(article_ids)
