"""Search over what may be shown outside an article (``search_text``: the spoiler-safe
headline, description and body, stored on save). A spoiler's words cannot find an article."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q

from .models import Article

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def search_articles(query):
    """Published articles matching ``query``, best first (PostgreSQL) or newest first."""
    articles = Article.objects.published().for_lists()
    if not query:
        return articles.none()
    if connection.vendor == "postgresql":
        # search_vector is kept up to date on save and GIN-indexed (migration 0009).
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            articles.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "-published_at")
        )
    matches = Q()
    for term in query.split():
        matches &= Q(search_text__icontains=term)
    return articles.filter(matches).latest()
