"""Who must sign in with a code from an authenticator app (TOTP, django-otp).

Anyone on the staff may set up an authenticator; from then on the sign-in form asks them for
its code. With ``REQUIRE_2FA`` on, a superuser cannot use the admin until they have signed in
with one.
"""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_of(user):
    """The person's confirmed authenticator, or None. One per person: a new one replaces it."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def must_verify(user):
    return bool(settings.REQUIRE_2FA and user.is_superuser)


def admin_access_error(user):
    """Why a signed-in person may not use the admin yet, or None."""
    if must_verify(user) and not user.is_verified():
        return "Superusers must sign in with a code from an authenticator app."
    return None
