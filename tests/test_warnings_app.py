"""The warnings app stands on its own: a project without ``articles`` flags its own models,
and ``manage.py check`` says when the series and episode settings name unfitting models."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.core import checks

from content_warnings.checks import check_series_and_episode_models

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter, so nothing the suite has imported can help.
FLAG_A_CLIP = """
import json, sys
import django
django.setup()
from django.contrib.staticfiles import finders
from django.core import checks
from django.core.management import call_command
from django.db.models import Prefetch
from django.template.loader import render_to_string
from content_warnings.models import ContentWarning, WarningCategory
from content_warnings.summary import summarise
from tests.warnings_host.models import Clip, Show, ShowEpisode

call_command("migrate", run_syncdb=True, verbosity=0)
show = Show.objects.create(title="Deep Water", slug="deep-water")
trench = ShowEpisode.objects.create(series=show, season=1, number=3, title="The Trench")
clip = Clip.objects.create(title="Anglerfish")
ContentWarning.objects.create(
    category=WarningCategory.objects.get(slug="animal-death"), content_object=clip, severity="severe"
)
spoiler = ContentWarning(
    category=WarningCategory.objects.get(slug="spoilers"), content_object=clip, spoils_episode=trench
)
spoiler.full_clean()
spoiler.save()

clip = Clip.objects.prefetch_related(Prefetch("warnings", ContentWarning.objects.with_related())).get()
summary = summarise(clip.warnings.all())
print(json.dumps({
    "check_errors": [message.id for message in checks.run_checks()],
    "flagged": [str(flag.content_object) for flag in ContentWarning.objects.all()],
    "spoiled_series": spoiler.spoils_series.title,
    "found_by_relation": list(Clip.objects.filter(warnings__category__slug="spoilers").values_list("title", flat=True)),
    "needs_interstitial": summary.needs_interstitial,
    "chips": [label for _kind, label, _severity in summary.chips],
    "chips_html": render_to_string("warnings/warning_chips.html", {"summary": summary}),
    "notice_html": render_to_string("warnings/warning_notice.html", {"summary": summary}),
    "script": bool(finders.find("warnings/warnings.js")),
    "articles_imported": sorted(name for name in sys.modules if name.split(".")[0] == "articles"),
}))
"""


def _run_in_host_project():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.warnings_host.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", FLAG_A_CLIP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_project_without_articles_flags_its_own_models_and_shows_the_warnings():
    host = _run_in_host_project()

    assert host["articles_imported"] == []
    assert host["check_errors"] == []
    assert host["flagged"] == ["Anglerfish", "Anglerfish"]
    assert host["spoiled_series"] == "Deep Water"
    assert host["found_by_relation"] == ["Anglerfish"]
    assert host["needs_interstitial"] is True
    assert host["chips"] == ["Animal death", "Spoilers for Deep Water up to S01E03 “The Trench”"]
    assert "Spoilers for Deep Water up to S01E03 “The Trench”" in host["chips_html"]
    assert "<li>Deep Water up to S01E03 “The Trench”</li>" in host["notice_html"]
    assert 'href="/preferences/"' in host["notice_html"]
    assert host["script"] is True


def _error_ids():
    return [error.id for error in check_series_and_episode_models()]


def test_the_project_settings_pass_the_check():
    assert _error_ids() == []


def test_a_setting_naming_no_installed_model_is_an_error(settings):
    settings.WARNINGS_SERIES_MODEL = "nowhere.Series"
    settings.WARNINGS_EPISODE_MODEL = "not a model name"

    errors = check_series_and_episode_models()

    assert [error.id for error in errors] == ["warnings.E001", "warnings.E001"]
    assert "WARNINGS_SERIES_MODEL is 'nowhere.Series', which is not an installed model." in errors[0].msg


def test_a_missing_setting_is_an_error(settings):
    del settings.WARNINGS_EPISODE_MODEL

    assert _error_ids() == ["warnings.E001"]


def test_a_model_without_the_fields_the_app_reads_is_an_error(settings):
    settings.WARNINGS_SERIES_MODEL = "auth.Group"

    (error,) = check_series_and_episode_models()

    assert error.id == "warnings.E002"
    assert error.msg == "WARNINGS_SERIES_MODEL names auth.Group, which has no field title, slug."


def test_an_episode_model_without_season_and_number_is_an_error(settings):
    settings.WARNINGS_EPISODE_MODEL = "auth.Permission"

    (error,) = check_series_and_episode_models()

    assert error.id == "warnings.E002"
    assert "has no field series, season, number, title" in error.msg


def test_an_episode_whose_series_is_another_model_is_an_error(settings):
    # Articles have a title and a slug, but an episode's series is not an article.
    settings.WARNINGS_SERIES_MODEL = "articles.Article"

    (error,) = check_series_and_episode_models()

    assert error.id == "warnings.E003"


def test_manage_py_check_runs_the_warnings_check(settings):
    settings.WARNINGS_SERIES_MODEL = "auth.Group"

    assert "warnings.E002" in [message.id for message in checks.run_checks()]
