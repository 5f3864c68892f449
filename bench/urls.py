"""The site's own URLs plus one bare view: the yardstick every page is measured against.

The bare view runs through the same middleware, settings and server as the pages, and does
no work of its own; a page's throughput divided by the bare view's says how much of the
server's capacity the page itself spends, whatever else the machine is doing.
"""

from django.http import HttpResponse
from django.urls import include, path

BARE_BODY = b"ok\n"


def bare(request):
    return HttpResponse(BARE_BODY, content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("ourplanet.urls")),
]
