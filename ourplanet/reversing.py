"""``reverse()`` for the links every page repeats (an article's, an episode's, a tag's),
remembered: a list page reverses about eighty of them, and the answer depends only on the
URLconf, the script prefix and the arguments, which are all part of the key."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def cached_reverse(viewname, **kwargs):
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(urlconf, get_script_prefix(), viewname, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=16384)
def _reverse(urlconf, prefix, viewname, kwargs):
    # ``prefix`` is only part of the key: reverse() reads the same thread's script prefix.
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))
