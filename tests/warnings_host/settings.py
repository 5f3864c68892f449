"""Settings of a project that installs content_warnings and not articles."""

SECRET_KEY = "test-only-not-secret"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.staticfiles",
    "content_warnings",
    "tests.warnings_host",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
STATIC_URL = "/static/"
ROOT_URLCONF = "tests.warnings_host.urls"
WARNINGS_SERIES_MODEL = "warnings_host.Show"
WARNINGS_EPISODE_MODEL = "warnings_host.ShowEpisode"
