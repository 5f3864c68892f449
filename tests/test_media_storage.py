"""Media on object storage: chosen by environment, private originals, public renditions.

The object-storage tests run against a real S3-compatible server (SeaweedFS, see
tests/s3server.py), not a mock.
"""

import re
import urllib.error
import urllib.request

import pytest
from django.core.files.storage import default_storage

from articles import tasks
from articles.storage import rendition_storage

from .factories import ArticleFactory, ContentWarningFactory, ImageFactory, uploaded_image
from .test_settings import PRODUCTION_ENV, _manage

pytestmark = pytest.mark.django_db

STORAGE_REPORT = (
    "from django.conf import settings as s; "
    "print(s.STORAGES['default']['BACKEND'], s.STORAGES['renditions']['BACKEND'], s.SERVE_MEDIA); "
    "o = s.STORAGES['default'].get('OPTIONS', {}); r = s.STORAGES['renditions'].get('OPTIONS', {}); "
    "print(o.get('querystring_auth'), r.get('querystring_auth'), r.get('custom_domain'), o.get('custom_domain'))"
)


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local test server
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def bytes_at(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local test server
        return response.read()


def public_url(server, bucket, name):
    """The address anyone could try for a stored file, unsigned."""
    return f"{server.endpoint}/{bucket}/{name}"


def test_media_are_on_local_disk_by_default():
    result = _manage("shell", "-c", STORAGE_REPORT, env=PRODUCTION_ENV)
    lines = result.stdout.strip().splitlines()[-2:]
    assert lines[0] == (
        "django.core.files.storage.FileSystemStorage django.core.files.storage.FileSystemStorage True"
    ), result.stderr


def test_media_bucket_selects_object_storage_with_signed_originals_and_public_renditions():
    env = {
        **PRODUCTION_ENV, "MEDIA_BUCKET": "ourplanet-media", "MEDIA_REGION": "eu-west-1",
        "MEDIA_PUBLIC_DOMAIN": "media.ourplanet.example",
    }
    result = _manage("shell", "-c", STORAGE_REPORT, env=env)
    backends, options = result.stdout.strip().splitlines()[-2:]
    assert backends == "storages.backends.s3.S3Storage storages.backends.s3.S3Storage False", result.stderr
    # Originals: signed, never on the public (CDN) domain. Renditions: plain public URLs on it.
    assert options == "True False media.ourplanet.example None"


def test_uploads_and_renditions_are_stored_in_the_bucket(s3_media, settings):
    image = ImageFactory()

    listed = {
        item["Key"] for item in s3_media.client().list_objects_v2(Bucket=settings.MEDIA_BUCKET)["Contents"]
    }
    assert image.file.name in listed
    assert {rendition["name"] for rendition in image.renditions} <= listed
    assert all(rendition["name"].startswith("renditions/") for rendition in image.renditions)


def test_original_of_a_flagged_picture_is_reached_only_through_a_signed_url(s3_media, settings):
    image = ImageFactory()
    ContentWarningFactory(content_object=image)

    assert status_of(public_url(s3_media, settings.MEDIA_BUCKET, image.file.name)) == 403
    signed = image.file.url
    assert "X-Amz-Signature=" in signed
    assert bytes_at(signed) == default_storage.open(image.file.name).read()
    forged = re.sub(r"X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=" + "0" * 64, signed)
    assert status_of(forged) == 403


def test_renditions_are_public_at_plain_addresses(s3_media):
    image = ImageFactory()

    for rendition in image.renditions:
        url = rendition_storage().url(rendition["name"])
        assert "X-Amz-" not in url
        assert status_of(url) == 200


def test_the_original_cannot_be_guessed_from_the_blurred_copy_on_the_page(s3_media, settings, client):
    image = ImageFactory(file=uploaded_image("walrus.jpg", size=(1200, 800)))
    ContentWarningFactory(content_object=image)
    article = ArticleFactory(body=f"![A walrus](image:{image.pk})")
    article.refresh_rendering()

    page = client.get(article.get_absolute_url()).content.decode()

    blurred = re.search(r'class="blurred" src="([^"]+)"', page).group(1)
    assert status_of(blurred) == 200
    guessed = blurred.replace("/renditions/", "/").replace("-blurred.jpg", ".jpg")
    assert guessed.endswith(image.file.name)
    assert status_of(guessed) == 403
    assert image.file.name not in page  # pages show renditions, never the original


def test_a_new_upload_shows_its_original_until_its_renditions_are_made(s3_media, settings, client):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    image = ImageFactory(file=uploaded_image("seal.jpg", size=(1200, 800)))
    article = ArticleFactory(body=f"![A seal](image:{image.pk})")
    assert image.renditions == []

    shown = re.search(r'<img src="([^"]+)"', client.get(article.get_absolute_url()).content.decode()).group(1)
    assert "X-Amz-Signature=" in shown.replace("&amp;", "&")
    assert status_of(shown.replace("&amp;", "&")) == 200

    tasks.make_renditions.call(image.pk, image.file.name)

    image.refresh_from_db()
    assert image.renditions
    article.refresh_from_db()
    assert image.file.name not in article.body_html
    assert rendition_storage().url(image.renditions[0]["name"]) in article.body_html


def test_deleting_a_picture_removes_its_files_from_the_bucket(s3_media, settings, django_capture_on_commit_callbacks):
    image = ImageFactory()
    names = image.file_names()

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    remaining = s3_media.client().list_objects_v2(Bucket=settings.MEDIA_BUCKET).get("Contents", [])
    assert not {item["Key"] for item in remaining} & set(names)
