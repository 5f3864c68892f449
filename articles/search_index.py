"""What search may match, kept in step with an article on every save.

``search_text`` holds the spoiler-safe headline, description and body text; on PostgreSQL
its full-text vector (GIN-indexed) is stored beside it. ``search.py`` queries them.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection


def search_text(article):
    """The spoiler-safe headline, description and body text of ``article``."""
    article.__dict__.pop("spoiler_safe", None)  # the title or standfirst may have changed
    safe = article.spoiler_safe
    return f"{safe.headline}\n{safe.description}\n{article.body_text}"


def update_vector(article):
    """On PostgreSQL, store the full-text vector of the saved ``search_text``."""
    if connection.vendor == "postgresql":
        type(article).objects.filter(pk=article.pk).update(
            search_vector=SearchVector("search_text", config="english")
        )
