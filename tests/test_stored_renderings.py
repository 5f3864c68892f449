"""Stored renderings (articles/fragments.py): every public page built from them is byte for
byte the page rendered live from the database, after every kind of change an article can
show; a rendering is never shown under other code, settings or addresses than its own; and
a rendering that read the data before a change is never stored after it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import fragments
from articles.models import Article, Episode, Image
from content_warnings.models import ContentWarning, WarningCategory

from .factories import ArticleFactory, EpisodeFactory, ImageFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/", "/tags/walrus/", "/series/our-planet/", "/series/our-planet/frozen-worlds/",
    "/search/?q=walrus", "/articles/the-fall/", "/articles/the-ice/", "/articles/the-reef/",
    "/feeds/latest/", "/feeds/latest/atom/", "/feeds/tags/walrus/", "/feeds/series/our-planet/",
]


@pytest.fixture(autouse=True)
def rendering_every_time(settings):
    settings.PAGE_CACHE = False


@pytest.fixture
def world(planet):
    """Three articles about Our Planet: one with everything a page can show."""
    image = ImageFactory(alt_text="A walrus on a cliff edge")
    author = UserFactory(first_name="Ada", last_name="Reyes")
    fall = ArticleFactory(
        slug="the-fall", title="The fall", standfirst="Walruses on the cliffs.", hero_image=image,
        tags=["walrus", "arctic"], episodes=[planet[1]], authors=[author],
    )
    ContentWarning.objects.create(content_object=fall, category=WarningCategory.objects.get(slug="animal-death"))
    ContentWarning.objects.create(
        content_object=fall, category=WarningCategory.objects.get(slug="spoilers"),
        spoils_series=planet[1].series, spoils_episode=planet[1],
    )
    ice = ArticleFactory(slug="the-ice", title="The ice", tags=["walrus"], episodes=[planet[1], planet[0]])
    reef = ArticleFactory(slug="the-reef", title="The reef", standfirst="", body="Coral, then walrus.", tags=["reef"])
    return {"image": image, "author": author, "fall": fall, "ice": ice, "reef": reef, "episodes": planet}


def _pages(client):
    pages = {}
    for url in PAGES:
        response = client.get(url)
        pages[url] = (response.status_code, response.content.decode())
    return pages


def _all_stored():
    """Every article has renderings that may be shown now (the change re-rendered them)."""
    current = fragments.signature()
    return {
        article.slug: article.fragments.get("signature") == current
        for article in Article.objects.only("slug", "fragments")
    }


def _assert_pages_as_live(client, expect=None):
    stored = _pages(client)
    assert all(_all_stored().values()), _all_stored()
    Article.objects.update(fragments={})
    live = _pages(client)
    for url in PAGES:
        assert stored[url] == live[url], url
    if expect:
        assert any(expect in html for _, html in stored.values()), expect


def _flag_image(world):
    image = world["image"]
    ContentWarning.objects.create(
        content_type=ContentType.objects.get_for_model(Image), object_id=image.pk,
        category=WarningCategory.objects.get(slug="graphic-violence"), severity="severe",
    )


def _edit(row, **fields):
    """Change a row as the admin would: set its fields and save it (signals and all)."""
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()


def _fall_flag(world, slug):
    return ContentWarning.objects.get(object_id=world["fall"].pk, category__slug=slug)


CHANGES = {
    "article edited": (lambda w: _edit(w["fall"], title="The long fall"), "The long fall"),
    "flag added": (lambda w: ContentWarning.objects.create(
        content_object=w["reef"], category=WarningCategory.objects.get(slug="graphic-violence")), "reef"),
    "flag made severe": (lambda w: _edit(_fall_flag(w, "animal-death"), severity="severe"), "(severe)"),
    "flag removed": (lambda w: _fall_flag(w, "animal-death").delete(), None),
    "picture flagged graphic": (_flag_image, "Graphic image hidden"),
    "category relabelled": (
        lambda w: _edit(WarningCategory.objects.get(slug="animal-death"), label="Animals dying"), "Animals dying"
    ),
    "tag added": (lambda w: w["reef"].tags.add("walrus"), None),
    "tag removed": (lambda w: w["fall"].tags.remove("arctic"), None),
    "tag renamed": (lambda w: _edit(w["fall"].tags.get(slug="arctic"), name="High Arctic"), "High Arctic"),
    "tag deleted": (lambda w: w["fall"].tags.get(slug="arctic").delete(), None),
    "episode added": (lambda w: w["reef"].episodes.add(w["episodes"][2]), None),
    "episode added from its side": (lambda w: w["episodes"][1].articles.add(w["reef"]), None),
    "episodes cleared from their side": (lambda w: w["episodes"][0].articles.clear(), None),
    "episode renamed": (lambda w: _edit(w["episodes"][1], title="Frozen Worlds, revisited"), "Frozen Worlds, revisited"),
    "episode deleted": (lambda w: Episode.objects.filter(pk=w["episodes"][0].pk).delete(), None),
    "series renamed": (lambda w: _edit(w["episodes"][0].series, title="Our Planet II"), "Our Planet II"),
    "author renamed": (lambda w: _edit(w["author"], first_name="Adaeze"), "Adaeze"),
    "author removed": (lambda w: w["fall"].authors.clear(), None),
    "author deleted": (lambda w: w["author"].delete(), None),
    "picture text changed": (
        lambda w: _edit(w["image"], alt_text="Walruses crowding a narrow ledge"), "Walruses crowding a narrow ledge"
    ),
    "picture deleted": (lambda w: w["image"].delete(), None),
}


@pytest.mark.parametrize("change", CHANGES)
def test_pages_from_stored_renderings_are_the_live_pages_after_every_change(client, world, change):
    _assert_pages_as_live(client)
    fragments.refresh(Article.objects.values_list("pk", flat=True))  # stored again after the check above
    apply, expect = CHANGES[change]
    apply(world)
    _assert_pages_as_live(client, expect)


def test_a_stored_rendering_is_not_shown_under_other_settings(client, world, settings):
    assert "/media/" in client.get("/").content.decode()
    settings.MEDIA_URL = "/elsewhere/"
    html = client.get("/").content.decode()
    assert "/elsewhere/" in html  # rendered live: the stored cards name /media/
    assert fragments.stored(Article.objects.get(slug="the-fall")) is None


def test_a_rendering_read_before_a_change_is_not_stored(world):
    (stale,) = fragments.loaded([world["reef"].pk])  # read, then the data changes
    ContentWarning.objects.create(content_object=world["reef"], category=WarningCategory.objects.get(slug="animal-death"))
    Article.objects.filter(pk=stale.pk, fragments_epoch=stale.fragments_epoch).update(fragments=fragments.render(stale)[0])
    stored = Article.objects.get(pk=stale.pk).fragments
    assert "Animal death" in stored["card-2"]  # the change's own rendering stayed


def test_list_and_article_pages_read_only_rows_when_stored(client, world):
    client.get("/")
    with CaptureQueriesContext(connection) as home:
        client.get("/")
    with CaptureQueriesContext(connection) as article:
        client.get("/articles/the-fall/")
    with CaptureQueriesContext(connection) as feed:
        client.get("/feeds/latest/")
    assert len(home) == 1  # the page of cards
    assert len(feed) == 1  # the entries, with their stored facts
    assert len(article) == 2  # the article and its related list
    Article.objects.update(fragments={})
    with CaptureQueriesContext(connection) as live:
        client.get("/articles/the-fall/")
    assert len(live) == 6  # rendered from the tables: tags, episodes, authors, related, flags


def test_search_snippets_go_into_stored_cards_escaped(client, world):
    world["reef"].body = "Coral, then <walrus> & friends."
    world["reef"].save()
    html = client.get("/search/?q=walrus").content.decode()
    assert '<p class="card-snippet">' in html
    assert "<walrus>" not in html
    assert fragments.SNIPPET_MARKER not in html
    assert fragments.SNIPPET_MARKER not in client.get("/").content.decode()


def test_a_title_that_looks_like_a_marker_stays_text(client, world):
    world["fall"].title = fragments.BODY_MARKER + fragments.SNIPPET_MARKER
    world["fall"].save()
    html = client.get("/articles/the-fall/").content.decode()
    assert "&lt;!--article-body--&gt;" in html
    assert html.count("Some <em>Markdown</em> body.") == 1
    assert fragments.SNIPPET_MARKER not in client.get("/search/?q=walrus").content.decode()


def test_previews_are_always_rendered_live(world):
    ArticleFactory(slug="draft", status=Article.Status.DRAFT)
    stored = Article.objects.get(slug="draft").fragments
    assert stored["signature"] == fragments.signature()  # drafts are stored too, for when they go out
    fall = Article.objects.get(slug="the-fall")
    fall.page_fragments = {**fall.page_fragments, "article": "<p>stale</p>"}
    assert fragments.article_html(fall).startswith("<p>stale</p>")  # what a reader would get
    assert "stale" not in fragments.article_html(fall, preview=True)


def test_new_episodes_and_series_need_no_article_rendered(world, django_assert_max_num_queries):
    series = SeriesFactory(slug="new-series")
    with django_assert_max_num_queries(8):
        EpisodeFactory(series=series)


def test_a_picture_without_renditions_is_never_stored(world):
    """Its address is the original's, which may be signed and expire: rendered live until the
    renditions are made (their task renders the article again)."""
    Image.objects.filter(pk=world["image"].pk).update(renditions=[])
    fragments.refresh([world["fall"].pk])
    assert fragments.stored(Article.objects.get(pk=world["fall"].pk)) is None
    fragments.refresh([world["ice"].pk])  # no picture: stored
    assert fragments.stored(Article.objects.get(pk=world["ice"].pk)) is not None


def test_a_template_edited_under_runserver_is_noticed_at_once(tmp_path):
    """runserver reloads templates without restarting: the digest of the sources (part of
    every signature) is worked out again after any file changes."""
    from django.utils.autoreload import file_changed

    fragments._source_digest()
    assert fragments._source_digest.cache_info().currsize == 1
    file_changed.send(sender=None, file_path=tmp_path / "article_card.html")
    assert fragments._source_digest.cache_info().currsize == 0


def test_with_a_worker_a_flag_shows_at_once_and_the_worker_stores_it(client, world, settings, monkeypatch):
    """With the database queue, the renderings wait for the worker: the change empties them at
    once, so readers get the page rendered live, with the new warning, meanwhile."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    ContentWarning.objects.create(content_object=world["reef"], category=WarningCategory.objects.get(slug="graphic-violence"))

    assert fragments.stored(Article.objects.get(slug="the-reef")) is None
    before_worker = _pages(client)
    assert "Graphic violence" in before_worker["/articles/the-reef/"][1]
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert fragments.stored(Article.objects.get(slug="the-reef")) is not None
    assert _pages(client) == before_worker


def test_emptying_many_articles_at_once_goes_in_batches(world, monkeypatch):
    """A category on thousands of articles: more ids than SQLite takes in one statement."""
    monkeypatch.setattr(fragments, "EMPTY_BATCH", 2)
    before = dict(Article.objects.values_list("pk", "fragments_epoch"))
    fragments.empty(before)
    assert not any(Article.objects.values_list("fragments", flat=True))
    assert dict(Article.objects.values_list("pk", "fragments_epoch")) == {pk: n + 1 for pk, n in before.items()}
