"""The episode guide's stored entries (articles/models/guide.py) against the articles
themselves: after every kind of change a reader could see in the guide, the guide read from
the entries is the one computed from ``Article.objects.published()`` and the flags."""

import importlib
import io
import threading

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from articles.models import Article, GuideEntry
from content_warnings.models import ContentWarning

from .factories import ArticleFactory, ContentWarningFactory, category

pytestmark = pytest.mark.django_db


def computed_guide(series):
    """The guide as the public pages define it, the slow way: each episode, whether a
    published article is about it, and the labels of those articles' own flags."""
    guide = []
    for episode in series.episodes.all():
        about = Article.objects.published().filter(episodes=episode)
        flags = ContentWarning.objects.filter(content_type__model="article", object_id__in=about.values("pk"))
        labels = {(flag.category.kind, flag.category.label) for flag in flags}
        guide.append((episode.title, about.exists(), sorted(labels, key=lambda k: (k[0] != "discretion", k[1]))))
    return guide


def stored_guide(series):
    return [(episode.title, episode.has_page, labels) for episode, labels in GuideEntry.objects.for_series(series)]


@pytest.fixture
def world(planet):
    one, frozen, jungles, coasts = planet
    shown = ArticleFactory(episodes=[one, frozen])
    other = ArticleFactory(episodes=[frozen])
    draft = ArticleFactory(status=Article.Status.DRAFT, episodes=[jungles])
    held = ArticleFactory(episodes=[jungles], is_held=True)
    scheduled = ArticleFactory(episodes=[coasts], published_at=timezone.now() + timezone.timedelta(days=1))
    ContentWarningFactory(content_object=shown, category=category("animal-death"))
    ContentWarningFactory(content_object=other, category=category("spoilers"))
    ContentWarningFactory(content_object=draft, category=category("graphic-violence"))
    ContentWarningFactory(content_object=held, category=category("predation"))
    ContentWarningFactory(content_object=scheduled, category=category("blood-gore"))
    return {
        "episodes": {"one": one, "frozen": frozen, "jungles": jungles, "coasts": coasts},
        "series": one.series,
        "shown": shown, "other": other, "draft": draft, "held": held, "scheduled": scheduled,
    }


def _save(article, **changes):
    for field, value in changes.items():
        setattr(article, field, value)
    article.save()


def _flag_of(article):
    return ContentWarning.objects.get(content_type__model="article", object_id=article.pk)


def _relabel(slug, label):
    found = category(slug)
    found.label = label
    found.save()


def _time_passes(monkeypatch):
    later = timezone.now() + timezone.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)


# Each step changes what the guide shows (asserted), so a step the entries missed fails.
STEPS = {
    "a draft is published": lambda w, **_: _save(w["draft"], status=Article.Status.PUBLISHED),
    "an article is unpublished": lambda w, **_: _save(w["other"], status=Article.Status.UNPUBLISHED),
    "an article goes back to draft": lambda w, **_: _save(w["shown"], status=Article.Status.DRAFT),
    "a moderator holds an article": lambda w, moderator, **_: w["shown"].set_hold(True, by=moderator, reason="Check"),
    "a moderator lifts a hold": lambda w, moderator, **_: w["held"].set_hold(False, by=moderator, reason="Fine"),
    "a scheduled article's time comes": lambda w, monkeypatch, **_: _time_passes(monkeypatch),
    "a published article is rescheduled": lambda w, **_: _save(
        w["shown"], published_at=timezone.now() + timezone.timedelta(hours=3)
    ),
    "a flag is added": lambda w, **_: ContentWarningFactory(content_object=w["other"], category=category("predation")),
    "a flag changes category": lambda w, **_: _save(_flag_of(w["shown"]), category=category("human-death")),
    "a flag is removed": lambda w, **_: _flag_of(w["shown"]).delete(),
    "flags are removed in bulk": lambda w, **_: ContentWarning.objects.filter(object_id=w["other"].pk).delete(),
    "an episode is added to an article": lambda w, **_: w["shown"].episodes.add(w["episodes"]["coasts"]),
    "an episode is removed from an article": lambda w, **_: w["shown"].episodes.remove(w["episodes"]["one"]),
    "an article's episodes are set": lambda w, **_: w["other"].episodes.set([w["episodes"]["jungles"]]),
    "an article's episodes are cleared": lambda w, **_: w["shown"].episodes.clear(),
    "an article is linked from the episode's side": lambda w, **_: w["episodes"]["coasts"].articles.add(w["other"]),
    "an episode's articles are cleared": lambda w, **_: w["episodes"]["frozen"].articles.clear(),
    "an article is deleted": lambda w, **_: w["shown"].delete(),
    "articles are deleted in bulk": lambda w, **_: Article.objects.filter(pk=w["other"].pk).delete(),
    "an episode is deleted": lambda w, **_: w["episodes"]["one"].delete(),
    "a category is relabelled": lambda w, **_: _relabel("animal-death", "Death of an animal"),
}


@pytest.mark.parametrize("step", STEPS)
def test_the_guide_follows_every_change(world, step, moderator, monkeypatch):
    before = computed_guide(world["series"])
    assert stored_guide(world["series"]) == before

    STEPS[step](world, moderator=moderator, monkeypatch=monkeypatch)

    after = computed_guide(world["series"])
    assert after != before, "the step should change what the guide shows"
    assert stored_guide(world["series"]) == after


def test_the_guide_shows_public_articles_own_flags_only(world):
    assert stored_guide(world["series"]) == [
        ("One Planet", True, [("discretion", "Animal death")]),
        ("Frozen Worlds", True, [("discretion", "Animal death"), ("spoiler", "Spoilers")]),
        ("Jungles", False, []),  # a draft and a held article
        ("Coastal Seas", False, []),  # scheduled for tomorrow
    ]


def test_a_pictures_flag_is_not_the_episodes(planet):
    from .factories import ImageFactory

    picture = ImageFactory()
    ArticleFactory(episodes=[planet[3]], hero_image=picture)
    ContentWarningFactory(content_object=picture, category=category("graphic-violence"))

    assert stored_guide(planet[0].series)[3] == ("Coastal Seas", True, [])


def test_reading_a_guide_is_two_queries(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        GuideEntry.objects.for_series(world["series"])


def test_the_entries_do_not_multiply_with_the_articles(planet):
    for _ in range(5):
        article = ArticleFactory(episodes=planet[:2])
        ContentWarningFactory(content_object=article, category=category("predation"))

    # Per episode: one entry for its page and one per category shown.
    assert GuideEntry.objects.count() == 4


def test_the_migration_fills_the_entries_the_writers_keep(world):
    kept = set(GuideEntry.objects.values_list("episode_id", "category_id", "first_public_at"))
    GuideEntry.objects.all().delete()

    migration = importlib.import_module("articles.migrations.0017_guide_entries")
    migration.fill_guide(apps, None)

    assert set(GuideEntry.objects.values_list("episode_id", "category_id", "first_public_at")) == kept
    assert len(kept) == 7  # three episodes with an article going public (one tomorrow), four flags


def test_render_bodies_restores_entries_written_without_signals(world):
    GuideEntry.objects.all().delete()
    assert stored_guide(world["series"]) != computed_guide(world["series"])

    call_command("render_bodies", stdout=io.StringIO())

    assert stored_guide(world["series"]) == computed_guide(world["series"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time: no race to lose")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # with the seeded groups and categories
@pytest.mark.usefixtures("seeded_rows_put_back")
def test_two_writers_on_one_episode_both_count(planet):
    """The second writer waits for the first's lock on the episode, then reads what it
    committed: neither change is lost and neither writer fails on the other's entries."""
    episode = planet[0]
    flagged = ArticleFactory(episodes=[episode])
    publishing = ArticleFactory(status=Article.Status.DRAFT, episodes=[episode])
    ContentWarningFactory(content_object=publishing, category=category("spoilers"))
    first_in, release, errors = threading.Event(), threading.Event(), []

    def in_a_thread(work):
        def run():
            try:
                work()
            except Exception as error:  # reported below, in the test's thread
                errors.append(error)
            finally:
                connections.close_all()

        return threading.Thread(target=run)

    def flag_and_wait():
        with transaction.atomic():
            ContentWarningFactory(content_object=flagged, category=category("predation"))
            first_in.set()
            release.wait(10)

    first, second = in_a_thread(flag_and_wait), in_a_thread(lambda: _save(publishing, status=Article.Status.PUBLISHED))
    first.start()
    assert first_in.wait(10)
    second.start()
    second.join(1)
    waited = second.is_alive()
    release.set()
    first.join(10)
    second.join(10)

    assert not errors
    assert waited, "the second writer should wait for the first's episode lock"
    assert stored_guide(episode.series)[0] == (
        "One Planet", True, [("discretion", category("predation").label), ("spoiler", "Spoilers")]
    )
    assert stored_guide(episode.series) == computed_guide(episode.series)
