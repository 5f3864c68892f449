"""A typo in spoiler markup, as an editor meets it in Chromium: the live preview names the
line instead of printing the hidden text, and saving is refused with the same message."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, SeriesFactory

from .test_newsroom_in_browser import ARTICLES, editor_page  # noqa: F401 - the logged-in tab

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TYPO = "The haul-out.\n\n::: Spoiler our-planet\nIn the end the zqxword dies.\n:::"


def test_a_capitalised_spoiler_block_is_named_in_the_preview_and_refused_on_save(editor_page):  # noqa: F811
    SeriesFactory(title="Our Planet", slug="our-planet")
    article = ArticleFactory(slug="walruses", body="Walruses.")
    editor_page.goto(f"{ARTICLES}{article.pk}/change/")

    editor_page.fill("textarea[name=body]", TYPO)

    preview = editor_page.locator(".live-preview-body")
    expect(preview.locator(".errorlist")).to_contain_text("Line 3: “::: Spoiler our-planet” looks like a block")
    expect(preview).not_to_contain_text("zqxword")

    editor_page.locator("input[name=_save]").first.click()

    expect(editor_page.locator(".errorlist").first).to_contain_text("Line 3:")
    assert Article.objects.get(pk=article.pk).body == "Walruses."
