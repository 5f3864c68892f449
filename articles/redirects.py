"""A renamed article keeps its former address: the old slug answers with a permanent redirect."""

from .models.redirect import SlugRedirect


def slug_before_save(article):
    """The slug ``article`` has in the database, before the save under way (None if new)."""
    if article.pk is None:
        return None
    return type(article).objects.filter(pk=article.pk).values_list("slug", flat=True).first()


def record_slug_change(article, previous_slug):
    """Keep a renamed article's former address working (and free its new one)."""
    if previous_slug and previous_slug != article.slug:
        SlugRedirect.objects.update_or_create(old_slug=previous_slug, defaults={"article": article})
    SlugRedirect.objects.filter(old_slug=article.slug).delete()
