"""The former addresses of renamed articles."""

from django.db import models


class SlugRedirect(models.Model):
    """An article's former slug: its old address answers with a permanent redirect."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "former address"

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
