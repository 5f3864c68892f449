"""Render every article's body again, after the renderer changed (an upgrade, say).

Bodies are rendered once, on save; this brings stored HTML and spoiler-safe text up to
date without counting as an edit: no revision, no change to edit versions or timestamps.
"""

from django.core.management.base import BaseCommand

from articles.models import Article


class Command(BaseCommand):
    help = "Re-render the stored HTML and spoiler-safe text of every article body."

    def handle(self, *args, **options):
        changed = 0
        for article in Article.objects.iterator(chunk_size=200):
            before = (article.body_html, article.body_text)
            article.render_body()
            safe = article.compose_search_text()
            if (article.body_html, article.body_text) != before or safe != article.search_text:
                Article.objects.filter(pk=article.pk).update(
                    body_html=article.body_html, body_text=article.body_text, search_text=safe
                )
                article.search_text = safe
                article.index_for_search()
                changed += 1
        self.stdout.write(f"Rendered {changed} article bod{'y' if changed == 1 else 'ies'} anew.")

