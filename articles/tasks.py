"""Work done outside the request, through django-tasks (Django 6's task framework).

Every task of the project lives here and is declared with ``@background_task()``. With
the default immediate backend a task runs at once in the process that queued it; with
``TASKS_BACKEND=database`` it waits in the database for ``manage.py db_worker``. A task
that raises is tried again (``TASK_ATTEMPTS`` in all, ``TASK_RETRY_DELAY`` seconds
apart where the backend can wait); every failed try stays on record as a failed task
result, which staff see under *Tasks* in the admin, so nothing is lost silently.

Queue a task inside the transaction that writes what it reads: the database queue
commits the task with the data, so a worker never picks it up before.
"""

import functools
import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from ourplanet import content_generation

from . import fragments, images, references

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


# Images.
@background_task()
def make_renditions(image_id, file_name):
    """Make the renditions of a new upload, then re-render the bodies that show it."""
    image_model = apps.get_model("articles", "Image")
    image = image_model.objects.filter(pk=image_id, file=file_name).first()
    if image is None:
        return None  # deleted, or replaced by a newer upload that has its own task
    renditions = images.make_renditions(image.file)
    image_model.objects.filter(pk=image_id, file=file_name).update(renditions=renditions)
    image.renditions = renditions
    # .update() sends no signal: the bodies and pages showing the picture follow here.
    from . import fragment_triggers  # imports the models, which import this module

    references.rerender_articles(references.dependants(references.Kind.IMAGE, [image_id]))
    fragments.changed(fragment_triggers.showing_images([image_id]))
    content_generation.bump()
    return renditions


def queue_renditions(image):
    """Queue the renditions of a new upload; return them when already made (immediate
    backend), or none yet: pages show the original, signed, until the worker is done."""
    result = make_renditions.enqueue(image.pk, image.file.name)
    if result.status == TaskResultStatus.SUCCESSFUL:
        return result.return_value
    return []


# Stored bodies.
@background_task()
def rerender_bodies(article_ids):
    """Render again the stored bodies of these articles, after something they name changed
    (see references.py); many at once when a popular picture or category changes."""
    references.rerender_articles(article_ids)


# Stored renderings.
@background_task()
def render_fragments(article_ids):
    """Render and store again what these articles show every reader (see fragments.py)."""
    fragments.refresh(article_ids)
