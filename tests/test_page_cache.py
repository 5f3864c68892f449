"""The page cache serves anonymous readers one stored rendering, and every change a reader
could see reaches them on their very next request (content generation, freshness.py).

Each test runs with the local-memory cache and, when REDIS_URL is set, with Redis as well
(CI runs this module a second time with REDIS_URL). The suite runs on SQLite and on
PostgreSQL.
"""

import os
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import include, path
from django.utils import timezone

from articles.caching import cache_public_page
from articles.models import Article
from content_warnings.models import ContentWarning, Severity, WarningCategory

from .factories import ArticleFactory, EpisodeFactory, ImageFactory, SeriesFactory, UserFactory
from .helpers import run_list_action
from .rendered_forms import page_of

pytestmark = pytest.mark.django_db

BACKENDS = {
    "local-memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", ""),
        "KEY_PREFIX": "ourplanet-test",
    },
}


@pytest.fixture(autouse=True, params=["local-memory"] + (["redis"] if os.environ.get("REDIS_URL") else []))
def page_cache(request, settings):
    """The page cache on, over each cache backend available."""
    settings.CACHES = {"default": BACKENDS[request.param]}
    settings.PAGE_CACHE = True
    cache.clear()
    yield request.param
    cache.clear()


def _get(client, url, **headers):
    return client.get(url, headers=headers)


def _served_from_cache(response):
    return response.get("X-Page-Cache") == "hit"


# --- Serving ---------------------------------------------------------------------------


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    ArticleFactory(slug="walrus", title="Walrus haul-out")
    first = _get(client, "/articles/walrus/")
    assert first.status_code == 200 and not _served_from_cache(first)
    with django_assert_num_queries(0):
        second = _get(client, "/articles/walrus/")
    assert _served_from_cache(second)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_browsers_revalidate_and_shared_caches_may_keep_the_page(client, settings):
    settings.PUBLIC_PAGE_MAX_AGE = 60
    ArticleFactory(slug="walrus")
    for response in (_get(client, "/articles/walrus/"), _get(client, "/articles/walrus/")):
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0", "s-maxage=60", "must-revalidate"} <= directives
        assert response["ETag"] and response["Last-Modified"]


def test_unchanged_page_answers_304_to_its_etag_and_date(client):
    ArticleFactory(slug="walrus")
    first = _get(client, "/articles/walrus/")
    by_etag = _get(client, "/articles/walrus/", if_none_match=first["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    by_date = _get(client, "/articles/walrus/", if_modified_since=first["Last-Modified"])
    assert by_date.status_code == 304


def test_changed_page_answers_200_to_an_old_etag(client):
    article = ArticleFactory(slug="walrus", title="Walrus haul-out")
    first = _get(client, "/articles/walrus/")
    article.title = "Walruses on the shingle"
    article.save()
    again = _get(client, "/articles/walrus/", if_none_match=first["ETag"])
    assert again.status_code == 200
    assert "Walruses on the shingle" in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_query_string_is_part_of_the_key(client):
    ArticleFactory(title="Walrus haul-out", body="A walrus on the beach.")
    ArticleFactory(title="Penguin march", body="Penguins on the ice.")
    walrus = _get(client, "/search/?q=walrus").content.decode()
    penguin = _get(client, "/search/?q=penguin").content.decode()
    assert "Walrus haul-out" in walrus and "Penguin march" not in walrus
    assert "Penguin march" in penguin and "Walrus haul-out" not in penguin


# --- Who gets cached pages -------------------------------------------------------------


def test_logged_in_editor_is_never_served_or_stored(client, editor):
    ArticleFactory(slug="walrus")
    client.force_login(editor)
    for _ in range(2):
        response = _get(client, "/articles/walrus/")
        assert response.status_code == 200 and "X-Page-Cache" not in response
    client.logout()
    assert _get(client, "/articles/walrus/")["X-Page-Cache"] == "miss"


def test_editor_after_anonymous_reader_gets_a_fresh_page(client, editor):
    ArticleFactory(slug="walrus")
    _get(client, "/articles/walrus/")
    assert _served_from_cache(_get(client, "/articles/walrus/"))
    client.force_login(editor)
    assert not _served_from_cache(_get(client, "/articles/walrus/"))


def test_other_cookies_share_the_anonymous_page(client):
    ArticleFactory(slug="walrus")
    _get(client, "/articles/walrus/")
    client.cookies["preferences-seen"] = "1"
    assert _served_from_cache(_get(client, "/articles/walrus/"))


@cache_public_page
def _sets_a_cookie(request):
    response = HttpResponse("hello")
    response.set_cookie("tracking", "1")
    return response


@cache_public_page
def _uses_a_csrf_token(request):
    from django.middleware.csrf import get_token

    return HttpResponse(f"<input value='{get_token(request)}'>")


@cache_public_page
def _uses_a_csp_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


urlpatterns = [
    path("sets-a-cookie/", _sets_a_cookie),
    path("uses-a-csrf-token/", _uses_a_csrf_token),
    path("uses-a-csp-nonce/", _uses_a_csp_nonce),
    path("", include("ourplanet.urls")),
]


@pytest.mark.parametrize("url", ["/sets-a-cookie/", "/uses-a-csrf-token/", "/uses-a-csp-nonce/"])
def test_response_with_a_cookie_a_csrf_token_or_a_csp_nonce_is_never_stored(client, settings, url):
    settings.ROOT_URLCONF = __name__
    for _ in range(2):
        response = _get(client, url)
        assert response.status_code == 200 and "X-Page-Cache" not in response


def test_not_found_and_non_public_pages_are_not_stored(client):
    assert "X-Page-Cache" not in _get(client, "/articles/nope/")
    assert "X-Page-Cache" not in _get(client, "/preferences/")
    assert "X-Page-Cache" not in _get(client, "/admin/login/")


def test_page_cache_can_be_switched_off(client, settings):
    settings.PAGE_CACHE = False
    ArticleFactory(slug="walrus")
    _get(client, "/articles/walrus/")
    assert "X-Page-Cache" not in _get(client, "/articles/walrus/")


# --- Freshness: every change on the very next request ----------------------------------


def _warm(client, *urls):
    for url in urls:
        _get(client, url)
        assert _served_from_cache(_get(client, url)), url


def test_hold_is_a_404_on_the_very_next_request(client, moderator):
    article = ArticleFactory(slug="walrus", title="Walrus haul-out")
    _warm(client, "/articles/walrus/", "/")
    article.set_hold(True, by=moderator, reason="An unmarked graphic scene.")
    assert _get(client, "/articles/walrus/").status_code == 404
    assert "Walrus haul-out" not in _get(client, "/").content.decode()
    article.set_hold(False, by=moderator, reason="Flagged now.")
    assert _get(client, "/articles/walrus/").status_code == 200


def test_hold_from_the_admin_action_is_a_404_on_the_very_next_request(client, moderator):
    article = ArticleFactory(slug="walrus")
    _warm(client, "/articles/walrus/")
    client.force_login(moderator)
    asking = run_list_action(client, "/admin/articles/article/", "hold", article)
    form = page_of(client, asking).form(containing="reason")
    form["reason"] = "An unmarked graphic scene."
    assert form.submit().status_code == 302
    client.logout()
    assert _get(client, "/articles/walrus/").status_code == 404


def test_new_flag_shows_its_notice_on_the_very_next_request(client):
    article = ArticleFactory(slug="walrus")
    _warm(client, "/articles/walrus/", "/")
    assert "Before you read" not in _get(client, "/articles/walrus/").content.decode()
    ContentWarning.objects.create(
        content_object=article, category=WarningCategory.objects.get(slug="animal-death"), note="A walrus falls."
    )
    page = _get(client, "/articles/walrus/").content.decode()
    assert "Before you read" in page and "A walrus falls." in page
    assert "Animal death" in _get(client, "/").content.decode()


def test_changed_flag_shows_on_the_very_next_request(client):
    article = ArticleFactory(slug="walrus")
    flag = ContentWarning.objects.create(
        content_object=article, category=WarningCategory.objects.get(slug="animal-death"), note="A walrus falls."
    )
    _warm(client, "/articles/walrus/")
    flag.note = "Several walruses fall from a cliff."
    flag.severity = Severity.SEVERE
    flag.save()
    page = _get(client, "/articles/walrus/").content.decode()
    assert "Several walruses fall from a cliff." in page and "A walrus falls." not in page


def test_removed_flag_is_gone_on_the_very_next_request(client):
    article = ArticleFactory(slug="walrus")
    ContentWarning.objects.create(
        content_object=article, category=WarningCategory.objects.get(slug="animal-death"), note="A walrus falls."
    )
    _warm(client, "/articles/walrus/")
    ContentWarning.objects.filter(object_id=article.pk).delete()
    assert "A walrus falls." not in _get(client, "/articles/walrus/").content.decode()


def test_publish_is_on_the_home_page_at_the_very_next_request(client, editor):
    draft = ArticleFactory(slug="walrus", title="Walrus haul-out", status=Article.Status.DRAFT, published_at=None)
    _warm(client, "/")
    assert "Walrus haul-out" not in _get(client, "/").content.decode()
    draft.move_to(Article.Status.PUBLISHED, by=editor)
    assert "Walrus haul-out" in _get(client, "/").content.decode()
    assert _get(client, "/articles/walrus/").status_code == 200


def test_unpublish_is_a_404_on_the_very_next_request(client):
    article = ArticleFactory(slug="walrus", title="Walrus haul-out")
    _warm(client, "/articles/walrus/", "/")
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert _get(client, "/articles/walrus/").status_code == 404
    assert "Walrus haul-out" not in _get(client, "/").content.decode()


def test_scheduled_article_appears_on_the_first_request_after_its_time(client):
    ArticleFactory(slug="soon", title="Walrus at dawn", published_at=timezone.now() + timedelta(seconds=1))
    _warm(client, "/")
    assert "Walrus at dawn" not in _get(client, "/").content.decode()
    time.sleep(1.2)
    response = _get(client, "/")
    assert "Walrus at dawn" in response.content.decode()


def test_category_label_change_shows_on_the_very_next_request(client):
    article = ArticleFactory(slug="walrus")
    death = WarningCategory.objects.get(slug="animal-death")
    ContentWarning.objects.create(content_object=article, category=death)
    _warm(client, "/", "/articles/walrus/")
    death.label = "Animals dying"
    death.save()
    assert "Animals dying" in _get(client, "/").content.decode()
    assert "Animals dying" in _get(client, "/articles/walrus/").content.decode()


def test_image_change_shows_on_the_very_next_request(client):
    image = ImageFactory(alt_text="A walrus resting on sea ice")
    ArticleFactory(slug="walrus", hero_image=image)
    _warm(client, "/articles/walrus/")
    image.alt_text = "Two walruses asleep on a floe"
    image.save()
    assert "Two walruses asleep on a floe" in _get(client, "/articles/walrus/").content.decode()


def test_episode_and_series_changes_show_on_the_very_next_request(client):
    series = SeriesFactory(slug="our-planet", title="Our Planet")
    episode = EpisodeFactory(series=series, slug="frozen-worlds", title="Frozen Worlds")
    ArticleFactory(slug="walrus", episodes=[episode])
    urls = ["/series/our-planet/", "/series/our-planet/frozen-worlds/", "/articles/walrus/"]
    _warm(client, *urls)
    episode.title = "Frozen Worlds (extended)"
    episode.save()
    series.title = "Our Planet II"
    series.save()
    for url in urls:
        page = _get(client, url).content.decode()
        assert "Our Planet II" in page, url
    assert "Frozen Worlds (extended)" in _get(client, "/series/our-planet/frozen-worlds/").content.decode()


def test_tag_change_shows_on_the_very_next_request(client):
    article = ArticleFactory(slug="walrus", title="Walrus haul-out", tags=["walrus"])
    ArticleFactory(tags=["penguins"])
    _warm(client, "/tags/penguins/", "/tags/walrus/")
    article.tags.add("penguins")
    assert "Walrus haul-out" in _get(client, "/tags/penguins/").content.decode()
    article.tags.remove("walrus")
    assert _get(client, "/tags/walrus/").status_code in (200, 404)
    assert "Walrus haul-out" not in _get(client, "/tags/walrus/").content.decode()


def test_author_name_change_shows_on_the_very_next_request(client):
    author = UserFactory(first_name="Ada", last_name="Lovelace")
    ArticleFactory(slug="walrus", authors=[author])
    _warm(client, "/articles/walrus/")
    author.last_name = "Byron"
    author.save()
    assert "Ada Byron" in _get(client, "/articles/walrus/").content.decode()


def test_a_login_does_not_empty_the_cache(client, editor):
    ArticleFactory(slug="walrus")
    _warm(client, "/articles/walrus/")
    editor_client = type(client)()
    editor_client.post("/admin/login/", {"username": "editor", "password": "correct horse battery staple"})
    assert _served_from_cache(_get(client, "/articles/walrus/"))


def test_pages_that_are_not_public_are_never_looked_up(client, monkeypatch):
    """The admin, health checks and the like pass through without touching the page cache
    or the database lookup it may need (a health check must report a database that is down)."""
    from articles import page_cache

    looked_up = []
    monkeypatch.setattr(page_cache, "content_version", lambda: looked_up.append(1))
    for url in ["/admin/login/", "/preferences/", "/no-such-page/"]:
        client.get(url)
    assert looked_up == []
