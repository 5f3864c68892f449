import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ourplanet.settings")
application = get_wsgi_application()

from ourplanet.checks import warn_at_startup  # noqa: E402 - needs the settings loaded above

warn_at_startup()
