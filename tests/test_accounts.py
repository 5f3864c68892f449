"""Signing in to the newsroom: lockout after repeated failures (django-axes), the optional
second factor (django-otp) that superusers must use when REQUIRE_2FA is on, and cookies."""

import re
from base64 import b32decode

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .factories import UserFactory
from .rendered_forms import open_page

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/?next=/admin/"


def sign_in(client, username, password, code="", address="192.0.2.10"):
    """What a person does: open the sign-in page, fill it in, submit it."""
    form = open_page(client, LOGIN, REMOTE_ADDR=address).form("login-form")
    assert all(form.offers(name) for name in ("username", "password", "otp_token"))
    form.update(username=username, password=password, otp_token=code)
    return form.submit(REMOTE_ADDR=address)


def signed_in(response):
    return response.status_code == 302 and response.url == "/admin/"


@pytest.fixture
def settings_for_lockout(settings):
    settings.AXES_FAILURE_LIMIT = 10
    return settings


@pytest.fixture
def editor_account():
    return UserFactory(username="editor")


def test_the_right_password_signs_in(client, editor_account):
    assert signed_in(sign_in(client, "editor", PASSWORD))
    assert client.get("/admin/").status_code == 200


def test_after_25_wrong_passwords_the_right_one_is_refused(client, settings_for_lockout, editor_account):
    for _attempt in range(25):
        response = sign_in(client, "editor", "wrong password")
        assert not signed_in(response)
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Signing in is locked" in page
    assert "after 10 failed attempts" in page
    assert "Try again in 30 minutes" in page
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_lockout_does_not_reach_other_people_or_other_addresses(client, settings_for_lockout, editor_account):
    UserFactory(username="moderator")
    for _attempt in range(10):
        sign_in(client, "editor", "wrong password", address="192.0.2.10")
    assert sign_in(client, "editor", PASSWORD, address="192.0.2.10").status_code == 429
    assert signed_in(sign_in(client, "moderator", PASSWORD, address="192.0.2.10"))
    client.logout()
    assert signed_in(sign_in(client, "editor", PASSWORD, address="198.51.100.7"))


def test_a_lockout_is_lifted_by_the_unlock_command(client, settings_for_lockout, editor_account):
    for _attempt in range(10):
        sign_in(client, "editor", "wrong password")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    call_command("axes_reset_username", "editor", stdout=None)
    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_a_superuser_unlocks_from_the_admin(client, settings_for_lockout, editor_account):
    for _attempt in range(10):
        sign_in(client, "editor", "wrong password")
    assert AccessAttempt.objects.filter(username="editor").exists()
    admin_user = UserFactory(username="chief", is_superuser=True)
    client.force_login(admin_user)
    changelist = client.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200
    assert "editor" in changelist.content.decode()
    attempt = AccessAttempt.objects.get(username="editor")
    confirm = client.get(f"/admin/axes/accessattempt/{attempt.pk}/delete/")
    assert confirm.status_code == 200
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert not AccessAttempt.objects.filter(username="editor").exists()
    client.logout()
    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_an_editor_cannot_see_or_lift_lockouts(editor_client):
    assert editor_client.get("/admin/axes/accessattempt/").status_code == 403


def test_wrong_codes_count_towards_the_lockout(client, settings_for_lockout, editor_account):
    device = TOTPDevice.objects.create(user=editor_account, name="phone", confirmed=True)
    for _attempt in range(10):
        response = sign_in(client, "editor", PASSWORD, code="000000")
        assert not signed_in(response)
        device.refresh_from_db()
        device.throttle_reset()
    assert sign_in(client, "editor", PASSWORD, code=current_code(device)).status_code == 429


# Two-factor sign-in


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def test_someone_with_an_authenticator_is_asked_for_its_code(client, editor_account):
    device = TOTPDevice.objects.create(user=editor_account, name="phone", confirmed=True)
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 200
    assert "Enter the 6-digit code" in response.content.decode()
    assert "_auth_user_id" not in client.session
    response = sign_in(client, "editor", PASSWORD, code="123456" if current_code(device) != "123456" else "654321")
    assert "That code is not right" in response.content.decode()
    device.throttle_reset()
    assert signed_in(sign_in(client, "editor", PASSWORD, code=current_code(device)))
    assert client.get("/admin/").status_code == 200


def test_without_require_2fa_a_superuser_signs_in_with_a_password(client, settings):
    settings.REQUIRE_2FA = False
    UserFactory(username="chief", is_superuser=True)
    assert signed_in(sign_in(client, "chief", PASSWORD))
    assert client.get("/admin/").status_code == 200


def test_with_require_2fa_a_superuser_without_a_code_cannot_reach_the_admin(client, settings):
    settings.REQUIRE_2FA = True
    UserFactory(username="chief", is_superuser=True)
    sign_in(client, "chief", PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get("/admin/articles/article/").status_code == 302
    # They are sent to set up an authenticator, and nowhere else.
    assert client.get(response.url).url == "/admin/two-factor/"


def test_with_require_2fa_a_superuser_with_a_valid_code_reaches_the_admin(client, settings):
    settings.REQUIRE_2FA = True
    chief = UserFactory(username="chief", is_superuser=True)
    device = TOTPDevice.objects.create(user=chief, name="phone", confirmed=True)
    assert signed_in(sign_in(client, "chief", PASSWORD, code=current_code(device)))
    assert client.get("/admin/").status_code == 200


def test_with_require_2fa_editors_still_sign_in_with_a_password(client, settings, editor_account):
    settings.REQUIRE_2FA = True
    assert signed_in(sign_in(client, "editor", PASSWORD))
    assert client.get("/admin/").status_code == 200


def _setup_page_device(client):
    page = open_page(client, "/admin/two-factor/")
    assert "<svg" in page.response.content.decode(), "the page shows a QR code"
    return TOTPDevice.objects.get(confirmed=False), page.form("two-factor-form")


def test_a_superuser_sets_up_an_authenticator_and_reaches_the_admin(client, settings):
    settings.REQUIRE_2FA = True
    chief = UserFactory(username="chief", is_superuser=True)
    sign_in(client, "chief", PASSWORD)
    device, form = _setup_page_device(client)
    form["otp_token"] = "000000" if current_code(device) != "000000" else "111111"
    response = form.submit()
    assert response.status_code == 200
    assert "That code does not match" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    form["otp_token"] = current_code(device)
    response = form.submit()
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert list(TOTPDevice.objects.filter(user=chief).values_list("confirmed", flat=True)) == [True]
    client.logout()
    device.refresh_from_db()
    assert not signed_in(sign_in(client, "chief", PASSWORD)), "from now on a code is asked for"


def test_replacing_an_authenticator_needs_a_session_signed_in_with_it(client, editor_account):
    TOTPDevice.objects.create(user=editor_account, name="phone", confirmed=True)
    client.force_login(editor_account)
    response = client.get("/admin/two-factor/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_the_setup_page_is_for_staff_only(client):
    reader = UserFactory(username="reader", is_staff=False)
    client.force_login(reader)
    assert client.get("/admin/two-factor/").status_code == 302
    assert not TOTPDevice.objects.exists()


def test_the_setup_page_is_linked_from_every_admin_page(editor_client):
    assert 'href="/admin/two-factor/"' in editor_client.get("/admin/").content.decode()


# Cookies and passwords


def test_session_cookie_is_http_only_and_same_site_lax(client, editor_account):
    sign_in(client, "editor", PASSWORD)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_password_validators_refuse_a_weak_password():
    with pytest.raises(ValidationError):
        validate_password("password")
    with pytest.raises(ValidationError):
        validate_password("12345678901")
    validate_password(PASSWORD)


def test_the_test_clients_login_still_works_with_the_lockout(client, editor_account):
    assert client.login(username="editor", password=PASSWORD)
    assert client.get("/admin/").status_code == 200
    assert not client.login(username="editor", password="wrong password")


def test_the_key_typed_by_hand_from_the_setup_page_gives_working_codes(client, editor_account):
    client.force_login(editor_account)
    page = open_page(client, "/admin/two-factor/")
    typed = re.search(r"<code>([A-Z2-7 ]+)</code>", page.response.content.decode()).group(1).replace(" ", "")
    key = b32decode(typed + "=" * (-len(typed) % 8))
    form = page.form("two-factor-form")
    form["otp_token"] = f"{totp(key):06d}"
    response = form.submit()
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=editor_account).confirmed
