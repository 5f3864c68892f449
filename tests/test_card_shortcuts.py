"""The shortcuts that make cold list pages cheaper must give exactly what the slow way gave:
the tags, episodes and flags a card shows, remembered addresses, and the dates cards print."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import timezone, translation

from articles import cards
from articles.models import Article, Image
from articles.templatetags.article_tags import tag_url, time_element
from ourplanet.reversing import cached_reverse

from .factories import ArticleFactory, ContentWarningFactory, EpisodeFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def _fetched(*articles):
    return list(Article.objects.filter(pk__in=[article.pk for article in articles]).order_by("pk"))


def test_tags_come_in_the_order_the_editor_added_them_and_each_article_gets_only_its_own():
    first = ArticleFactory(tags=["walrus", "arctic", "ice"])
    second = ArticleFactory(tags=["penguins"])
    bare = ArticleFactory()
    articles = _fetched(first, second, bare)

    cards.attach_tags(articles)

    assert [tag.name for tag in articles[0].tags.all()] == ["walrus", "arctic", "ice"]
    assert [tag.name for tag in articles[1].tags.all()] == ["penguins"]
    assert list(articles[2].tags.all()) == []


def test_episodes_come_ordered_as_episodes_are_with_their_series(django_assert_num_queries):
    planet = SeriesFactory(title="Our Planet", slug="our-planet")
    earlier = SeriesFactory(title="Blue Planet", slug="blue-planet")
    frozen = EpisodeFactory(series=planet, number=2, slug="frozen-worlds")
    jungles = EpisodeFactory(series=planet, number=3, slug="jungles")
    seas = EpisodeFactory(series=earlier, number=5, slug="deep")
    article = ArticleFactory(episodes=[jungles, seas, frozen])
    other = ArticleFactory(episodes=[frozen])
    articles = _fetched(article, other)

    with django_assert_num_queries(1):
        cards.attach_episodes(articles)
        names = [(episode.series.title, episode.number) for episode in articles[0].episodes.all()]
        urls = [episode.get_absolute_url() for episode in articles[1].episodes.all()]

    assert names == [("Blue Planet", 5), ("Our Planet", 2), ("Our Planet", 3)]
    assert urls == ["/series/our-planet/frozen-worlds/"]


def test_a_card_list_reads_flags_tags_and_episodes_in_one_query_each(django_assert_num_queries):
    episode = EpisodeFactory()
    articles = [ArticleFactory(tags=["walrus", f"tag-{n}"], episodes=[episode]) for n in range(5)]
    ContentWarningFactory(content_object=articles[0])
    ContentType.objects.get_for_models(Article, Image)  # kept in memory after the first request
    with django_assert_num_queries(1):  # stored cards (fragments.py) need nothing more
        list(Article.objects.published().for_lists())
    Article.objects.update(fragments={})  # as before they are rendered again, or after a deploy

    with django_assert_num_queries(4):  # the cards, their flags, tags and episodes
        fetched = list(Article.objects.published().for_lists())
        shown = {article.pk: (len(article.warnings.all()), len(article.tags.all()), len(article.episodes.all())) for article in fetched}

    assert shown[articles[0].pk] == (1, 2, 1)
    assert shown[articles[1].pk] == (0, 2, 1)


def test_cached_reverse_answers_what_reverse_answers_under_each_script_prefix():
    assert cached_reverse("articles:detail", slug="walrus") == reverse("articles:detail", kwargs={"slug": "walrus"})
    set_script_prefix("/magazine/")
    try:
        assert cached_reverse("articles:detail", slug="walrus") == "/magazine/articles/walrus/"
    finally:
        clear_script_prefix()
    assert cached_reverse("articles:detail", slug="walrus") == "/articles/walrus/"


@override_settings(ROOT_URLCONF="bench.urls")
def test_cached_reverse_follows_the_urlconf_in_use():
    assert cached_reverse("bench_bare") == reverse("bench_bare")


def test_a_tag_whose_slug_no_address_can_carry_is_shown_without_a_link():
    class Tag:
        slug = ""

    assert tag_url(Tag()) == ""
    Tag.slug = "walrus"
    assert tag_url(Tag()) == "/tags/walrus/"


@pytest.mark.parametrize("zone", ["UTC", "Europe/London", "Pacific/Auckland"])
def test_time_element_prints_what_the_date_filters_printed(zone):
    moment = datetime.datetime(2019, 4, 5, 23, 30, tzinfo=datetime.UTC)
    with timezone.override(zone):
        expected = Template(
            """<time datetime="{{ when|date:'c' }}">{{ when|date:"j F Y" }}</time>"""
        ).render(Context({"when": moment}))
        assert time_element(moment) == expected


def test_time_element_names_the_month_in_the_active_language():
    moment = datetime.datetime(2019, 4, 5, 12, 0, tzinfo=datetime.UTC)
    with translation.override("en-gb"):
        assert ">5 April 2019<" in time_element(moment)
    with translation.override("fr"):
        assert ">5 avril 2019<" in time_element(moment)
