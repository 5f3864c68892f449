"""The article edit page in a real Chromium: the live preview and autosave find their
addresses and the fields they send in the page itself, on the add page as on the change page."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from articles.models import Article, ArticleAutosave
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTICLES = "/admin/articles/article/"
# Long enough for the server to have answered what the page sends as it is left.
SETTLE_MS = 500


@pytest.fixture
def editor_page(page, live_server, editor):
    """The browser tab, logged in as an editor.

    Leaving an edit page with changed text sends an autosave; the tab leaves and waits for
    it here, so the server is not still writing when the test database is emptied.
    """
    client = Client()
    client.force_login(editor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    yield page
    page.goto("about:blank")
    page.wait_for_timeout(SETTLE_MS)


@pytest.mark.parametrize("address", ["add/", "{pk}/change/"])
def test_live_preview_shows_the_body_rendered_as_on_save(editor_page, address):
    article = ArticleFactory(body="Walruses.")
    editor_page.goto(ARTICLES + address.format(pk=article.pk))

    editor_page.fill("textarea[name=body]", "Walruses *haul out* on the beach.")

    preview = editor_page.frame_locator(".live-preview-frame")  # beside the text, with the site's stylesheet
    expect(preview.locator(".article-body em")).to_have_text("haul out")


def test_live_preview_lists_problems_instead_of_printing_them(editor_page):
    article = ArticleFactory(body="Walruses.")
    editor_page.goto(f"{ARTICLES}{article.pk}/change/")

    editor_page.fill("textarea[name=body]", "![A walrus](image:999999)")

    expect(editor_page.locator(".live-preview-errors .errorlist")).to_contain_text("There is no image 999999")


def test_autosave_keeps_every_text_field_the_editor_changed(editor_page, editor):
    article = ArticleFactory(title="Walruses", body="The walruses haul out.")
    editor_page.clock.install()
    editor_page.goto(f"{ARTICLES}{article.pk}/change/")

    editor_page.fill("input[name=title]", "Walruses, retitled")
    editor_page.fill("textarea[name=body]", "Unsaved walrus text.")
    editor_page.clock.run_for(31_000)

    expect(editor_page.locator("[data-autosave-status]")).to_contain_text("kept in your autosave")
    saved = ArticleAutosave.objects.get(user=editor, article=article)
    assert set(saved.data) == set(Article.TEXT_FIELDS)
    assert saved.data["title"] == "Walruses, retitled"
    assert saved.data["body"] == "Unsaved walrus text."
    assert Article.objects.get(pk=article.pk).body == "The walruses haul out."
