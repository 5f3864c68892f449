"""Running on several processes and machines: /healthz, the request log, the static host,
shared sessions and the warning for several workers without Redis."""

import json
import logging

import pytest
from django.core.cache import cache
from django.db import connection

from ourplanet.request_log import RequestIdFilter

from .factories import UserFactory
from .test_settings import PRODUCTION_ENV, _manage

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_database_cache_and_storage_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_naming_the_failing_dependency_without_its_secrets(client, settings):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache-user:hunter2-cache-password@127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5},
    }}
    cache.close()

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("failing: ")
    text = response.content.decode()
    for secret in ("hunter2", "cache-user", "127.0.0.1", "redis://"):
        assert secret not in text


def test_healthz_reports_an_unreachable_database(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("password authentication failed for user ops-secret")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing: OperationalError"
    assert "ops-secret" not in response.content.decode()


def test_healthz_reports_unreachable_storage(client, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "media", "endpoint_url": "http://127.0.0.1:1", "access_key": "AKIDSECRET",
                    "secret_key": "shh-storage-secret", "region_name": "us-east-1"},
    }}
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"].startswith("failing: ")
    assert "shh-storage-secret" not in response.content.decode()
    assert "AKIDSECRET" not in response.content.decode()


def request_log_lines(caplog):
    return [record for record in caplog.records if record.name == "ourplanet.requests"]


def test_each_request_is_logged_as_one_json_line_with_its_id_and_duration(client, caplog):
    from pythonjsonlogger.json import JsonFormatter

    with caplog.at_level(logging.INFO, logger="ourplanet.requests"):
        response = client.get("/", HTTP_X_REQUEST_ID="lb-0123456789abcdef")

    (record,) = request_log_lines(caplog)
    line = JsonFormatter("%(levelname)s %(message)s %(request_id)s").format(record)
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["request_id"] == "lb-0123456789abcdef" == response["X-Request-ID"]
    assert fields["method"] == "GET"
    assert fields["path"] == "/"
    assert fields["status"] == 200
    assert isinstance(fields["duration_ms"], float)
    assert fields["user_id"] is None


def test_request_log_names_staff_but_never_readers(client, caplog):
    staff = UserFactory(username="night-editor", is_staff=True)
    reader = UserFactory(username="reader", is_staff=False)

    with caplog.at_level(logging.INFO, logger="ourplanet.requests"):
        client.force_login(staff)
        client.get("/")
        client.force_login(reader)
        client.get("/")

    staff_line, reader_line = request_log_lines(caplog)
    assert staff_line.user_id == staff.pk
    assert reader_line.user_id is None


def test_a_hostile_request_id_is_replaced(client, caplog):
    with caplog.at_level(logging.INFO, logger="ourplanet.requests"):
        response = client.get("/", HTTP_X_REQUEST_ID='x"}\n{"forged": true')

    assert response["X-Request-ID"] != 'x"}\n{"forged": true'
    assert len(response["X-Request-ID"]) == 32
    assert request_log_lines(caplog)[0].request_id == response["X-Request-ID"]


def test_other_log_lines_carry_the_request_id():
    record = logging.LogRecord("articles", logging.INFO, __file__, 1, "hello", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id is None  # outside a request


def test_production_logs_are_json_and_development_logs_are_text():
    code = "from django.conf import settings as s; print(s.LOGGING['handlers']['console']['formatter'])"
    assert _manage("shell", "-c", code, env=PRODUCTION_ENV).stdout.strip().splitlines()[-1] == "json"
    assert _manage("shell", "-c", code, env={"DEBUG": "1"}).stdout.strip().splitlines()[-1] == "text"


def test_cdn_url_puts_static_files_on_the_static_host():
    code = "from django.templatetags.static import static; print(static('css/site.css'))"
    env = {"DEBUG": "1", "CDN_URL": "https://cdn.ourplanet.example/"}
    assert _manage("shell", "-c", code, env=env).stdout.strip().splitlines()[-1] == (
        "https://cdn.ourplanet.example/static/css/site.css"
    )
    assert _manage("shell", "-c", code, env={"DEBUG": "1"}).stdout.strip().splitlines()[-1] == "/static/css/site.css"


def test_sessions_are_shared_in_the_database_and_cached_in_redis_when_it_is_set():
    code = "from django.conf import settings as s; print(s.SESSION_ENGINE)"
    plain = _manage("shell", "-c", code, env=PRODUCTION_ENV).stdout.strip().splitlines()[-1]
    shared = _manage("shell", "-c", code, env={**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/4"})
    assert plain == "django.contrib.sessions.backends.db"
    assert shared.stdout.strip().splitlines()[-1] == "django.contrib.sessions.backends.cached_db"


@pytest.mark.parametrize(
    ("env", "warned"),
    [
        ({"WEB_CONCURRENCY": "4"}, True),
        ({"GUNICORN_CMD_ARGS": "--bind 127.0.0.1:8000 --workers 3"}, True),
        ({"GUNICORN_CMD_ARGS": "-w 2"}, True),
        ({"WEB_CONCURRENCY": "4", "REDIS_URL": "redis://127.0.0.1:6379/4"}, False),
        ({"WEB_CONCURRENCY": "1"}, False),
        ({}, False),
    ],
)
def test_several_workers_without_redis_is_a_startup_warning(env, warned):
    result = _manage("check", env={"DEBUG": "1", **env})
    assert result.returncode == 0
    assert ("ourplanet.W001" in result.stderr + result.stdout) is warned
    assert ("REDIS_URL is not set" in result.stderr + result.stdout) is warned


def test_gunicorn_logs_the_warning_when_it_loads_the_application():
    code = "import ourplanet.wsgi"
    result = _manage("shell", "-c", code, env={**PRODUCTION_ENV, "WEB_CONCURRENCY": "3"})
    assert "3 worker processes are configured but REDIS_URL is not set" in result.stderr
