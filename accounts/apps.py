from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in to the newsroom: the second factor and the lockout page (no models)."""

    name = "accounts"
    verbose_name = "Accounts"
