import pytest
from django.http import HttpRequest
from django.test import Client

from .factories import staff_member


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
