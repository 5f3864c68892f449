"""What each stored body names (images, discretion categories, series and episodes), so that
changing one of those re-renders the bodies that show it.

Bodies are rendered once, on save (rendering.py), and keep the labels, titles and picture
markup of what they name. The renderer asks its resolver for every image, category and
spoiler scope it meets; a recording resolver notes the keys asked for, and the article's
save stores them here. When an image, a category, a series or an episode changes, the
articles whose bodies name it are rendered again, by a task (``tasks.rerender_bodies``):
at once with the immediate backend, by a worker with the database one.
"""

from django.db import models

from . import rendering


class Kind(models.TextChoices):
    IMAGE = "image", "Image"
    CATEGORY = "category", "Discretion category"
    SCOPE = "scope", "Series or episode"


class BodyReference(models.Model):
    """One thing an article's stored body names: an image id, a category slug, or a spoiler
    scope written as ``series-slug`` or ``series-slug/episode-slug``."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="body_references")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=401)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "kind", "key"], name="unique_body_reference")
        ]
        indexes = [models.Index(fields=["kind", "key"], name="body_reference_target")]

    def __str__(self):
        return f"{self.article_id} → {self.kind} {self.key}"


def recording(resolver):
    """A resolver that answers as ``resolver`` does and notes every key it was asked for,
    found or not (a category created later under a slug a body already names counts too)."""
    asked = {kind: set() for kind in Kind.values}

    def noting(kind, lookup):
        def lookup_and_note(keys):
            asked[kind].update(str(key) for key in keys)
            return lookup(keys)

        return lookup_and_note

    return (
        rendering.Resolver(
            images=noting(Kind.IMAGE, resolver.images),
            categories=noting(Kind.CATEGORY, resolver.categories),
            spoiler_scopes=noting(Kind.SCOPE, resolver.spoiler_scopes),
        ),
        asked,
    )


def record(article, asked):
    """Store what ``article``'s body names now, replacing what it named before."""
    wanted = {(kind, key) for kind, keys in asked.items() for key in keys}
    stored = set(BodyReference.objects.filter(article=article).values_list("kind", "key"))
    if stored - wanted:
        stale = models.Q()
        for kind, key in stored - wanted:
            stale |= models.Q(kind=kind, key=key)
        BodyReference.objects.filter(stale, article=article).delete()
    BodyReference.objects.bulk_create(
        [BodyReference(article=article, kind=kind, key=key) for kind, key in wanted - stored],
        ignore_conflicts=True,
    )


def dependants(kind, keys):
    """Ids of the articles whose bodies name any of ``keys`` (of ``kind``)."""
    return set(BodyReference.objects.filter(kind=kind, key__in=[str(key) for key in keys]).values_list("article_id", flat=True))


def series_dependants(series_slugs):
    """Ids of the articles whose spoiler blocks name a series or one of its episodes."""
    matches = models.Q()
    for slug in series_slugs:
        matches |= models.Q(key=slug) | models.Q(key__startswith=f"{slug}/")
    return set(BodyReference.objects.filter(matches, kind=Kind.SCOPE).values_list("article_id", flat=True))


def rerender_articles(article_ids):
    """Render the stored bodies of these articles again (not an edit: see refresh_rendering).
    Runs as the task ``tasks.rerender_bodies``."""
    from .models import Article

    for article in Article.objects.filter(pk__in=sorted(article_ids)).iterator(chunk_size=200):
        article.refresh_rendering()


def rerender_dependants(article_ids):
    """Queue the re-rendering of these articles' bodies (outside the request with the
    database task backend; at once with the immediate one). Queued inside the transaction
    of the change, so a worker never reads the data from before it."""
    from .tasks import rerender_bodies

    if article_ids:
        rerender_bodies.enqueue(sorted(article_ids))


# --- What changes re-render which bodies -------------------------------------------------
# Receivers, connected from ArticlesConfig.ready(): categories and flags belong to the
# reusable warnings app, and deletes through querysets or cascades call no model method.


def _image_changed(sender, instance, **kwargs):
    rerender_dependants(dependants(Kind.IMAGE, [instance.pk]))


def _image_flag_changed(sender, instance, **kwargs):
    from .models import Image

    if instance.content_type.model_class() is Image:
        rerender_dependants(dependants(Kind.IMAGE, [instance.object_id]))


def _note_previous_slug(sender, instance, **kwargs):
    instance._slug_before_save = (
        sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first() if instance.pk else None
    )


def _category_changed(sender, instance, **kwargs):
    slugs = {instance.slug, getattr(instance, "_slug_before_save", None)} - {None}
    rerender_dependants(dependants(Kind.CATEGORY, slugs))


def _series_changed(sender, instance, **kwargs):
    slugs = {instance.slug, getattr(instance, "_slug_before_save", None)} - {None}
    rerender_dependants(series_dependants(slugs))


def _episode_changed(sender, instance, **kwargs):
    rerender_dependants(series_dependants([instance.series.slug]))


def connect():
    from django.db.models.signals import post_delete, post_save, pre_save

    from content_warnings.models import ContentWarning, WarningCategory

    from .models import Episode, Image, Series

    receivers = [
        (Image, _image_changed),
        (ContentWarning, _image_flag_changed),
        (WarningCategory, _category_changed),
        (Series, _series_changed),
        (Episode, _episode_changed),
    ]
    for model, receiver in receivers:
        uid = f"references-{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete")
    for model in (WarningCategory, Series):
        pre_save.connect(_note_previous_slug, sender=model, dispatch_uid=f"references-{model._meta.label}-slug")
