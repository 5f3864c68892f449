"""Response headers that tell browsers what a page may do: the Content-Security-Policy
(django-csp, with one allowance for the admin) and the Permissions-Policy."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's policy everywhere; in the admin, ``style="…"`` attributes are allowed too.

    Django's admin widgets and some of our admin columns size things with inline style
    attributes. A style attribute cannot run script or load anything the policy forbids;
    ``<style>`` elements and every script stay under the strict rules.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")):
            parts.update = {**(parts.update or {}), "style-src-attr": [UNSAFE_INLINE]}
        return parts


class PermissionsPolicyMiddleware:
    """Turns off browser features no page of ours uses (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
