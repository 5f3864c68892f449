"""Which articles' stored renderings (fragments.py) a change makes stale.

Receivers, as in freshness.py and references.py: deletes through querysets, cascades and
taggit's managers send signals but call no model method. A delete is handled in two steps:
before it, the articles that show the row are found and their renderings emptied (the links
that name them may go with it); after it, they are rendered again.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.autoreload import file_changed
from taggit.models import Tag, TaggedItem

from content_warnings.models import ContentWarning, WarningCategory

from . import fragments
from .models import Article, Episode, Image, Series


def _type(model):
    return ContentType.objects.get_for_model(model)


def _ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def authored_by(user):
    return _ids(Article.objects.filter(authors=user))


def showing_images(image_ids):
    return _ids(Article.objects.filter(hero_image__in=list(image_ids)))


def flag_targets(flags):
    """The articles a set of flags shows on: those flagged, and those whose picture is."""
    article_ids, image_ids = set(), set()
    for type_id, object_id in flags.values_list("content_type_id", "object_id"):
        if type_id == _type(Article).pk:
            article_ids.add(object_id)
        elif type_id == _type(Image).pk:
            image_ids.add(object_id)
    return article_ids | (showing_images(image_ids) if image_ids else set())


def about_episodes(episode_filter, flag_filter):
    links = Article.episodes.through.objects.filter(**episode_filter)
    return set(links.values_list("article_id", flat=True)) | flag_targets(ContentWarning.objects.filter(flag_filter))


# What shows each kind of row (beside the article itself, its flags and its tag links).
DEPENDANTS = {
    Image: lambda image: showing_images([image.pk]),
    WarningCategory: lambda category: flag_targets(ContentWarning.objects.filter(category=category)),
    Episode: lambda episode: about_episodes({"episode": episode}, Q(spoils_episode=episode)),
    Series: lambda series: about_episodes({"episode__series": series}, Q(spoils_series=series)),
    Tag: lambda tag: _ids(Article.objects.filter(tagged_items__tag=tag)),
}


def _saved(sender, instance, **kwargs):
    fragments.changed(DEPENDANTS[sender](instance))


def _user_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login changes no name
    fragments.changed(authored_by(instance))


def _deleting(sender, instance, **kwargs):
    finder = DEPENDANTS.get(sender, authored_by)  # the rest: users
    instance._fragment_dependants = finder(instance)
    fragments.empty(instance._fragment_dependants)


def _deleted(sender, instance, **kwargs):
    fragments.changed(getattr(instance, "_fragment_dependants", ()))


def _article_saved(sender, instance, **kwargs):
    fragments.changed([instance.pk])


def _flag_changed(sender, instance, **kwargs):
    if instance.content_type_id == _type(Article).pk:
        fragments.changed([instance.object_id])
    elif instance.content_type_id == _type(Image).pk:
        fragments.changed(showing_images([instance.object_id]))


def _tag_link_changed(sender, instance, **kwargs):
    if instance.content_type_id == _type(Article).pk:
        fragments.changed([instance.object_id])


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An article's episodes or authors, changed from either side."""
    if not reverse:
        if action.startswith("post_"):
            fragments.changed([instance.pk])
        return
    if action == "pre_clear":
        field = "episodes" if sender is Article.episodes.through else "authors"
        instance._fragment_dependants = _ids(Article.objects.filter(**{field: instance}))
    elif action == "post_clear":
        fragments.changed(getattr(instance, "_fragment_dependants", ()))
    elif action.startswith("post_"):
        fragments.changed(pk_set or ())


def _source_changed(sender, file_path, **kwargs):
    # runserver reloads templates without restarting: stored renderings made from the old
    # ones must stop being shown at once.
    fragments.forget_source_digest()


def connect():
    """Called once from ArticlesConfig.ready()."""
    file_changed.connect(_source_changed, dispatch_uid="fragments-source-changed")
    user_model = get_user_model()
    post_save.connect(_article_saved, sender=Article, dispatch_uid="fragments-article")
    post_save.connect(_flag_changed, sender=ContentWarning, dispatch_uid="fragments-flag-save")
    post_delete.connect(_flag_changed, sender=ContentWarning, dispatch_uid="fragments-flag-delete")
    post_save.connect(_tag_link_changed, sender=TaggedItem, dispatch_uid="fragments-tag-link-save")
    post_delete.connect(_tag_link_changed, sender=TaggedItem, dispatch_uid="fragments-tag-link-delete")
    for model in DEPENDANTS:
        post_save.connect(_saved, sender=model, dispatch_uid=f"fragments-save-{model._meta.label}")
    post_save.connect(_user_saved, sender=user_model, dispatch_uid="fragments-save-user")
    for model in [*DEPENDANTS, user_model]:
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"fragments-deleting-{model._meta.label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"fragments-deleted-{model._meta.label}")
    for through in (Article.episodes.through, Article.authors.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"fragments-links-{through._meta.label}")
