"""Search: published articles only, over spoiler-safe text; full-text with an index on PostgreSQL."""

import pytest
from django.db import connection

from articles.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search and its GIN index exist on PostgreSQL only"
)


def _results(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [article.slug for article in response.context["page"].object_list]


def test_search_finds_published_articles_by_title_and_body(client):
    ArticleFactory(slug="ice", title="Sea ice in retreat", body="The walrus colony gathers on shore.")
    ArticleFactory(slug="forest", title="Forest recovery", body="Trees return.")
    assert _results(client, "colony") == ["ice"]
    assert _results(client, "forest") == ["forest"]


def test_search_never_returns_unpublished_articles(client):
    ArticleFactory(slug="draft", title="Colony draft", status=Article.Status.DRAFT)
    assert _results(client, "colony") == []


def test_empty_or_overlong_query_is_handled(client):
    ArticleFactory(slug="ice", title="Sea ice")
    assert _results(client, "") == []
    assert client.get("/search/", {"q": "ice " * 500}).status_code == 200


@on_postgresql
def test_postgresql_search_matches_word_forms_and_ranks_titles(client):
    ArticleFactory(slug="body-only", title="Notes", body="One walrus rests.")
    ArticleFactory(slug="in-title", title="Walruses at rest", body="Nothing else.")
    assert set(_results(client, "walrus")) == {"body-only", "in-title"}


@on_postgresql
def test_postgresql_search_vector_is_kept_on_save_and_indexed():
    article = ArticleFactory(title="Tundra", body="Reindeer cross.")
    assert "reindeer" in str(Article.objects.values_list("search_vector", flat=True).get(pk=article.pk))
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_article_search_vector_gin'")
        assert "gin" in cursor.fetchone()[0].lower()
