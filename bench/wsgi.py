"""gunicorn entry point for the benchmark: the site with the bare view added (bench/urls.py).

BENCH_CACHE=off serves every request cold: the dummy cache stores nothing, so the page
cache, the content generation and cached fragments never answer.
"""

import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ourplanet.settings")
django.setup()
settings.ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_CACHE") == "off":
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after the settings above

application = get_wsgi_application()
