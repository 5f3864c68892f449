"""Tag names: one that slugifies to nothing is refused on save, and a tag without an address
stored before that rule never takes a page down."""

import pytest
from taggit.models import Tag

from articles.models import Article

from .factories import ArticleFactory
from .helpers import article_data, flag_rows, warnings_prefix

ARTICLES = "/admin/articles/article/"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("tags", "problem"),
    [
        ("walrus, !!!", "“!!!” cannot be a tag"),
        ("---", "“---” cannot be a tag"),
        ("walrus\x01", "Remove the invisible character U+0001"),
    ],
)
def test_a_tag_that_cannot_have_an_address_is_refused_on_save(editor_client, tags, problem):
    prefix = warnings_prefix(editor_client, f"{ARTICLES}add/")

    response = editor_client.post(f"{ARTICLES}add/", {**article_data(tags=tags), **flag_rows(prefix, [])})

    assert response.status_code == 200
    assert any(problem in error for error in response.context["adminform"].form.errors["tags"])
    assert not Article.objects.exists()
    assert not Tag.objects.exists()


def test_tags_with_letters_beyond_ascii_have_a_page(editor_client, client):
    ArticleFactory(slug="cafe", tags=["Café culture"])

    assert client.get("/").status_code == 200
    assert client.get("/tags/café-culture/").status_code == 200


def test_a_stored_tag_without_an_address_does_not_take_pages_down(client):
    bad = Tag.objects.create(name="!!!")
    assert bad.slug == ""
    article = ArticleFactory(slug="walruses", tags=["walrus"])
    article.tags.add(bad)

    for url in ["/", "/articles/walruses/", "/tags/walrus/", "/search/?q=article", "/feeds/latest/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "!!!" in client.get("/articles/walruses/").content.decode()
