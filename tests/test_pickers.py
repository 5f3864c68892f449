"""Pickers that scale: the article form never lists the whole library or every episode;
pickers search and answer a page at a time, in a bounded number of queries."""

import pytest
from django.test import Client

from articles.models import Image

from .factories import ArticleFactory, EpisodeFactory, ImageFactory, SeriesFactory, staff_member
from .helpers import logged_in

pytestmark = pytest.mark.django_db
ARTICLES = "/admin/articles/article/"


@pytest.fixture
def editor_client(db):
    return logged_in(staff_member("Editors", "alice", first_name="Alice", last_name="Editor"))


@pytest.fixture
def library():
    """Sixty pictures: one real upload, its rows copied (the form reads rows, not files)."""
    first = ImageFactory(alt_text="A walrus resting on sea ice")
    Image.objects.bulk_create(
        Image(file=first.file.name, renditions=first.renditions, width=first.width, height=first.height,
              alt_text=f"A penguin on a rock, number {n}")
        for n in range(59)
    )
    return first


@pytest.fixture
def episodes():
    series = [SeriesFactory(title=f"Series {n}", slug=f"series-{n}") for n in range(3)]
    return [EpisodeFactory(series=s, number=n + 1, title=f"Habitat {s.pk}-{n}", slug=f"habitat-{n}")
            for s in series for n in range(30)]


def test_the_change_page_lists_neither_the_library_nor_every_episode(editor_client, library, episodes):
    article = ArticleFactory(hero_image=library, episodes=[episodes[0]])

    page = editor_client.get(f"{ARTICLES}{article.pk}/change/").content.decode()

    assert "A walrus resting on sea ice" in page  # the chosen picture, and only it
    assert "penguin" not in page
    assert episodes[0].title in page
    assert episodes[1].title not in page


def test_the_change_page_costs_the_same_queries_whatever_the_library(editor_client, library, episodes,
                                                                        django_assert_max_num_queries):
    article = ArticleFactory(hero_image=library, episodes=[episodes[0]])

    with django_assert_max_num_queries(40):
        editor_client.get(f"{ARTICLES}{article.pk}/change/")


def test_the_picture_chooser_searches_and_pages(editor_client, library, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        first = editor_client.get(f"{ARTICLES}choose/images/").json()
    second = editor_client.get(f"{ARTICLES}choose/images/?page=2").json()
    found = editor_client.get(f"{ARTICLES}choose/images/?q=walrus+ice").json()
    nothing = editor_client.get(f"{ARTICLES}choose/images/?q=zebra").json()

    assert (first["page"], first["pages"], first["count"], len(first["results"])) == (1, 3, 60, 24)
    assert (second["page"], len(second["results"])) == (2, 24)
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})
    assert [r["alt"] for r in found["results"]] == ["A walrus resting on sea ice"]
    assert found["results"][0]["markdown"] == f"![A walrus resting on sea ice](image:{library.pk})"
    assert nothing["results"] == []
    assert editor_client.get(f"{ARTICLES}choose/images/?page=999").json()["page"] == 3
    assert editor_client.get(f"{ARTICLES}choose/images/?page=nonsense").json()["page"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [("habitat", 20), ("S01E02", 3), ("2", 3), ("episode 2", 3), ("Series 1", 20)],
)
def test_the_episode_chooser_finds_by_title_code_or_number(editor_client, episodes, query, expected,
                                                            django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        found = editor_client.get(f"{ARTICLES}choose/episodes/", {"q": query}).json()

    episodes_found = [r for r in found["results"] if r["id"] is not None]
    assert len(episodes_found) == expected
    assert all(r["ref"].count("/") == 1 for r in episodes_found)


def test_the_episode_chooser_offers_whole_series_first(editor_client, episodes):
    found = editor_client.get(f"{ARTICLES}choose/episodes/", {"q": "Series 2"}).json()

    assert found["results"][0] == {"ref": "series-2", "label": "Series 2: the whole series", "series": "Series 2", "id": None}


def test_an_absurdly_long_search_is_cut_not_an_error(editor_client, episodes):
    response = editor_client.get(f"{ARTICLES}choose/episodes/", {"q": "habitat " * 1000})

    assert response.status_code == 200


def test_the_episode_autocomplete_costs_a_few_queries_whatever_the_page(editor_client, episodes,
                                                                        django_assert_max_num_queries):
    url = "/admin/autocomplete/?app_label=articles&model_name=article&field_name=episodes&term=habitat"
    with django_assert_max_num_queries(8):
        response = editor_client.get(url)

    assert len(response.json()["results"]) == 20
    assert response.json()["pagination"]["more"] is True


def test_choosers_are_refused_to_moderators_and_anonymous_visitors(moderator_client, library):
    for url in [f"{ARTICLES}choose/images/", f"{ARTICLES}choose/episodes/", f"{ARTICLES}choose/categories/"]:
        assert moderator_client.get(url).status_code == 403
        assert Client().get(url).status_code == 302


def test_the_discretion_chooser_lists_active_discretion_categories_only(editor_client):
    slugs = [r["slug"] for r in editor_client.get(f"{ARTICLES}choose/categories/").json()["results"]]

    assert "animal-death" in slugs
    assert "spoilers" not in slugs


def test_a_picture_uploaded_in_place_is_checked_as_on_the_image_page(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import uploaded_image

    made = editor_client.post(f"{ARTICLES}choose/images/upload/", {"file": uploaded_image(), "alt_text": "A walrus"})
    refused = editor_client.post(
        f"{ARTICLES}choose/images/upload/",
        {"file": SimpleUploadedFile("walrus.jpg", b"not a picture", content_type="image/jpeg"), "alt_text": ""},
    )

    assert made.status_code == 201
    image = Image.objects.get(pk=made.json()["image"]["id"])
    assert (image.alt_text, image.uploaded_by.username) == ("A walrus", "alice")
    assert image.renditions
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"file", "alt_text"}
    assert Image.objects.count() == 1
    assert editor_client.get(f"{ARTICLES}choose/images/upload/").status_code == 405


def test_moderators_cannot_upload_in_place(moderator_client):
    from .factories import uploaded_image

    response = moderator_client.post(f"{ARTICLES}choose/images/upload/", {"file": uploaded_image(), "alt_text": "x"})

    assert response.status_code == 403
    assert not Image.objects.exists()
