"""A server-side cache of public pages for anonymous readers, exact to the request.

Every anonymous reader is sent the same HTML (their warning preferences are applied in the
browser), so one rendering of a public page can serve them all. Pages are keyed by the
content generation (freshness.py): any change a reader could see moves it, and pages stored
before can no longer be found. Nothing is purged by hand.

What is stored: a 200 answer to an anonymous GET that its view marked public
(caching.cache_public_page), that sets no cookie and used no CSRF token or CSP nonce. What is served from
it: GET and HEAD requests without a session cookie; a logged-in editor always gets a fresh
page. Every public page carries an ETag and Last-Modified; a browser asking again with them
gets an empty 304 while nothing has changed.

This middleware sits above the session, CSRF and authentication middleware, so it sees the
cookies they set before deciding to store.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .caching import mark_public
from .freshness import content_version

# Headers a stored page keeps; the rest are added again on the way out (security headers)
# or recomputed (Cache-Control, from the time left before the next scheduled publication).
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Link", "Vary")


def _is_anonymous_read_of_a_public_page(request):
    """Only the views marked public are looked up: every other request (the admin, health
    checks) passes through untouched, without a cache read or the scheduling lookup."""
    if not (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    ):
        return False
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return False
    return getattr(view, "public_page", False)


def _key(request, generation):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{generation}:{hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()}"


def _may_store(request, response):
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and "public" in response.get("Cache-Control", "")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        # A page that carries a CSP nonce belongs to the response whose header names it.
        and not isinstance(getattr(request, "_csp_nonce", None), str)
        and not (user is not None and user.is_authenticated)
    )


def _etag(generation, content):
    return f'"{generation}-{hashlib.md5(content, usedforsecurity=False).hexdigest()[:20]}"'


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_anonymous_read_of_a_public_page(request):
            return self.get_response(request)
        version = content_version()
        request.content_version = version
        request.content_generation = version.generation
        key = _key(request, version.generation)
        stored = cache.get(key)
        if stored is not None:
            response = self._from_stored(stored, version)
        else:
            response = self.get_response(request)
            if not _may_store(request, response):
                return response
            stored = self._stored(response, version.generation)
            cache.set(key, stored, timeout=settings.PAGE_CACHE_SECONDS)
            response["ETag"] = stored["etag"]
            response["Last-Modified"] = http_date(stored["last_modified"])
            response["X-Page-Cache"] = "miss"
        return get_conditional_response(
            request, etag=stored["etag"], last_modified=stored["last_modified"], response=response
        )

    @staticmethod
    def _stored(response, generation):
        return {
            "content": response.content,
            "headers": [(name, response[name]) for name in KEPT_HEADERS if name in response],
            "etag": _etag(generation, response.content),
            "last_modified": int(time.time()),
        }

    @staticmethod
    def _from_stored(stored, version):
        response = HttpResponse(stored["content"])
        for name, value in stored["headers"]:
            response[name] = value
        response["ETag"] = stored["etag"]
        response["Last-Modified"] = http_date(stored["last_modified"])
        mark_public(response, version)
        response["X-Page-Cache"] = "hit"
        return response
