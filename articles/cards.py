"""What a card (and the related list) reads: only the columns it shows, and its flags, tags
and episodes in one plain query each.

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

    articles = _fetched(articles)
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
        _prefetched(article)["warnings"] = flags.get((article_type.pk, article.pk), [])
    for image in images:
        _prefetched(image)["warnings"] = flags.get((image_type.pk, image.pk), [])


def attach_tags(articles):
    """The articles' tags in one query, handed to each (``article.tags.all()`` then reads no
    more), in the order the editor added them. Instead of taggit's prefetch, which builds a
    queryset per article to check its cache: a quarter of a list page's time."""
    from taggit.models import Tag, TaggedItem

    from .models import Article

    articles = _fetched(articles)
    if not articles:
        return
    links = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id__in=[article.pk for article in articles]
        )
        .order_by("pk")
        .values_list("object_id", "tag_id", "tag__name", "tag__slug")
    )
    tags, by_article = {}, {}
    for article_id, tag_id, name, slug in links:
        if tag_id not in tags:
            tags[tag_id] = Tag(id=tag_id, name=name, slug=slug)
        by_article.setdefault(article_id, []).append(tags[tag_id])
    for article in articles:
        _prefetched(article)["tags"] = by_article.get(article.pk, [])


def attach_episodes(articles):
    """The articles' episodes, each with its series, in one query (ordered as episodes are:
    by series, season and number), handed to each (``article.episodes.all()``)."""
    from .models import Article

    articles = _fetched(articles)
    if not articles:
        return
    links = (
        Article.episodes.through.objects.filter(article_id__in=[article.pk for article in articles])
        .select_related("episode__series")
        .order_by("episode__series__title", "episode__season", "episode__number", "episode_id")
    )
    episodes, by_article = {}, {}
    for link in links:
        episode = episodes.setdefault(link.episode_id, link.episode)
        by_article.setdefault(link.article_id, []).append(episode)
    for article in articles:
        _prefetched(article)["episodes"] = by_article.get(article.pk, [])


def attach(articles, relations=("flags", "tags", "episodes")):
    """Everything a card shows beside its own columns: a query per relation, whatever the number of articles."""
    for relation in relations:
        {"flags": attach_flags, "tags": attach_tags, "episodes": attach_episodes}[relation](articles)


def _fetched(articles):
    return [article for article in articles if article is not None]


def _prefetched(instance):
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    return instance._prefetched_objects_cache
