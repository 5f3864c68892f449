"""The site's URLs, with uploads served from MEDIA_ROOT as it is when each request arrives.

ourplanet/urls.py reads MEDIA_ROOT once, on import; each test uploads into its own temporary
folder (tests/conftest.py), which that route would never see.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from ourplanet.urls import handler404, handler500  # noqa: F401 (the site's error pages)
from ourplanet.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media),
    *site_urlpatterns,
]
