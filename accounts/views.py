"""Setting up an authenticator, and the page shown to a locked-out sign-in."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import ConfirmAuthenticatorForm
from .two_factor import authenticator_of


def two_factor_setup(request):
    """A staff member links an authenticator app to their account (or replaces theirs).

    Open to anyone on the staff who signed in, even when the admin itself still refuses them
    for want of a second factor; replacing an authenticator needs a session signed in with it.
    """
    user = request.user
    if not (user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    current = authenticator_of(user)
    if current is not None and not user.is_verified():
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))

    pending, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = ConfirmAuthenticatorForm(request.POST or None, device=pending)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).exclude(pk=pending.pk).delete()
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
        otp_login(request, pending)
        messages.success(request, "Two-factor sign-in is on: from now on, signing in asks for a code.")
        return redirect("admin:index")

    context = {
        **admin.site.each_context(request),
        "title": "Two-factor sign-in",
        "form": form,
        "current": current,
        "secret": _grouped(b32encode(pending.bin_key).decode().rstrip("=")),
        # segno writes the SVG itself from our own otpauth:// URL: no user markup in it.
        "qr_svg": mark_safe(segno.make(pending.config_url, error="m").svg_inline(scale=4)),  # noqa: S308
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return TemplateResponse(request, "accounts/two_factor_setup.html", context)


def _grouped(secret):
    """The key in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def locked_out(request, response, credentials, *args, **kwargs):
    """What someone sees after too many failed sign-ins (django-axes' lockout response)."""
    context = {
        **admin.site.each_context(request),
        "title": "Sign-in locked",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return TemplateResponse(
        request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    ).render()
