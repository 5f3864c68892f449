"""The series page's episode guide follows a moderator's hold, in a real Chromium with the
page cache on: the reader sees the episode's "Animal death" warning, a moderator holds the
only article that carries it from the admin, the reader's next request no longer shows it,
and lifting the hold brings it back."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from articles.demo.content import WALRUS_SLUG
from articles.models import Article
from tests.browser.demo_site import load_demo_site, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def walrus(settings):
    load_demo_site(settings, "moderator")
    settings.PAGE_CACHE = True
    cache.clear()
    return Article.objects.get(slug=WALRUS_SLUG)


def _frozen_worlds_row(reader):
    return reader.locator("li.episode", has=reader.get_by_text("Frozen Worlds", exact=True))


def _hold_or_lift(moderator, walrus, reason):
    moderator.goto(f"/admin/articles/article/{walrus.pk}/change/")
    moderator.locator(".field-hold_status a.button").click()
    moderator.get_by_label("Why").fill(reason)
    moderator.get_by_role("button", name="Confirm").click()
    expect(moderator.locator(".messagelist")).to_be_visible()


def test_a_hold_and_its_lifting_reach_the_episode_guide(browser, live_server, walrus):
    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto("/series/our-planet/")
    expect(_frozen_worlds_row(reader).locator(".chips")).to_contain_text("Animal death")

    moderator = browser.new_context(base_url=live_server.url).new_page()
    sign_in(moderator, "moderator")

    _hold_or_lift(moderator, walrus, "The fall is shown without a warning on the picture.")
    expect(moderator.locator(".messagelist")).to_contain_text("readers cannot see it")
    reader.reload()
    expect(_frozen_worlds_row(reader)).to_be_visible()
    expect(_frozen_worlds_row(reader)).not_to_contain_text("Animal death")

    _hold_or_lift(moderator, walrus, "The picture now carries its warning.")
    expect(moderator.locator(".messagelist")).to_contain_text("The hold is lifted")
    reader.reload()
    expect(_frozen_worlds_row(reader).locator(".chips")).to_contain_text("Animal death")
