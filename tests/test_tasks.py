"""Work outside the request: the backend chosen by environment, retries, and staff seeing results."""

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from articles import tasks

from .test_settings import PRODUCTION_ENV, _manage

attempts_seen = []


@tasks.background_task(attempts=3)
def flaky(fail_times):
    attempts_seen.append(len(attempts_seen) + 1)
    if len(attempts_seen) <= fail_times:
        raise RuntimeError("storage not reachable")
    return len(attempts_seen)


@pytest.fixture(autouse=True)
def fresh_attempts():
    attempts_seen.clear()


def test_the_default_backend_runs_tasks_at_once_with_no_worker():
    assert isinstance(task_backends["default"], ImmediateBackend)
    result = flaky.enqueue(0)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert attempts_seen == [1]


def test_a_failing_task_is_tried_again_until_it_succeeds():
    first = flaky.enqueue(2)
    assert first.status == TaskResultStatus.FAILED
    assert "storage not reachable" in first.errors[0].traceback
    assert attempts_seen == [1, 2, 3]


def test_a_task_that_keeps_failing_gives_up_after_its_attempts(caplog):
    flaky.enqueue(10)
    assert attempts_seen == [1, 2, 3]
    assert "failed 3 times; giving up" in caplog.text


def test_tasks_backend_database_selects_the_database_queue():
    code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    result = _manage("shell", "-c", code, env={**PRODUCTION_ENV, "TASKS_BACKEND": "database"})
    assert result.stdout.strip().splitlines()[-1] == "django_tasks_db.DatabaseBackend", result.stderr
    result = _manage("shell", "-c", code, env={**PRODUCTION_ENV, "TASKS_BACKEND": "celery"})
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of immediate, database" in result.stderr


@pytest.mark.django_db
def test_failed_and_retried_tasks_are_listed_for_staff(settings, editor_client, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_RETRY_DELAY = 0
    # The worker closes connections between tasks, which would end the test's transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    flaky.enqueue(1)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    assert attempts_seen == [1, 2]
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]
    page = editor_client.get("/admin/django_tasks_database/dbtaskresult/")
    assert page.status_code == 200
    text = page.content.decode()
    assert '<td class="field-status">Failed</td>' in text
    assert '<td class="field-status">Successful</td>' in text
