"""Render every article's body and stored renderings again, after the code changed (an
upgrade, say): run it after each deploy. It also writes every episode guide's entries
again (models/guide.py), which repairs them after rows were loaded without signals.

Bodies are rendered once, on save; this brings stored HTML and spoiler-safe text up to
date without counting as an edit: no revision, no change to edit versions or timestamps.
Until it has run, pages whose stored renderings came from other code are rendered live
(articles/fragments.py): correct, only slower.
"""

from django.core.management.base import BaseCommand

from articles import fragments
from articles.models import Article, GuideEntry


class Command(BaseCommand):
    help = "Re-render the stored HTML of every article (bodies, cards and page parts) and the episode guides."

    def handle(self, *args, **options):
        changed = sum(article.refresh_rendering() for article in Article.objects.iterator(chunk_size=200))
        self.stdout.write(f"Rendered {changed} article bod{'y' if changed == 1 else 'ies'} anew.")
        stale = [
            pk for pk, stored in Article.objects.values_list("pk", "fragments").iterator(chunk_size=500)
            if (stored or {}).get("signature") != fragments.signature()
        ]
        fragments.refresh(stale)
        self.stdout.write(f"Rendered the cards and page parts of {len(stale)} article{'' if len(stale) == 1 else 's'} anew.")
        GuideEntry.objects.rebuild()
        self.stdout.write("Wrote the episode guides anew.")
