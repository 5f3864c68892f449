"""Cache headers for public pages: browsers revalidate every time, shared caches keep a page
for a short while but never past the next scheduled publication.

``max-age=0`` makes a browser ask again on every visit; the ETag (see page_cache.py) lets
the answer be an empty 304 while nothing has changed. A shared cache (a CDN) may keep the
page for PUBLIC_PAGE_MAX_AGE seconds (``s-maxage``), a bound on how late a change can reach
readers behind it; set it to 0 to make the CDN revalidate every time too.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control

from .freshness import content_version


def shared_max_age(version):
    until_next = version.seconds_until_next_publication()
    max_age = settings.PUBLIC_PAGE_MAX_AGE
    return max_age if until_next is None else min(max_age, until_next)


def mark_public(response, version):
    """The same headers on a freshly rendered page and on one served from the page cache."""
    if "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(response, public=True, max_age=0, s_maxage=shared_max_age(version), must_revalidate=True)


def cache_public_page(view):
    """Mark a successful public response as the same for every anonymous reader: the page
    cache may keep it, and the headers above say how others may."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            # The page cache has read the version for this request already, unless it is off.
            mark_public(response, getattr(request, "content_version", None) or content_version())
        return response

    wrapped.public_page = True  # what the page cache looks for (page_cache.py)
    return wrapped
