"""/healthz: whether this app server can reach what it needs, for load balancers.

Each dependency answers "ok" or the class of the error, never its message: messages can
hold host names, bucket names or credentials. Details go to the log.
"""

import logging
import secrets

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key, value = "healthz-probe", secrets.token_hex(8)
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise LookupError("the cache did not return what was just stored")


def _storage():
    default_storage.exists("healthz-probe")


CHECKS = {"database": _database, "cache": _cache, "storage": _storage}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # a health check reports every failure, whatever it is
            logger.exception("Health check: %s failed", name)
            results[name] = f"failing: {type(error).__name__}"
        else:
            results[name] = "ok"
    return results


@never_cache
def healthz(request):
    results = run_checks()
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": results}, status=200 if healthy else 503)
