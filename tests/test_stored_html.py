"""Stored bodies follow what they name: changing an image, a discretion category, a series
or an episode re-renders the bodies that show it, at once and without counting as an edit."""

import pytest

from articles.models import Article
from articles.references import BodyReference, Kind
from content_warnings.models import ContentWarning, WarningCategory

from .factories import ArticleFactory, EpisodeFactory, ImageFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit, as it would outside the test."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def _stored(article):
    return Article.objects.get(pk=article.pk)


def test_body_records_what_it_names():
    series = SeriesFactory(slug="our-planet")
    EpisodeFactory(series=series, slug="frozen-worlds")
    image = ImageFactory()
    article = ArticleFactory(
        body=(
            f"![A walrus](image:{image.pk})\n\n::: discretion animal-death\nA fall.\n:::\n\n"
            "::: spoiler our-planet/frozen-worlds\nThe herd leaves.\n:::\n"
        )
    )
    assert set(BodyReference.objects.filter(article=article).values_list("kind", "key")) == {
        (Kind.IMAGE, str(image.pk)), (Kind.CATEGORY, "animal-death"), (Kind.SCOPE, "our-planet/frozen-worlds"),
    }
    article.body = "Nothing named any more."
    article.save()
    assert not BodyReference.objects.filter(article=article).exists()


def test_image_text_change_rerenders_the_bodies_that_show_it(committing):
    image = ImageFactory(alt_text="A walrus resting on sea ice")
    showing = ArticleFactory(body=f"![A walrus](image:{image.pk})")
    other = ArticleFactory(body="No picture here.")
    before, other_before = _stored(showing), _stored(other)

    def change():
        image.caption = "Filmed in the Russian Arctic."
        image.save()

    committing(change)
    after = _stored(showing)
    assert "Filmed in the Russian Arctic." in after.body_html
    assert (after.edit_version, after.updated_at) == (before.edit_version, before.updated_at)
    assert _stored(other).updated_at == other_before.updated_at


def test_flag_on_an_image_rerenders_its_bodies_behind_a_warning(committing):
    image = ImageFactory()
    article = ArticleFactory(body=f"![Walruses at the foot of a cliff](image:{image.pk})")
    assert "graphic" not in _stored(article).body_html

    def flag():
        ContentWarning.objects.create(content_object=image, category=WarningCategory.objects.get(slug="animal-death"))

    committing(flag)
    assert "Animal death" in _stored(article).body_html

    committing(lambda: ContentWarning.objects.filter(object_id=image.pk).delete())
    assert "Animal death" not in _stored(article).body_html


def test_category_label_change_rerenders_the_sections_behind_it(committing):
    article = ArticleFactory(body="::: discretion animal-death\nSome walruses fall.\n:::\n")
    untouched = ArticleFactory(body="::: discretion blood\nA wound.\n:::\n")
    untouched_html = _stored(untouched).body_html
    death = WarningCategory.objects.get(slug="animal-death")

    def relabel():
        death.label = "Animals dying"
        death.save()

    committing(relabel)
    assert "Viewer discretion</span>: Animals dying." in _stored(article).body_html
    assert _stored(untouched).body_html == untouched_html


def test_episode_title_change_rerenders_the_spoilers_that_name_it(committing):
    series = SeriesFactory(slug="our-planet", title="Our Planet")
    episode = EpisodeFactory(series=series, slug="frozen-worlds", title="Frozen Worlds", number=2)
    article = ArticleFactory(body="::: spoiler our-planet/frozen-worlds\nThe herd leaves.\n:::\n")
    assert "“Frozen Worlds”" in _stored(article).body_html

    def rename():
        episode.title = "Frozen Worlds, Part One"
        episode.save()

    committing(rename)
    assert "“Frozen Worlds, Part One”" in _stored(article).body_html


def test_series_title_change_rerenders_spoilers_of_the_series_and_its_episodes(committing):
    series = SeriesFactory(slug="our-planet", title="Our Planet")
    EpisodeFactory(series=series, slug="frozen-worlds", title="Frozen Worlds")
    whole = ArticleFactory(body="::: spoiler our-planet\nThe last scene.\n:::\n")
    one = ArticleFactory(body="::: spoiler our-planet/frozen-worlds\nThe herd leaves.\n:::\n")

    def rename():
        series.title = "Our Planet II"
        series.save()

    committing(rename)
    assert "the whole of Our Planet II" in _stored(whole).body_html
    assert "Our Planet II up to" in _stored(one).body_html


def test_rerendering_is_not_an_edit(committing):
    from reversion.models import Version

    image = ImageFactory()
    article = ArticleFactory(body=f"![A walrus](image:{image.pk})")
    versions = Version.objects.get_for_object(article).count()

    def change():
        image.alt_text = "Two walruses"
        image.save()

    committing(change)
    assert Version.objects.get_for_object(article).count() == versions
    assert 'alt="Two walruses"' in _stored(article).body_html  # the library's alt text
