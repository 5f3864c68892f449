"""A system check that the series and episode models the settings name fit this app.

A spoiler flag names a series and an episode of the host project's own models
(``WARNINGS_SERIES_MODEL``, ``WARNINGS_EPISODE_MODEL``). The flags, the notice and the
preferences page read a few of their fields; a project that points the settings at a model
without them should learn it from ``manage.py check``, not from a blank page.
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldDoesNotExist

SERIES_FIELDS = ("title", "slug")
EPISODE_FIELDS = ("series", "season", "number", "title")


def _model_named(setting):
    """The installed model a setting names, or the Error saying why there is none."""
    value = getattr(settings, setting, None)
    try:
        return apps.get_model(value, require_ready=False), None
    except (AttributeError, ValueError, LookupError):
        return None, checks.Error(
            f"{setting} is {value!r}, which is not an installed model.",
            hint=f"Set {setting} to 'app_label.ModelName' of a model in INSTALLED_APPS.",
            obj=setting,
            id="warnings.E001",
        )


def _missing_fields(model, names):
    missing = []
    for name in names:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            missing.append(name)
    return missing


def _fields_error(setting, model, missing):
    return checks.Error(
        f"{setting} names {model._meta.label}, which has no field {', '.join(missing)}.",
        hint="Content warnings read these fields of the series and episode a spoiler covers.",
        obj=setting,
        id="warnings.E002",
    )


@checks.register(checks.Tags.models)
def check_series_and_episode_models(app_configs=None, **kwargs):
    errors = []
    series, error = _model_named("WARNINGS_SERIES_MODEL")
    if error:
        errors.append(error)
    elif missing := _missing_fields(series, SERIES_FIELDS):
        errors.append(_fields_error("WARNINGS_SERIES_MODEL", series, missing))
        series = None

    episode, error = _model_named("WARNINGS_EPISODE_MODEL")
    if error:
        errors.append(error)
    elif missing := _missing_fields(episode, EPISODE_FIELDS):
        errors.append(_fields_error("WARNINGS_EPISODE_MODEL", episode, missing))
    elif series and episode._meta.get_field("series").related_model is not series:
        errors.append(
            checks.Error(
                f"{episode._meta.label}.series is not a foreign key to {series._meta.label}.",
                hint="An episode belongs to one series: WARNINGS_EPISODE_MODEL.series must point "
                "to WARNINGS_SERIES_MODEL.",
                obj="WARNINGS_EPISODE_MODEL",
                id="warnings.E003",
            )
        )
    return errors
