"""Search: published articles only, over spoiler-safe text; full-text with an index on PostgreSQL."""

import pytest
from django.db import connection

from articles.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search and its GIN index exist on PostgreSQL only"
)


@pytest.fixture(autouse=True)
def rendered_every_time(settings):
    """These tests read the view's context, which a page served from the cache has not."""
    settings.PAGE_CACHE = False


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


def test_search_pages_keep_the_query(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for n in range(5):
        ArticleFactory(slug=f"walrus-{n}", title=f"Walrus notes {n}", body="A walrus colony.")
    ArticleFactory(slug="penguin", title="Penguin notes", body="A penguin colony.")
    first = client.get("/search/", {"q": "walrus colony"})
    older = first.context["page"].older_url
    assert "q=walrus+colony" in older and "page=2" in older
    second = client.get(older)
    assert "q=walrus+colony" in second.context["page"].newer_url
    seen = _results(client, "walrus colony") + [a.slug for a in second.context["page"].object_list]
    assert len(set(seen)) == 4 and "penguin" not in seen


def test_search_snippet_marks_the_words_and_escapes_the_text(client):
    ArticleFactory(
        slug="ice", title="Sea ice", standfirst="",
        body="Before the <script>alert(1)</script> part, the walrus colony gathers on the shore at dawn.",
    )
    page = client.get("/search/", {"q": "colony"}).content.decode()
    snippet = page.split('class="card-snippet">', 1)[1].split("</p>", 1)[0]
    assert "<mark>colony</mark>" in snippet.lower()
    assert "<script>" not in page.split('class="card-snippet">', 1)[1].split("</p>", 1)[0]


def test_search_snippet_never_shows_spoilers(client):
    ArticleFactory(
        slug="ice", title="Sea ice", standfirst="",
        body="The walrus colony gathers.\n\nThe ending is ||the colony drowns in marzipanic floods||.",
    )
    page = client.get("/search/", {"q": "colony"}).content.decode()
    assert "marzipanic" not in page


def test_search_ranks_a_bounded_number_of_matches(client, monkeypatch):
    from articles import search

    monkeypatch.setattr(search, "SEARCH_LIMIT", 3)
    for n in range(6):
        ArticleFactory(slug=f"walrus-{n}", title=f"Walrus {n}", body="A walrus.")
    response = client.get("/search/", {"q": "walrus"})
    assert len(response.context["page"].object_list) == 3
    assert response.context["page"].older_url is None
    # The newest matches are the ones kept.
    assert set(_results(client, "walrus")) == {"walrus-5", "walrus-4", "walrus-3"}
