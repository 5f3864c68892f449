"""What a card (and the related list) reads: only the columns it shows, and every flag it
needs in one query.

A card shows the spoiler-safe headline and description (from the title, standfirst, safe
title and description, or the start of the spoiler-free body text), the publish time, the
hero picture, episodes, tags and warning chips. Bodies, stored HTML, search text and the
search vector stay in the database.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from content_warnings.models import ContentWarning

CARD_FIELDS = [
    "slug", "title", "standfirst", "safe_title", "safe_description", "body_text", "published_at",
    "status", "is_held", "hero_image",
    "hero_image__file", "hero_image__alt_text", "hero_image__caption", "hero_image__credit",
    "hero_image__width", "hero_image__height", "hero_image__renditions",
]
RELATED_FIELDS = ["slug", "title", "standfirst", "safe_title", "safe_description", "body_text", "published_at"]


def attach_flags(articles):
    """Fetch the flags of ``articles`` and of their hero pictures in one query, and hand them
    to each (``article.warnings.all()`` and ``image.warnings.all()`` then read no more).
    Instead of two prefetches, one for articles and one for pictures."""
    from .models import Article, Image

    articles = [article for article in articles if article is not None]
    if not articles:
        return
    # Each article has its own instance of a shared picture: every one gets the flags.
    # (Read from __dict__: on the related list hero_image_id is deferred, and reading it
    # would cost a query per article.)
    images = [
        article._state.fields_cache["hero_image"]
        for article in articles
        if article.__dict__.get("hero_image_id") and article._state.fields_cache.get("hero_image") is not None
    ]
    types = ContentType.objects.get_for_models(Article, Image, for_concrete_models=False)
    article_type, image_type = types[Article], types[Image]
    wanted = Q(content_type=article_type, object_id__in=[article.pk for article in articles])
    if images:
        wanted |= Q(content_type=image_type, object_id__in={image.pk for image in images})
    flags = {}
    for flag in ContentWarning.objects.with_related().filter(wanted):
        flags.setdefault((flag.content_type_id, flag.object_id), []).append(flag)
    for article in articles:
        article._prefetched_objects_cache = getattr(article, "_prefetched_objects_cache", {})
        article._prefetched_objects_cache["warnings"] = flags.get((article_type.pk, article.pk), [])
    for image in images:
        image._prefetched_objects_cache = getattr(image, "_prefetched_objects_cache", {})
        image._prefetched_objects_cache["warnings"] = flags.get((image_type.pk, image.pk), [])
