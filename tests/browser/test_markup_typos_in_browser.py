"""A typo in spoiler markup, as an editor meets it in Chromium: saving is refused with a
message naming the line, and the stored body stays as it was."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, SeriesFactory

from .test_newsroom_in_browser import ARTICLES, editor_page  # noqa: F401 - the logged-in tab

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TYPO = "The haul-out.\n\n::: Spoiler our-planet\nIn the end the zqxword dies.\n:::"


def test_a_capitalised_spoiler_block_is_refused_on_save_naming_its_line(editor_page):  # noqa: F811
    SeriesFactory(title="Our Planet", slug="our-planet")
    article = ArticleFactory(slug="walruses", body="Walruses.")
    editor_page.goto(f"{ARTICLES}{article.pk}/change/")

    editor_page.fill("textarea[name=body]", TYPO)

    editor_page.locator("input[name=_save]").first.click()

    expect(editor_page.locator(".errorlist", has_text="Line 3:").first).to_contain_text("looks like a block")
    assert Article.objects.get(pk=article.pk).body == "Walruses."
