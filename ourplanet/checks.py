"""Startup checks for running on more than one process or machine."""

import logging
import os
import re

from django.core.checks import Warning, register

logger = logging.getLogger(__name__)


def configured_workers():
    """How many worker processes the environment asks gunicorn for (WEB_CONCURRENCY, or
    --workers in GUNICORN_CMD_ARGS)."""
    counts = [1]
    concurrency = os.environ.get("WEB_CONCURRENCY", "")
    if concurrency.isdigit():
        counts.append(int(concurrency))
    match = re.search(r"(?:--workers[= ]|-w ?)(\d+)", os.environ.get("GUNICORN_CMD_ARGS", ""))
    if match:
        counts.append(int(match.group(1)))
    return max(counts)


@register()
def shared_state_check(app_configs=None, **kwargs):
    workers = configured_workers()
    if workers > 1 and not os.environ.get("REDIS_URL"):
        return [
            Warning(
                f"{workers} worker processes are configured but REDIS_URL is not set: each process "
                "keeps its own cache, so editors on different processes do not see each other's "
                "presence, and a change may not reach every process's cached pages.",
                hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to share the cache, or run one worker.",
                id="ourplanet.W001",
            )
        ]
    return []


def warn_at_startup():
    """gunicorn runs no system checks: log this one's warning when the application loads."""
    for warning in shared_state_check():
        logger.warning("%s %s (%s)", warning.msg, warning.hint, warning.id)
