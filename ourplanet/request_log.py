"""One log line per request, and the request id on every line logged while it is served.

In production (DEBUG off, or LOG_FORMAT=json) each line is one JSON object; the fields are
request_id, method, path, status, duration_ms, and user_id when the user is staff (readers
stay anonymous in the logs).
"""

import contextvars
import logging
import re
import time
import uuid

logger = logging.getLogger("ourplanet.requests")
current_request_id = contextvars.ContextVar("request_id", default=None)
# A request id from a proxy or load balancer is kept if it looks like one.
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdFilter(logging.Filter):
    """Adds the id of the request being served (or None) to every log record."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request.id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            fields = self.fields(request, response.status_code, started)
            logger.info(
                "%s %s %s %sms", request.method, request.path, response.status_code, fields["duration_ms"],
                extra=fields,
            )
            return response
        finally:
            current_request_id.reset(token)

    @staticmethod
    def fields(request, status, started):
        user = getattr(request, "user", None)
        return {
            "request_id": request.id,
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
            "user_id": user.pk if user is not None and user.is_authenticated and user.is_staff else None,
        }
