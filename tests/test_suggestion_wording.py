"""Suggestions after save read as English: "an Animal death warning", "a Predators hunting warning"."""

import pytest

from articles.suggestions import a_or_an, suggestions_for
from content_warnings.models import WarningKeyword

from .factories import ArticleFactory, category


@pytest.mark.parametrize(
    ("label", "article"),
    [("Animal death", "an"), ("animal death", "an"), ("Extreme weather", "an"), ("Predation", "a"),
     ("Blood and gore", "a"), ("", "a")],
)
def test_the_indefinite_article_follows_the_label(label, article):
    assert a_or_an(label) == article


@pytest.mark.django_db
def test_suggestions_use_an_before_a_vowel_and_a_before_a_consonant():
    WarningKeyword.objects.get_or_create(category=category("predation"), phrase="hunts")
    WarningKeyword.objects.get_or_create(category=category("animal-death"), phrase="carcass")
    article = ArticleFactory(body="The bear hunts near a carcass.")

    messages = suggestions_for(article, article.render_body())

    assert "Consider an “Animal death” warning: the text mentions “carcass”." in messages
    assert "Consider a “Predators hunting” warning: the text mentions “hunts”." in messages
