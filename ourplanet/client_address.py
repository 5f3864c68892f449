"""The address of the person making a request, as the server in front of Django saw it.

Behind a load balancer or reverse proxy every request arrives from the proxy's address, so a
per-client limit (readers' reports, the login lockout) would count every reader as one
client. Set ``TRUSTED_PROXY_COUNT`` to the number of proxies in front of Django that append
to ``X-Forwarded-For``: the client is then that many addresses from the right of the
header (what is further left was written by the client itself and proves nothing). With 0,
the default for a server reached directly, the header is ignored: anyone can send one.
"""

from ipaddress import ip_address

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        return remote  # a request that did not come through every proxy
    try:
        return str(ip_address(hops[-count]))
    except ValueError:
        return remote
