"""Stored cards and article pages follow the newsroom, in a real Chromium with the page cache
on: an administrator relabels a warning category and an editor retitles the walrus piece in
the admin, and a reader's next requests show the new label and the new headline on the home
page's card, the tag page's card and the article page, never the stored old ones."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from articles import fragments
from articles.demo.content import WALRUS_SLUG
from articles.models import Article
from tests.browser.demo_site import load_demo_site, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SAFE_HEADLINE = "Frozen Worlds: what to know before the Arctic coast sequence"


@pytest.fixture
def demo(settings):
    load_demo_site(settings, "admin")
    settings.PAGE_CACHE = True
    cache.clear()
    return Article.objects.get(slug=WALRUS_SLUG)


def _walrus_card(reader):
    return reader.locator("article.card", has=reader.get_by_role("link", name=SAFE_HEADLINE))


def test_a_relabelled_category_and_a_new_headline_reach_stored_cards_and_pages(browser, live_server, demo):
    assert fragments.stored(Article.objects.get(slug=WALRUS_SLUG)) is not None  # pages read stored HTML
    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto("/")
    expect(_walrus_card(reader).locator(".chips")).to_contain_text("Animal death")

    staff = browser.new_context(base_url=live_server.url).new_page()
    sign_in(staff, "admin")

    # The category's label, as readers see it on chips and notices.
    staff.goto("/admin/warnings/warningcategory/?q=animal-death")
    staff.get_by_role("link", name="Animal death", exact=True).first.click()
    staff.get_by_label("Reader-facing label").fill("Animals dying")
    staff.get_by_role("button", name="Save", exact=True).click()
    expect(staff.locator(".messagelist")).to_contain_text("was changed successfully")

    reader.reload()
    expect(_walrus_card(reader).locator(".chips")).to_contain_text("Animals dying")
    reader.goto("/tags/walruses/")
    expect(_walrus_card(reader).locator(".chips")).to_contain_text("Animals dying")
    reader.goto(f"/articles/{WALRUS_SLUG}/")
    expect(reader.locator(".warning-notice")).to_contain_text("Animals dying")

    # The headline shown outside the article: its spoiler-free title.
    staff.goto(f"/admin/articles/article/{demo.pk}/change/")
    staff.get_by_text("Outside the article", exact=True).click()  # a folded fieldset
    staff.get_by_label("Spoiler-free headline").fill("Frozen Worlds: the walrus sequence, and how to skip it")
    # The demo piece's title trips the spoiler check; the editor has read it and confirms.
    staff.get_by_label("I have checked: this is not a spoiler").check()
    staff.locator("#article_form input[name=_save]").first.click()
    expect(staff.get_by_text("was changed successfully")).to_be_visible()

    reader.goto("/")
    expect(reader.get_by_role("link", name="Frozen Worlds: the walrus sequence, and how to skip it")).to_be_visible()
    expect(reader.get_by_role("link", name=SAFE_HEADLINE)).to_have_count(0)
    reader.goto("/tags/arctic/")
    expect(reader.get_by_role("link", name="Frozen Worlds: the walrus sequence, and how to skip it")).to_be_visible()
    assert fragments.stored(Article.objects.get(slug=WALRUS_SLUG)) is not None  # and stored again
