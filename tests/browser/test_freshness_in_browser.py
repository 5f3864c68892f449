"""A reader with the page open sees a hold, a new flag or a publication on their very next
request, in a real Chromium, with the page cache on: the browser revalidates (ETag) and the
server's cache is keyed by the content generation."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from articles.models import Article
from content_warnings.models import ContentWarning, Kind, WarningCategory
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    cache.clear()


@pytest.fixture
def moderator():
    user = UserFactory(username="mod")
    group, _ = Group.objects.get_or_create(name="Moderators")
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="moderate_contentwarning"))
    return user


def _category():
    found, _ = WarningCategory.objects.get_or_create(
        slug="animal-death",
        defaults={"name": "Animal death", "label": "Animal death", "kind": Kind.DISCRETION, "default_severity": "severe"},
    )
    return found


def test_reader_sees_a_hold_on_the_next_request(page, moderator):
    article = ArticleFactory(slug="walrus", title="Walrus haul-out")
    first = page.goto("/articles/walrus/")
    assert first.status == 200
    again = page.reload()
    assert again.status in (200, 304) and page.get_by_role("heading", name="Walrus haul-out").is_visible()
    article.set_hold(True, by=moderator, reason="An unmarked graphic scene.")
    assert page.reload().status == 404


def test_reader_sees_a_new_flag_on_the_next_request(page):
    article = ArticleFactory(slug="walrus", title="Walrus haul-out")
    page.goto("/articles/walrus/")
    page.reload()
    assert page.get_by_text("Before you read").count() == 0
    ContentWarning.objects.create(content_object=article, category=_category(), note="A walrus falls from the cliff.")
    page.reload()
    assert page.get_by_text("Before you read").is_visible()
    assert page.get_by_text("A walrus falls from the cliff.").is_visible()


def test_reader_sees_a_publication_on_the_home_page_at_the_next_request(page):
    draft = ArticleFactory(slug="walrus", title="Walrus haul-out", status=Article.Status.DRAFT, published_at=None)
    page.goto("/")
    page.reload()
    assert page.get_by_role("link", name="Walrus haul-out").count() == 0
    draft.status = Article.Status.PUBLISHED
    draft.save()
    page.reload()
    assert page.get_by_role("link", name="Walrus haul-out").is_visible()
