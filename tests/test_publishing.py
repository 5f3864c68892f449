"""Article.objects.published() is the one gate for public visibility."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_article_in_the_past_is_public():
    article = ArticleFactory(published_at=timezone.now() - timedelta(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_article_published_exactly_now_is_public(freeze_now):
    article = ArticleFactory(published_at=freeze_now)
    assert article in Article.objects.published()


def test_article_scheduled_one_second_ahead_is_not_public(freeze_now):
    ArticleFactory(published_at=freeze_now + timedelta(seconds=1))
    assert not Article.objects.published().exists()


def test_draft_is_not_public_even_with_a_past_publish_time():
    ArticleFactory(status=Article.Status.DRAFT, published_at=timezone.now() - timedelta(days=1))
    assert not Article.objects.published().exists()


def test_publishing_without_a_time_stamps_now():
    article = ArticleFactory(published_at=None)
    assert article.published_at is not None
    assert article.published_at <= timezone.now()
    assert article in Article.objects.published()


def test_draft_without_a_time_keeps_none():
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert article.published_at is None
    assert not article.is_public


def test_scheduled_article_becomes_public_when_its_time_comes(monkeypatch):
    publish_at = timezone.now() + timedelta(hours=2)
    article = ArticleFactory(published_at=publish_at)
    assert article not in Article.objects.published()
    monkeypatch.setattr(timezone, "now", lambda: publish_at + timedelta(seconds=1))
    assert article in Article.objects.published()


def test_body_is_rendered_when_saved_not_when_read():
    article = ArticleFactory(body="Some **bold** words.")
    assert "<strong>bold</strong>" in Article.objects.get(pk=article.pk).body_html
    Article.objects.filter(pk=article.pk).update(body="changed")
    assert "<strong>bold</strong>" in Article.objects.get(pk=article.pk).body_html



@pytest.mark.parametrize(
    ("status", "moment", "held", "expected"),
    [
        (Article.Status.PUBLISHED, timedelta(seconds=-1), False, "public"),
        (Article.Status.PUBLISHED, timedelta(0), False, "public"),
        (Article.Status.PUBLISHED, timedelta(seconds=1), False, "scheduled"),
        (Article.Status.PUBLISHED, timedelta(seconds=-1), True, "neither"),
        (Article.Status.PUBLISHED, timedelta(seconds=1), True, "neither"),
        (Article.Status.DRAFT, timedelta(seconds=-1), False, "neither"),
        (Article.Status.UNPUBLISHED, timedelta(seconds=1), False, "neither"),
        (Article.Status.IN_REVIEW, timedelta(seconds=1), False, "neither"),
    ],
)
def test_one_article_and_the_querysets_agree_on_public_and_scheduled(freeze_now, status, moment, held, expected):
    article = ArticleFactory(status=status, published_at=freeze_now + moment, is_held=held)

    assert (article in Article.objects.published()) == article.is_public == (expected == "public")
    assert (article in Article.objects.scheduled()) == article.is_scheduled == (expected == "scheduled")

@pytest.fixture
def freeze_now(monkeypatch):
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now
