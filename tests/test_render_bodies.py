"""`manage.py render_bodies` brings stored HTML up to date after the renderer changes."""

import pytest
from django.core.management import call_command
from reversion.models import Version

from articles.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_stale_bodies_are_rendered_again_without_counting_as_an_edit(capsys):
    article = ArticleFactory(body="Some **bold** words and ||a secret||.")
    Article.objects.filter(pk=article.pk).update(
        body_html="<p>stale</p>", body_text="stale secret", search_text="stale"
    )
    before = Article.objects.get(pk=article.pk)

    call_command("render_bodies")

    after = Article.objects.get(pk=article.pk)
    assert "<strong>bold</strong>" in after.body_html
    assert "secret" not in after.body_text and "secret" not in after.search_text
    assert after.edit_version == before.edit_version
    assert after.updated_at == before.updated_at
    assert not Version.objects.get_for_object(after).exists()
    assert "Rendered 1 article body anew." in capsys.readouterr().out


def test_up_to_date_bodies_are_left_alone(capsys):
    ArticleFactory(body="Plain.")
    call_command("render_bodies")
    assert "Rendered 0 article bodies anew." in capsys.readouterr().out


def test_renderings_from_other_code_are_rendered_again(capsys):
    fresh, stale = ArticleFactory(), ArticleFactory(title="Walruses")
    Article.objects.filter(pk=stale.pk).update(fragments={"signature": "an older deploy", "card-2": "<p>old</p>"})
    untouched = Article.objects.get(pk=fresh.pk).fragments

    call_command("render_bodies")

    assert "Walruses" in Article.objects.get(pk=stale.pk).fragments["card-2"]
    assert Article.objects.get(pk=fresh.pk).fragments == untouched
    assert "Rendered the cards and page parts of 1 article anew." in capsys.readouterr().out
