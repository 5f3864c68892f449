"""Configuration from the environment, and the project's own checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "k8#Vf2pQ9zLr!w3Xt7Yb$N1mHc6Gd4Js0Ue5Ra%Ti8Ok2Pl9Wq3Zx7Cv1Bn6Mh4",
    "ALLOWED_HOSTS": "ourplanet.example",
    "DEBUG": "",
}


# Variables each test decides for itself, never inherited from the shell that runs the suite.
_SET_BY_EACH_TEST = {
    "SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL",
    "MEDIA_BUCKET", "TASKS_BACKEND", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS", "CDN_URL", "STATIC_URL",
    "LOG_FORMAT",
}


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in _SET_BY_EACH_TEST}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )


def test_deploy_check_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_is_a_clear_error_when_debug_is_off():
    result = _manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY environment variable is required" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = _manage("check", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_a_malformed_number_is_a_clear_error():
    result = _manage("check", env={**PRODUCTION_ENV, "EMAIL_PORT": "twenty-five"})
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr


def test_redis_url_selects_the_redis_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = _manage("shell", "-c", code, env={**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/1"})
    assert result.stdout.strip().endswith("RedisCache"), result.stderr
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip().endswith("LocMemCache"), result.stderr


@pytest.mark.django_db
def test_system_checks_pass():
    call_command("check")


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_production_cookies_are_secure_http_only_and_same_site_lax():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_SAMESITE)"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "Lax", "True", "Lax"], result.stderr


def test_lockout_and_two_factor_are_configured_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), s.REQUIRE_2FA)"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1].split() == ["10", "1800", "False"], result.stderr
    env = {**PRODUCTION_ENV, "LOGIN_FAILURE_LIMIT": "5", "LOGIN_LOCKOUT_MINUTES": "60", "REQUIRE_2FA": "1"}
    result = _manage("shell", "-c", code, env=env)
    assert result.stdout.strip().splitlines()[-1].split() == ["5", "3600", "True"], result.stderr


def test_pictures_on_object_storage_are_allowed_by_the_content_security_policy():
    code = (
        "from django.conf import settings; "
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    on_disk = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert "https://" not in on_disk.stdout, on_disk.stderr
    bucket = {
        **PRODUCTION_ENV,
        "MEDIA_BUCKET": "pictures",
        "MEDIA_ENDPOINT_URL": "https://s3.example.net",
        "MEDIA_PUBLIC_DOMAIN": "media.example.org",
    }
    on_bucket = _manage("shell", "-c", code, env=bucket).stdout.split()
    assert "https://s3.example.net" in on_bucket  # signed URLs of originals
    assert "https://media.example.org" in on_bucket  # public renditions
