import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.http import HttpRequest
from django.test import Client

from .factories import EpisodeFactory, SeriesFactory, staff_member
from .s3server import S3Server


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads into its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def small_renditions(request, settings):
    """One small rendition width instead of the site's three, the widest full size: uploads
    in tests cost a fraction. Tests about the widths themselves are marked ``site_renditions``."""
    if request.node.get_closest_marker("site_renditions") is None:
        settings.IMAGE_RENDITION_WIDTHS = (480,)


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Every user a factory makes hashes a password; the production hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """The database is rolled back after each test; the cache (pages, generation, rate
    limits) must be too, or a page stored by one test could be served in the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def plain_http(settings):
    """Production settings redirect to HTTPS; the test client speaks plain HTTP."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests use the plain one.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class SignInClient(Client):
    """Django's test client; ``login()`` hands django-axes the request it needs, as the
    admin's sign-in form does (axes refuses an authentication without one)."""

    def login(self, **credentials):
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        credentials.setdefault("request", request)
        return super().login(**credentials)


@pytest.fixture
def client():
    return SignInClient()


@pytest.fixture
def editor(db):
    return staff_member("Editors", "editor")


@pytest.fixture
def moderator(db):
    return staff_member("Moderators", "moderator")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture(scope="session")
def s3_server():
    """SeaweedFS for the whole run (TEST_S3_PORT_BASE, default 8150, to +8)."""
    server = S3Server(int(os.environ.get("TEST_S3_PORT_BASE", "8150"))).start()
    yield server
    server.stop()


@pytest.fixture
def s3_media(settings, s3_server):
    """Media on the S3 server, in a bucket prepared as in production (one per run: each
    bucket takes volumes of its own on the server)."""
    bucket = "ourplanet-test-media"
    env = s3_server.environment(bucket)
    options = {
        "bucket_name": bucket, "endpoint_url": env["MEDIA_ENDPOINT_URL"], "region_name": "us-east-1",
        "access_key": env["MEDIA_ACCESS_KEY_ID"], "secret_key": env["MEDIA_SECRET_ACCESS_KEY"],
        "addressing_style": "path", "signature_version": "s3v4",
    }
    settings.MEDIA_BUCKET = bucket
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            **options, "querystring_auth": True, "querystring_expire": 600, "file_overwrite": False}},
        "renditions": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            **options, "querystring_auth": False}},
    }
    call_command("prepare_media_bucket", verbosity=0)
    return s3_server


@pytest.fixture
def planet():
    """Our Planet's first four episodes, in order (for the spoiler check's scope tests)."""
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    titles = ["One Planet", "Frozen Worlds", "Jungles", "Coastal Seas"]
    return [
        EpisodeFactory(series=series, number=number, title=title, slug=title.lower().replace(" ", "-"))
        for number, title in enumerate(titles, start=1)
    ]


@pytest.fixture(scope="module")
def seeded_rows_put_back(django_db_blocker):
    """Leave the database as the migrations seeded it, for the tests that run after a module
    of transactional tests (``django_db(transaction=True)``).

    Each such test ends with a flush; serialized_rollback puts the seeded rows (groups,
    categories, permissions) back only when the next such test starts. Tests that reach the
    database through fixtures looked up at run time (tests/test_admin.py) are ordered after
    the transactional ones, and would find the tables empty.
    """
    yield
    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
