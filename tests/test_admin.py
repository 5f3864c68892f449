"""The newsroom admin, as editors and moderators use it: what each role can reach, writing
and illustrating an article, the flag rules, suggestions after save, previews, and how many
queries the article list costs."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Image
from content_warnings import services
from content_warnings.models import ContentWarning, Source, WarningKeyword

from .factories import (
    ArticleFactory,
    ContentWarningFactory,
    EpisodeFactory,
    ImageFactory,
    SeriesFactory,
    UserFactory,
    category,
    image_bytes,
    png_claiming,
)
from .helpers import NEW_ARTICLE, article_data, fill, flag_rows, form_errors, messages_of, warnings_prefix
from .rendered_forms import open_form

ARTICLES = "/admin/articles/article/"
IMAGE_ADD = "/admin/articles/image/add/"


@pytest.fixture
def spoilers(db):
    return category("spoilers")


@pytest.fixture
def planet(db):
    """A series of five episodes; articles in these tests cover episode 2."""
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    titles = ["One Planet", "Frozen Worlds", "Jungles", "Coastal Seas", "From Deserts to Grasslands"]
    return [
        EpisodeFactory(series=series, number=number, title=title, slug=title.lower().replace(" ", "-"))
        for number, title in enumerate(titles, start=1)
    ]


# The index and who gets in.


@pytest.mark.parametrize("role_client", ["editor_client", "moderator_client"])
def test_admin_index_shows_the_publication_header_for_editors_and_moderators(request, role_client):
    client = request.getfixturevalue(role_client)

    response = client.get("/admin/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f"{settings.PUBLICATION_NAME} newsroom" in page
    assert "Django administration" not in page


def test_admin_index_sends_anonymous_visitors_to_login(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    "url",
    [
        f"{model_url}{page}"
        for model_url in [
            "/admin/articles/article/",
            "/admin/articles/series/",
            "/admin/articles/episode/",
            "/admin/articles/image/",
            "/admin/taggit/tag/",
        ]
        for page in ["", "add/"]
    ],
)
def test_editor_can_open_list_and_add_pages(editor_client, url):
    assert editor_client.get(url).status_code == 200


def test_editor_can_open_change_pages(editor_client, planet):
    article = ArticleFactory(tags=["walrus"], episodes=[planet[1]])
    image = ImageFactory()
    tag = article.tags.get()
    urls = [
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/series/{planet[0].series.pk}/change/",
        f"/admin/articles/episode/{planet[1].pk}/change/",
        f"/admin/articles/image/{image.pk}/change/",
        f"/admin/taggit/tag/{tag.pk}/change/",
    ]

    for url in urls:
        assert editor_client.get(url).status_code == 200, url


def test_moderator_sees_an_article_read_only_except_its_flags(moderator_client):
    article = ArticleFactory(title="Walruses on the cliff")

    listing = moderator_client.get(ARTICLES)
    change_page = moderator_client.get(f"{ARTICLES}{article.pk}/change/")

    assert listing.status_code == 200
    assert "Walruses on the cliff" in listing.content.decode()
    assert change_page.status_code == 200
    html = change_page.content.decode()
    assert 'name="title"' not in html and 'name="body"' not in html and 'name="status"' not in html
    assert "Walruses on the cliff" in html
    (flags_inline,) = change_page.context["inline_admin_formsets"]
    assert flags_inline.has_add_permission  # the flags are the one thing a moderator edits here


def test_moderator_cannot_change_an_article(moderator_client):
    article = ArticleFactory(title="Walruses on the cliff", slug="walruses")
    prefix = warnings_prefix(moderator_client, f"{ARTICLES}{article.pk}/change/")

    response = moderator_client.post(
        f"{ARTICLES}{article.pk}/change/",
        {**article_data(title="Changed by a moderator", slug="walruses", status="published"), **flag_rows(prefix, [])},
    )

    assert response.status_code == 302  # the flags (none changed) are saved; the article is not
    article.refresh_from_db()
    assert article.title == "Walruses on the cliff"
    assert article.status == Article.Status.PUBLISHED  # as the factory made it, untouched


def test_moderator_cannot_add_an_article(moderator_client):
    assert moderator_client.get(f"{ARTICLES}add/").status_code == 403
    assert moderator_client.post(f"{ARTICLES}add/", article_data()).status_code == 403
    assert not Article.objects.exists()


@pytest.mark.parametrize("role_client", ["editor_client", "moderator_client"])
@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"])
def test_editors_and_moderators_cannot_manage_users_or_groups(request, role_client, url):
    client = request.getfixturevalue(role_client)

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role_client", ["editor_client", "moderator_client"])
def test_admin_index_does_not_list_users_or_groups(request, role_client):
    client = request.getfixturevalue(role_client)

    response = client.get("/admin/")

    listed = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert listed.isdisjoint({"User", "Group"})
    page = response.content.decode()
    assert "/admin/auth/user/" not in page
    assert "/admin/auth/group/" not in page


# Warning categories and the suggestion lexicon.


def test_moderator_can_change_a_warning_category(moderator_client):
    predation = category("predation")
    url = f"/admin/warnings/warningcategory/{predation.pk}/change/"
    prefix = moderator_client.get(url).context["inline_admin_formsets"][0].formset.prefix
    keywords = list(predation.keywords.all())

    response = moderator_client.post(
        url,
        {
            "kind": predation.kind,
            "name": predation.name,
            "slug": predation.slug,
            "label": "Predators hunting and killing",
            "explanation": predation.explanation,
            "default_severity": predation.default_severity,
            "order": predation.order,
            "active": "on",
            f"{prefix}-TOTAL_FORMS": str(len(keywords)),
            f"{prefix}-INITIAL_FORMS": str(len(keywords)),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            **{
                f"{prefix}-{index}-{name}": value
                for index, keyword in enumerate(keywords)
                for name, value in {
                    "id": keyword.pk,
                    "category": predation.pk,
                    "phrase": keyword.phrase,
                }.items()
            },
        },
    )

    assert response.status_code == 302
    predation.refresh_from_db()
    assert predation.label == "Predators hunting and killing"


def test_moderator_can_view_and_change_keywords(moderator_client):
    keyword = WarningKeyword.objects.get(phrase="carcass")

    assert moderator_client.get("/admin/warnings/warningkeyword/").status_code == 200
    response = moderator_client.post(
        f"/admin/warnings/warningkeyword/{keyword.pk}/change/",
        {"category": keyword.category_id, "phrase": "Carcasses"},
    )

    assert response.status_code == 302
    keyword.refresh_from_db()
    assert keyword.phrase == "carcasses"


def test_editor_can_view_warning_categories_but_not_change_them(editor_client):
    predation = category("predation")
    url = f"/admin/warnings/warningcategory/{predation.pk}/change/"

    assert editor_client.get("/admin/warnings/warningcategory/").status_code == 200
    change_page = editor_client.get(url)
    assert change_page.status_code == 200
    assert change_page.context["has_change_permission"] is False

    response = editor_client.post(url, {"label": "Changed by an editor", "name": predation.name})

    assert response.status_code == 403
    predation.refresh_from_db()
    assert predation.label == "Predators hunting"


def test_editor_cannot_add_a_warning_category(editor_client):
    assert editor_client.get("/admin/warnings/warningcategory/add/").status_code == 403


def test_editor_can_edit_keywords(editor_client):
    keyword = WarningKeyword.objects.get(phrase="carcass")

    response = editor_client.post(
        f"/admin/warnings/warningkeyword/{keyword.pk}/change/",
        {"category": keyword.category_id, "phrase": "remains"},
    )
    added = editor_client.post(
        "/admin/warnings/warningkeyword/add/", {"category": keyword.category_id, "phrase": "stranded"}
    )

    assert response.status_code == 302
    assert added.status_code == 302
    keyword.refresh_from_db()
    assert keyword.phrase == "remains"
    assert WarningKeyword.objects.filter(phrase="stranded").exists()


# Writing an article.


def test_editor_creates_a_published_article_with_picture_tags_episode_and_flag(
    client, editor_client, editor, planet
):
    picture = ImageFactory(alt_text="A walrus on the sea ice")
    frozen_worlds = planet[1]
    form = fill(
        open_form(editor_client, f"{ARTICLES}add/", "article_form"),
        title="Why walruses climb cliffs",
        slug="why-walruses-climb-cliffs",
        standfirst="The scene everyone remembers.",
        body=f"They haul out in their thousands.\n\n![A walrus on the ice](image:{picture.pk})\n",
        tags="walrus, arctic",
        episodes=[frozen_worlds.pk],
        status=Article.Status.PUBLISHED,
        add_flags=[{"category": category("animal-death").pk, "note": "Walruses fall from the cliff."}],
    )

    response = form.submit("_save")

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(slug="why-walruses-climb-cliffs")
    assert "<picture>" in article.body_html
    assert picture.fallback_url in article.body_html
    assert sorted(article.tags.names()) == ["arctic", "walrus"]
    assert list(article.episodes.all()) == [frozen_worlds]
    (flag,) = article.warnings.all()
    assert flag.category.slug == "animal-death"
    assert flag.added_by == editor
    assert flag.source == Source.EDITOR

    for url in ["/", "/tags/walrus/", frozen_worlds.get_absolute_url()]:
        page = client.get(url)
        assert page.status_code == 200
        assert "Why walruses climb cliffs" in page.content.decode(), url


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("A picture that is not there:\n\n![A walrus](image:999999)", "There is no image 999999"),
        (
            "::: discretion nope\nSomething grim.\n:::",
            "no active viewer-discretion category has the slug “nope”",
        ),
        ("::: spoiler nope/nope\nWhat happens.\n:::", "no series or episode is found at “nope/nope”"),
    ],
    ids=["unknown image", "unknown discretion category", "unknown spoiler episode"],
)
def test_article_body_with_unknown_reference_is_refused_with_the_problem_named(editor_client, body, problem):
    before = Article.objects.count()
    form = fill(open_form(editor_client, f"{ARTICLES}add/", "article_form"), **{**NEW_ARTICLE, "body": body})

    response = form.submit("_save")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert any(problem in error for error in response.context["adminform"].form.errors["body"])
    assert problem in response.content.decode()
    assert Article.objects.count() == before


# Uploading pictures.


def test_editor_uploads_a_jpeg_which_is_saved_with_renditions(editor_client, editor):
    upload = SimpleUploadedFile(
        "walrus.jpg", image_bytes("JPEG", size=(1200, 800)), content_type="image/jpeg"
    )

    form = open_form(editor_client, IMAGE_ADD, "image_form")
    form.attach("file", upload)
    form["alt_text"] = "A walrus hauled out on a beach"

    response = form.submit("_save")

    assert response.status_code == 302, form_errors(response)
    image = Image.objects.get()
    assert image.uploaded_by == editor
    assert (image.width, image.height) == (1200, 800)
    assert {rendition["kind"] for rendition in image.renditions} >= {
        "fallback",
        "webp",
        "thumbnail",
        "blurred",
    }


def _truncated_jpeg():
    data = image_bytes("JPEG", size=(800, 600), color=(200, 40, 40))
    return data[: len(data) // 2]


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("walrus.png", b"<!doctype html><html><body><script>alert(1)</script></body></html>", "image/png"),
        ("walrus.jpg", None, "image/jpeg"),
        ("walrus.svg", SVG, "image/svg+xml"),
    ],
    ids=["html renamed png", "truncated jpeg", "svg"],
)
def test_upload_that_is_not_a_sound_picture_gets_a_form_error(editor_client, name, content, content_type):
    upload = SimpleUploadedFile(
        name, content if content is not None else _truncated_jpeg(), content_type=content_type
    )

    form = open_form(editor_client, IMAGE_ADD, "image_form")
    form.attach("file", upload)
    form["alt_text"] = "A walrus"

    response = form.submit("_save")

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert errors
    for error in errors:
        assert str(error) in response.content.decode()
    assert not Image.objects.exists()


def test_decompression_bomb_upload_gets_our_own_message(editor_client):
    bomb = SimpleUploadedFile("bomb.png", png_claiming(20_000, 20_000), content_type="image/png")
    form = open_form(editor_client, IMAGE_ADD, "image_form")
    form.attach("file", bomb)
    form["alt_text"] = "A walrus"

    response = form.submit("_save")

    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert not Image.objects.exists()


# Who may remove a flag.


def _article_with_flag(source, added_by):
    article = ArticleFactory(title="Walruses on the cliff", slug="walruses-on-the-cliff")
    flag = ContentWarningFactory(content_object=article, source=source, added_by=added_by)
    return article, flag


def test_editor_cannot_remove_moderator_flag_through_the_article_page(editor_client, moderator):
    article, flag = _article_with_flag(Source.MODERATOR, moderator)
    form = open_form(editor_client, f"{ARTICLES}{article.pk}/change/", "article_form")
    delete = f"{form.inline_prefix()}-0-DELETE"
    assert delete not in form.names() - {c.name for c in form.controls if c.disabled}  # no box to tick
    form.forge(delete, "on")  # a forged request sends one anyway

    response = form.submit("_save")

    assert response.status_code == 200
    message = "The “Animal death” flag was added by a moderator; only a moderator can remove it."
    assert message in form_errors(response)
    assert message in response.content.decode()
    assert ContentWarning.objects.filter(pk=flag.pk).exists()


def test_only_moderators_can_remove_a_moderator_flag(editor, moderator):
    _article, flag = _article_with_flag(Source.MODERATOR, moderator)

    assert flag.can_be_removed_by(editor) is False
    assert flag.can_be_removed_by(moderator) is True


def test_editor_can_remove_an_editor_flag(editor):
    _article, flag = _article_with_flag(Source.EDITOR, editor)

    assert flag.can_be_removed_by(editor) is True


def test_editor_removes_own_flag_through_the_article_page(editor_client, editor):
    article, flag = _article_with_flag(Source.EDITOR, editor)
    form = open_form(editor_client, f"{ARTICLES}{article.pk}/change/", "article_form")
    form.check(f"{form.inline_prefix()}-0-DELETE")

    response = form.submit("_save")

    assert response.status_code == 302
    assert not ContentWarning.objects.filter(pk=flag.pk).exists()


def test_a_moderators_flag_shows_locked_with_who_added_it_and_the_page_still_saves(editor_client, moderator):
    article, flag = _article_with_flag(Source.MODERATOR, moderator)
    own = ContentWarningFactory(content_object=article, source=Source.EDITOR, added_by=moderator, note="Mine.")
    own.source = Source.EDITOR
    form = open_form(editor_client, f"{ARTICLES}{article.pk}/change/", "article_form")
    prefix = form.inline_prefix()
    page = form.page.response.content.decode()

    assert "🔒 Moderator" in page and "Only a moderator can change or remove it." in page
    locked = {c.name for c in form.controls if c.disabled}
    assert {f"{prefix}-0-note", f"{prefix}-0-category", f"{prefix}-0-DELETE"} <= locked
    assert f"{prefix}-1-note" not in locked  # an editor's flag stays editable
    assert "Why:" not in page  # nothing on record for this flag yet

    form["body"] = "The walruses climb at dawn."
    response = form.submit("_save")

    assert response.status_code == 302, form_errors(response)
    flag.refresh_from_db()
    assert (flag.note, flag.source) == ("A walrus falls.", Source.MODERATOR)
    assert Article.objects.get(pk=article.pk).body == "The walruses climb at dawn."


def test_editor_cannot_delete_moderator_flag_from_the_flags_admin(editor_client, moderator):
    _article, flag = _article_with_flag(Source.MODERATOR, moderator)

    response = editor_client.post(f"/admin/warnings/contentwarning/{flag.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert ContentWarning.objects.filter(pk=flag.pk).exists()


def test_editor_cannot_reassign_a_moderator_flag_to_editors(editor_client, moderator):
    _article, flag = _article_with_flag(Source.MODERATOR, moderator)

    editor_client.post(
        f"/admin/warnings/contentwarning/{flag.pk}/change/",
        {"category": flag.category_id, "severity": "", "note": flag.note, "source": Source.EDITOR},
    )

    flag.refresh_from_db()
    assert flag.source == Source.MODERATOR


def test_editor_cannot_bulk_delete_moderator_flags(editor_client, moderator):
    _article, flag = _article_with_flag(Source.MODERATOR, moderator)

    response = editor_client.post(
        "/admin/warnings/contentwarning/",
        {"action": "delete_selected", "_selected_action": [flag.pk], "post": "yes"},
    )

    assert response.status_code == 403
    assert ContentWarning.objects.filter(pk=flag.pk).exists()


def test_only_moderators_change_a_moderator_flag(editor, moderator):
    _article, flag = _article_with_flag(Source.MODERATOR, moderator)
    assert not flag.can_be_changed_by(editor)
    assert flag.can_be_changed_by(moderator)
    own = ContentWarningFactory(content_object=_article, source=Source.EDITOR, added_by=editor)
    assert own.can_be_changed_by(editor)


# Suggestions after save.


def _save_new_article(client, flags=(), **fields):
    form = fill(open_form(client, f"{ARTICLES}add/", "article_form"), add_flags=flags, **{**NEW_ARTICLE, **fields})
    return form.submit("_save", follow=True)


def test_saving_a_body_about_a_carcass_without_a_flag_suggests_animal_death(editor_client):

    response = _save_new_article(editor_client, body="The carcass lay on the beach.")

    assert Article.objects.filter(slug="walruses-on-the-cliff").exists()
    suggestions = [m for m in messages_of(response) if "“Animal death”" in m]
    assert suggestions == ["Consider an “Animal death” warning: the text mentions “carcass”."]
    assert "Consider an “Animal death” warning" in response.content.decode()


def test_saving_a_body_about_a_carcass_with_an_animal_death_flag_suggests_nothing_about_it(editor_client):

    response = _save_new_article(
        editor_client,
        flags=[{"category": category("animal-death").pk}],
        body="The carcass lay on the beach.",
    )

    assert Article.objects.filter(slug="walruses-on-the-cliff").exists()
    assert not [m for m in messages_of(response) if "Animal death" in m]


def test_mentioning_a_later_episode_suggests_a_spoiler_warning_for_it(editor_client, planet, spoilers):
    frozen_worlds, deserts = planet[1], planet[4]

    response = _save_new_article(
        editor_client,
        flags=[
            {
                "category": spoilers.pk,
                "spoils_series": frozen_worlds.series_id,
                "spoils_episode": frozen_worlds.pk,
            }
        ],
        episodes=[frozen_worlds.pk],
        body=f"The walruses return, as {deserts.title} later shows.",
    )

    assert Article.objects.filter(slug="walruses-on-the-cliff").exists()
    assert (
        "Consider a spoiler warning for Our Planet up to S01E05 “From Deserts to Grasslands”: "
        "the text mentions that episode, which no spoiler flag covers."
    ) in messages_of(response)
    assert not [m for m in messages_of(response) if "“Frozen Worlds”" in m]


def test_title_using_a_word_only_found_in_a_spoiler_block_is_pointed_out(editor_client, planet, spoilers):
    frozen_worlds = planet[1]

    response = _save_new_article(
        editor_client,
        flags=[
            {
                "category": spoilers.pk,
                "spoils_series": frozen_worlds.series_id,
                "spoils_episode": frozen_worlds.pk,
            }
        ],
        episodes=[frozen_worlds.pk],
        title="The colony that survived",
        slug="the-colony",
        standfirst="",
        body="They haul out on the beach.\n\n::: spoiler our-planet/frozen-worlds\nThe colony survived the winter.\n:::\n",
    )

    assert Article.objects.filter(slug="the-colony").exists()
    leaks = [m for m in messages_of(response) if "spoiler blocks" in m]
    assert len(leaks) == 1
    assert "“colony”" in leaks[0]
    assert "“survived”" in leaks[0]


# Previews.


def test_editor_previews_a_draft_that_is_still_hidden_from_the_public(client, editor_client):
    draft = ArticleFactory(
        slug="a-draft",
        status=Article.Status.DRAFT,
        published_at=None,
        body="Walruses *haul out* in thousands.",
    )

    response = editor_client.get(f"{ARTICLES}{draft.pk}/preview/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Walruses <em>haul out</em> in thousands." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_anonymous_visitors_cannot_preview(client, db):
    draft = ArticleFactory(slug="a-draft", status=Article.Status.DRAFT, published_at=None)

    response = client.get(f"{ARTICLES}{draft.pk}/preview/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_live_preview_renders_the_body_for_an_editor(editor_client):
    response = editor_client.post(f"{ARTICLES}render-preview/", {"body": "Walruses *haul out*."})

    assert response.status_code == 200
    assert response.json() == {"html": "<p>Walruses <em>haul out</em>.</p>\n", "errors": []}


def test_live_preview_lists_problems_with_the_body(editor_client):
    response = editor_client.post(f"{ARTICLES}render-preview/", {"body": "![A walrus](image:999999)"})

    assert response.status_code == 200
    assert response.json()["html"] == ""
    assert response.json()["errors"] == ["There is no image 999999 in the library (written image:999999)."]


def test_live_preview_is_refused_to_moderators_and_anonymous_visitors(client, moderator):
    anonymous = client.post(f"{ARTICLES}render-preview/", {"body": "Walruses."})
    client.force_login(moderator)
    as_moderator = client.post(f"{ARTICLES}render-preview/", {"body": "Walruses."})

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert as_moderator.status_code == 403



@pytest.mark.parametrize("page", ["add/", "{pk}/change/"])
def test_edit_page_gives_its_scripts_their_addresses_and_the_text_fields(editor_client, page):
    article = ArticleFactory()

    html = editor_client.get(ARTICLES + page.format(pk=article.pk)).content.decode()

    body = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html).group(0)
    assert f'data-live-preview="{ARTICLES}render-preview/"' in body
    script = re.search(r"<script[^>]*data-autosave-url[^>]*>", html).group(0)
    assert f'data-autosave-fields="{" ".join(Article.TEXT_FIELDS)}"' in script

# Choosing authors.

AUTHORS = "/admin/autocomplete/?app_label=articles&model_name=article&field_name=authors&term=ed"


def test_editor_picks_authors_from_staff_only(editor_client, editor):
    UserFactory(username="edwina", is_staff=True)
    UserFactory(username="edgar", is_staff=False)

    response = editor_client.get(AUTHORS)

    assert response.status_code == 200
    names = {result["text"] for result in response.json()["results"]}
    assert names == {"editor", "edwina"}


def test_moderator_cannot_list_authors(moderator_client):
    assert moderator_client.get(AUTHORS).status_code == 403


# The article list's cost.

# 14 today: session, user, two permission look-ups, the series and tag filters, two counts,
# the page of articles, one prefetch each for tags, episodes and flags, and two for the date
# hierarchy; and one count of open readers' reports for the header. The bound leaves a little
# room; what matters is that it does not grow with the page.
CHANGELIST_QUERY_BOUND = 17


def _articles_with_everything(count, planet):
    for _ in range(count):
        article = ArticleFactory(tags=["walrus", "arctic"], episodes=[planet[0], planet[1]])
        ContentWarningFactory(content_object=article)
        ContentWarningFactory(
            content_object=article,
            category=category("spoilers"),
            spoils_series=planet[0].series,
            spoils_episode=planet[1],
        )


def test_article_list_runs_a_bounded_number_of_queries(editor_client, planet, django_assert_max_num_queries):
    _articles_with_everything(3, planet)
    with django_assert_max_num_queries(CHANGELIST_QUERY_BOUND) as three:
        response = editor_client.get(ARTICLES)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3

    _articles_with_everything(7, planet)
    with django_assert_max_num_queries(CHANGELIST_QUERY_BOUND) as ten:
        response = editor_client.get(ARTICLES)
    assert response.context["cl"].result_count == 10

    assert len(ten) == len(three)


def test_admin_index_lists_sections_in_an_editors_order_with_plain_names(editor_client):
    apps = [app["name"] for app in editor_client.get("/admin/").context["app_list"]]
    assert apps == ["Publication", "Content warnings", "Tags", "Background tasks"]


def test_skipped_heading_levels_are_pointed_out_after_saving(editor_client):
    from articles.suggestions import skipped_heading_levels

    assert skipped_heading_levels("<h2>a</h2><h3>b</h3><h2>c</h2>") == []
    assert skipped_heading_levels("<h2>a</h2><h4>b</h4>") == [(2, 4)]
    assert skipped_heading_levels("<h3>first</h3>") == [(1, 3)]

    response = _save_new_article(editor_client, body="## Section\n\n#### Too deep\n\nText.")

    assert Article.objects.filter(slug="walruses-on-the-cliff").exists()
    assert any("headings skip a level" in message for message in messages_of(response))


def test_flag_added_on_an_episode_page_records_who_added_it(editor_client, editor):
    from content_warnings.models import WarningCategory

    episode = EpisodeFactory(title="Frozen Worlds", slug="frozen-worlds")
    category = WarningCategory.objects.get(slug="animal-death")
    form = open_form(editor_client, f"/admin/articles/episode/{episode.pk}/change/", "episode_form")
    form.add_inline_row(category=str(category.pk), note="Walruses fall.")

    response = form.submit("_save")

    assert response.status_code == 302
    flag = ContentWarning.objects.get(object_id=episode.pk, category=category)
    assert (flag.added_by, flag.source) == (editor, Source.EDITOR)


def test_a_locked_flag_says_why_the_moderator_added_it(editor_client, moderator):
    article = ArticleFactory(title="Walruses")
    flag = ContentWarning(content_object=article, category=category("animal-death"), note="A walrus falls.")
    services.add_flag(flag, by=moderator, reason="Readers reported the cliff scene.")

    page = editor_client.get(f"{ARTICLES}{article.pk}/change/").content.decode()

    assert "🔒 Moderator" in page and "Why: Readers reported the cliff scene." in page


def test_each_locked_flag_says_its_own_latest_why_with_no_query_per_flag(editor_client, moderator):
    article = ArticleFactory(title="Walruses")
    url = f"{ARTICLES}{article.pk}/change/"
    death = ContentWarning(content_object=article, category=category("animal-death"), note="A walrus falls.")
    services.add_flag(death, by=moderator, reason="Readers reported the cliff scene.")
    editor_client.get(url)
    with CaptureQueriesContext(connection) as one_flag:
        editor_client.get(url)

    death.note = "Walruses fall from the cliff."
    services.change_flag(death, by=moderator, reason="The fall is longer than the note said.")
    services.add_flag(
        ContentWarning(content_object=article, category=category("predation"), note="A bear hunts."),
        by=moderator, reason="The hunt is shown in full.",
    )
    with CaptureQueriesContext(connection) as two_flags:
        page = editor_client.get(url).content.decode()

    assert "Why: The fall is longer than the note said." in page
    assert "Why: Readers reported the cliff scene." not in page  # only the latest reason
    assert "Why: The hunt is shown in full." in page
    # The reasons come with the flags: no query of the log per flag (the page's own log panel reads it once).
    assert _log_queries(two_flags) == _log_queries(one_flag)


def _log_queries(captured):
    return sum(1 for query in captured.captured_queries if query["sql"].lstrip().startswith('SELECT "warnings_auditentry"'))
