"""The admin's sign-in form: password, then the authenticator's code for those who have one."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed

from .two_factor import authenticator_of


class AdminLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=10,
        help_text="Only if you have set up two-factor sign-in.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "token_required": "Enter the 6-digit code your authenticator app shows for this account.",
        "token_invalid": "That code is not right, or has expired. Enter the code shown now.",
        "token_throttled": "Too many wrong codes in a row: wait a minute, then try again.",
    }

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        device = authenticator_of(user) if user else None
        if device is None:
            return cleaned_data
        token = "".join(cleaned_data.get("otp_token", "").split())
        if not token:
            raise forms.ValidationError(self.error_messages["token_required"], code="token_required")
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(self.error_messages["token_throttled"], code="token_throttled")
        if not device.verify_token(token):
            # A wrong code counts towards the lockout like a wrong password.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=self.request
            )
            raise forms.ValidationError(self.error_messages["token_invalid"], code="token_invalid")
        user.otp_device = device  # django-otp records it in the session on login
        return cleaned_data


class ConfirmAuthenticatorForm(forms.Form):
    otp_token = forms.CharField(
        label="Code shown by the app",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        token = "".join(self.cleaned_data["otp_token"].split())
        allowed, _why = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError("Too many wrong codes in a row: wait a minute, then try again.")
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                "That code does not match. Check the app shows this account, then enter the code shown now."
            )
        return token
