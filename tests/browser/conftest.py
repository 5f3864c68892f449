"""A real Chromium (Debian's), driven by Playwright, against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections
from django.test import override_settings
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API drives the browser from an event loop running in this thread, and
# Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation).
# Nothing here is async: the tests create data, then the live server's own thread answers
# the browser, so the check does not apply. (Set on collecting this folder, it holds for
# the rest of the run; outside a running loop the check never fires anyway.)
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _chromium_path():
    found = shutil.which("chromium")
    if found:
        return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return None


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """One Chromium per module; each test gets its own context (cookies, storage)."""
    executable = _chromium_path()
    if executable is None:
        pytest.skip("Browser tests need Chromium: apt-get install chromium")
    test_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    # While an event loop runs in this thread, Django hands out a second set of connections
    # (its connection store is per async context). Keep the ones pytest-django set up: they
    # carry the seeded rows that serialized_rollback restores, and the live server shares them.
    for alias, connection in test_connections.items():
        connections[alias] = connection
    browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started to speak plain HTTP.

    SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the server builds its handler,
    which is before tests/conftest.py's per-test ``plain_http`` can turn the redirect off.
    """
    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with override_settings(SECURE_SSL_REDIRECT=False):
        server = LiveServer(address)
    yield server
    server.stop()


@pytest.fixture(scope="module", autouse=True)
def _seeded_rows_put_back_after_this_module(seeded_rows_put_back):
    """Every test here is transactional (see tests/conftest.py)."""


@pytest.fixture(autouse=True)
def media_served_from_test_folder(settings):
    """See tests/browser/urls.py."""
    settings.ROOT_URLCONF = "tests.browser.urls"


def _page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(5_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(error))
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab with JavaScript on; fails the test on any uncaught script error."""
    context, page = _page(browser, live_server)
    yield page
    context.close()
    assert not page.errors, f"JavaScript errors on the page: {page.errors}"


@pytest.fixture
def page_without_js(browser, live_server):
    context, page = _page(browser, live_server, java_script_enabled=False)
    yield page
    context.close()

