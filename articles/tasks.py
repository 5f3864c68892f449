"""Work done outside the request, through django-tasks (Django 6's task framework).

Every task of the project lives here and is declared with ``@background_task()``. With
the default immediate backend a task runs at once in the process that queued it; with
``TASKS_BACKEND=database`` it waits in the database for ``manage.py db_worker``. A task
that raises is tried again (``TASK_ATTEMPTS`` in all, ``TASK_RETRY_DELAY`` seconds
apart where the backend can wait); every failed try stays on record as a failed task
result, which staff see under *Tasks* in the admin, so nothing is lost silently.

Queue a task after the data it reads is committed: ``queue_on_commit(task, *args)``.
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def background_task(*, attempts=None):
    """Declare a task that is tried again when it fails.

    The function must be defined at module level and take only JSON-serialisable
    arguments (ids, not model instances).
    """

    def declare(function):
        @functools.wraps(function)
        def run(*args, attempt=1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:
                limit = attempts or settings.TASK_ATTEMPTS
                if attempt < limit:
                    logger.warning("Task %s failed (try %s of %s); trying again.", queued.name, attempt, limit)
                    _retry(queued).enqueue(*args, attempt=attempt + 1, **kwargs)
                else:
                    logger.error("Task %s failed %s times; giving up.", queued.name, attempt)
                raise

        queued = task(run)
        return queued

    return declare


def _retry(queued):
    if queued.get_backend().supports_defer:
        return queued.using(run_after=timezone.now() + timedelta(seconds=settings.TASK_RETRY_DELAY))
    return queued


def queue_on_commit(queued, *args, **kwargs):
    """Queue ``queued`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: queued.enqueue(*args, **kwargs))
