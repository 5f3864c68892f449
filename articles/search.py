"""Search over what may be shown outside an article (``search_text``: the spoiler-safe
headline, description and body, stored on save). A spoiler's words cannot find an article.

Bounded work: on PostgreSQL only the newest SEARCH_LIMIT matches are ranked. Finding them
is a walk down the newest-first index that stops after SEARCH_LIMIT hits for a common word,
or a GIN index lookup for a rare one (the planner chooses); ranking every match of a word
found in half the archive would grow with the archive. Readers of a publication mostly
want recent pieces, so "best of the newest few hundred" is the trade. Snippets are cut
with ``ts_headline`` from the same spoiler-safe text, for the page's articles only.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article
from .pagination import ListPage, address

MAX_QUERY_LENGTH = 200
SEARCH_LIMIT = 240  # 20 pages of 12
# Control characters never occur in stored text; the snippet is escaped, then these become
# <mark> tags, so nothing of the text itself can turn into markup.
MARK_START, MARK_STOP = "\x02", "\x03"
SNIPPET_WORDS = 35


def clean_query(raw):
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def _postgres_query(query):
    return SearchQuery(query, search_type="websearch", config="english")


def matching_ids(query):
    """The ids of the published articles matching ``query``, in the order results are shown:
    on PostgreSQL the newest SEARCH_LIMIT matches, best first; elsewhere the newest
    SEARCH_LIMIT matches, newest first. One query, which also gives the count."""
    if not query:
        return []
    published = Article.objects.published()
    if connection.vendor == "postgresql":
        search = _postgres_query(query)
        newest = published.filter(search_vector=search).order_by("-published_at", "-pk").values("pk")[:SEARCH_LIMIT]
        ranked = (
            Article.objects.filter(pk__in=newest)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "-published_at", "-pk")
        )
        return list(ranked.values_list("pk", flat=True))
    matches = Q()
    for term in query.split():
        matches &= Q(search_text__icontains=term)
    return list(published.filter(matches).latest().values_list("pk", flat=True)[:SEARCH_LIMIT])


def results_page(request, query):
    """The page of results the request asks for (``?page=``, at most SEARCH_LIMIT results in
    all), with a highlighted snippet on each article. Links keep the query.

    The matches are found and ranked once, as ids; only the page's articles are then read,
    as cards, and only theirs get snippets."""
    page = Paginator(matching_ids(query), settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    found = Article.objects.published().for_lists().in_bulk(page.object_list)
    articles = [found[pk] for pk in page.object_list if pk in found]
    snippets = _snippets(query, [article.pk for article in articles])
    for article in articles:
        article.search_snippet = snippets.get(article.pk, "")
    return ListPage(
        articles,
        address(request, page=page.previous_page_number()) if page.has_previous() else None,
        address(request, page=page.next_page_number()) if page.has_next() else None,
        newer_label="Previous results",
        older_label="More results",
    )


def _highlighted(text):
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308 - escaped first


def _snippets(query, article_ids):
    """Spoiler-safe text around the matched words, for these articles only."""
    if not query or not article_ids:
        return {}
    if connection.vendor == "postgresql":
        rows = Article.objects.filter(pk__in=article_ids).annotate(
            snippet=SearchHeadline(
                "search_text", _postgres_query(query), config="english", start_sel=MARK_START,
                stop_sel=MARK_STOP, max_words=SNIPPET_WORDS, min_words=15, short_word=3,
            )
        ).values_list("pk", "snippet")
        return {pk: _highlighted(snippet) for pk, snippet in rows}
    rows = Article.objects.filter(pk__in=article_ids).values_list("pk", "search_text")
    return {pk: _highlighted(_excerpt(text, query.split())) for pk, text in rows}


def _excerpt(text, terms):
    """A window of the text around the first term found, the terms marked (without PostgreSQL)."""
    text = " ".join(text.split())
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - 80) if first else 0
    window = text[start : start + 240]
    if start:
        window = "… " + window.split(" ", 1)[-1]
    if start + 240 < len(text):
        window = window.rsplit(" ", 1)[0] + " …"
    return pattern.sub(lambda match: f"{MARK_START}{match.group(0)}{MARK_STOP}", window)
