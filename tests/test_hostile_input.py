"""No input reaches a 500: every public page, every admin list filter, search box and
autocomplete, autosave and the live preview are requested with hostile values (NUL and
control characters, huge and negative numbers, lone surrogates, 10 KB strings, repeated
parameters). Each must answer with a page, a redirect or a 4xx, on SQLite and PostgreSQL.

The corpus is small and fixed so the whole module runs in seconds.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.urls import reverse

from articles.models import Article

from .factories import ArticleFactory, EpisodeFactory, SeriesFactory
from .surfaces import LIST_SURFACES

pytestmark = pytest.mark.django_db

# Values as they arrive in a query string (already percent-encoded where needed).
HOSTILE = [
    "%00",
    "a%00b",
    "%01%1F%7F%C2%85",
    "-5",
    "0",
    "9999",
    "99999999999999999999",
    "-99999999999999999999",
    "1e309",
    "%ED%A0%80",  # a lone surrogate, encoded as a sender that ignores UTF-8's rules would
    "%FF%FE",  # not UTF-8 at all
    "x" * 10_240,
    "%27%22%3C%3E%25",
]


def _query(params):
    return "&".join(f"{name}={value}" for name, value in params)


def _hostile_queries(names):
    """Each value in every parameter at once, then every parameter repeated."""
    for value in HOSTILE:
        yield _query([(name, value) for name in names])
    yield _query([(name, repeated) for name in names for repeated in ("1", "%00", "2")])


def _assert_no_server_error(client, path, query):
    response = client.get(path, QUERY_STRING=query)
    assert response.status_code < 500, f"GET {path}?{query[:120]} answered {response.status_code}"
    return response


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """One small site for the whole module, made once and rolled back after it (each test
    runs in a transaction of its own, rolled back too)."""
    with django_db_blocker.unblock(), transaction.atomic():
        series = SeriesFactory(title="Our Planet", slug="our-planet")
        episode = EpisodeFactory(series=series, title="Frozen Worlds", slug="frozen-worlds")
        article = ArticleFactory(slug="walrus-haul-out", tags=["walrus"], episodes=[episode])
        ArticleFactory(slug="a-draft", status=Article.Status.DRAFT, tags=["walrus"])
        get_user_model().objects.create_superuser("root", "root@example.org", password=None)
        yield article
        transaction.set_rollback(True)


PUBLIC_PATHS = [
    *LIST_SURFACES,  # the site fixture gives them their article, tag, series and episode
    "/articles/walrus-haul-out/",
    "/search/",
    "/sitemap.xml",
    "/sitemap-series.xml",
    "/sitemap-episodes.xml",
    "/robots.txt",
    "/preferences/",
    "/report/article/{article}/",
    "/report/sent/",
    "/healthz",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_answer_hostile_query_strings_without_a_server_error(client, site, path):
    # The parameters public pages read: search's q and page, the lists' cursors, a sitemap's p.
    for query in _hostile_queries(["q", "page", "before", "after", "p"]):
        _assert_no_server_error(client, path.format(article=site.pk), query)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_path_segments_are_not_found_not_server_errors(client, site, value):
    for path in [f"/tags/{value}/", f"/series/{value}/", f"/series/our-planet/{value}/",
                 f"/articles/{value}/", f"/preview/{value}/", f"/feeds/tags/{value}/"]:
        _assert_no_server_error(client, path, "")


@pytest.fixture
def superuser_client(client, db, site):
    client.force_login(get_user_model().objects.get(username="root"))
    return client


def _changelists():
    for model, model_admin in admin.site._registry.items():
        if model_admin.has_module_permission is None:  # pragma: no cover - every admin has one
            continue
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), model_admin


def _filter_parameters(request_factory_request, model_admin):
    """The query parameters a changelist understands: its filters, search, order and page."""
    changelist = model_admin.get_changelist_instance(request_factory_request)
    names = {"q", "o", "p", "all"}
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        names.update({f"{field}__year", f"{field}__month", f"{field}__day"})
    return sorted(names)


# The values most likely to reach the database or a date. (NUL and control characters are
# one case here: the query string loses them all alike.)
ADMIN_HOSTILE = ["a%00%01b", "-5", "9999", "99999999999999999999", "%ED%A0%80", "x" * 10_240]


def _used_in_full(response):
    """Whether a changelist used every parameter it was sent: it showed its list (it stops at
    the first parameter it refuses, redirecting to "?e=1") and its query went to the database
    (a filter that leaves nothing to find, ``.none()`` or a number past a column's range,
    spares the database every other parameter's condition)."""
    if response.status_code != 200:
        return False
    queryset = response.context["cl"].queryset
    try:
        queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return False
    return True


def _send_together(client, path, names, value):
    """``value`` in every parameter of ``names`` at once; a group the changelist did not use in
    full is split in two and each half sent again, down to single parameters. Returns those
    it did not use in full even alone."""
    response = client.get(path, QUERY_STRING=_query([(name, value) for name in names]))
    assert response.status_code < 500, (
        f"GET {path} with {value[:40]} in {', '.join(names)} answered {response.status_code}"
    )
    if _used_in_full(response):
        return []
    if len(names) == 1:
        return names
    middle = len(names) // 2
    return _send_together(client, path, names[:middle], value) + _send_together(
        client, path, names[middle:], value
    )


def test_every_admin_changelist_filter_answers_hostile_values_without_a_server_error(
    superuser_client, site, rf, monkeypatch
):
    """Each parameter gets each value in a request the changelist used in full, or alone. One
    that the changelist did not use in full with a value (a date refuses text) is sent alone
    with the next values too, so most requests carry many parameters and each list is drawn
    about once a value instead of once a parameter and value."""
    # The navigation sidebar links the same pages whatever the query string: drawing it on
    # every request here would only cost time.
    monkeypatch.setattr(admin.site, "enable_nav_sidebar", False)
    request = rf.get("/admin/")
    request.user = get_user_model().objects.get(username="root")
    for path, model_admin in _changelists():
        names = _filter_parameters(request, model_admin)
        alone = []
        for value in ADMIN_HOSTILE:
            for name in alone:
                _assert_no_server_error(superuser_client, path, _query([(name, value)]))
            together = [name for name in names if name not in alone]
            if together:
                alone += _send_together(superuser_client, path, together, value)


def _autocomplete_targets():
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            yield model._meta.app_label, model._meta.model_name, field_name
        for inline in model_admin.inlines:
            for field_name in getattr(inline, "autocomplete_fields", ()):
                yield inline.model._meta.app_label, inline.model._meta.model_name, field_name


def test_admin_autocomplete_answers_hostile_terms_without_a_server_error(superuser_client, site):
    targets = sorted(set(_autocomplete_targets()))
    assert targets, "the admin has autocomplete fields to try"
    for app_label, model_name, field_name in targets:
        base = [("app_label", app_label), ("model_name", model_name), ("field_name", field_name)]
        for name in ["term", "page"]:
            for value in ADMIN_HOSTILE:
                _assert_no_server_error(superuser_client, "/admin/autocomplete/", _query([*base, (name, value)]))


def test_autosave_and_preview_answer_hostile_posts_without_a_server_error(superuser_client, site, settings):
    settings.AUTOSAVES_PER_MINUTE = settings.PREVIEWS_PER_MINUTE = 10_000  # every value gets through
    endpoints = [
        reverse("admin:articles_article_autosave", args=[site.pk]),
        reverse("admin:articles_article_autosave_new"),
        reverse("admin:articles_article_render_preview"),
    ]
    for path in endpoints:
        for name in ["edit_version_seen", "body", "title", "slug", "discard"]:
            for value in HOSTILE:
                fields = {"title": "A title", "body": "A body.", "edit_version_seen": "0", name: value}
                response = superuser_client.post(
                    path, data=_query(fields.items()), content_type="application/x-www-form-urlencoded"
                )
                assert response.status_code < 500, f"POST {path} {name}={value[:40]} answered {response.status_code}"


HUGE_IDS = ["0", "99999999999999999999", "2147483648", "9223372036854775808"]


def test_admin_pages_with_huge_ids_answer_not_found(superuser_client, site):
    for pk in HUGE_IDS:
        for path in [
            f"/admin/articles/article/{pk}/change/",
            f"/admin/articles/article/{pk}/preview/",
            f"/admin/articles/article/{pk}/history/",
            f"/admin/articles/article/{pk}/history/compare/",
            f"/admin/articles/series/{pk}/change/",
        ]:
            _assert_no_server_error(superuser_client, path, "")
        compare = f"/admin/articles/article/{site.pk}/history/compare/"
        _assert_no_server_error(superuser_client, compare, _query([("from", pk), ("to", "current")]))
        _assert_no_server_error(superuser_client, compare, _query([("from", "%00"), ("to", pk)]))
