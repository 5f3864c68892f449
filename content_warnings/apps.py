from django.apps import AppConfig


class ContentWarningsConfig(AppConfig):
    """Viewer-discretion and spoiler warnings.

    The package is ``content_warnings`` because Python imports its own ``warnings``
    module at start-up; the app keeps the label ``warnings`` for tables, permissions
    and the admin section.
    """

    name = "content_warnings"
    label = "warnings"
    verbose_name = "Content warnings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 (registers the settings check)
