"""Render every article's body again, after the renderer changed (an upgrade, say).

Bodies are rendered once, on save; this brings stored HTML and spoiler-safe text up to
date without counting as an edit: no revision, no change to edit versions or timestamps.
"""

from django.core.management.base import BaseCommand

from articles.models import Article


class Command(BaseCommand):
    help = "Re-render the stored HTML and spoiler-safe text of every article body."

    def handle(self, *args, **options):
        changed = sum(article.refresh_rendering() for article in Article.objects.iterator(chunk_size=200))
        self.stdout.write(f"Rendered {changed} article bod{'y' if changed == 1 else 'ies'} anew.")

