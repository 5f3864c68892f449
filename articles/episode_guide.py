"""What keeps the episode guide's entries (models/guide.py) true: any change to an
article's status, publish time, hold, episodes or flags writes its episodes' entries again,
inside the writer's transaction.

Receivers, as in fragment_triggers.py: queryset deletes, cascades and the links' managers
send signals but call no model method. Writes through ``QuerySet.update()`` (``set_hold``)
call ``GuideEntry.objects.refresh_for_article`` themselves.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from content_warnings.models import ContentWarning

from .models import Article, GuideEntry
from .models.guide import episodes_of


def _article_saved(sender, instance, **kwargs):
    GuideEntry.objects.refresh_for_article(instance.pk)


def _article_deleting(sender, instance, **kwargs):
    instance._guide_episodes = episodes_of(instance.pk)  # the links go with it


def _article_deleted(sender, instance, **kwargs):
    GuideEntry.objects.refresh(getattr(instance, "_guide_episodes", ()))


def _flag_changed(sender, instance, **kwargs):
    if instance.content_type_id == ContentType.objects.get_for_model(Article).pk:
        GuideEntry.objects.refresh_for_article(instance.object_id)


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An article's episodes, changed from either side."""
    if reverse:  # instance is an episode
        if action in ("post_add", "post_remove", "post_clear"):
            GuideEntry.objects.refresh([instance.pk])
    elif action == "pre_clear":
        instance._guide_episodes = episodes_of(instance.pk)
    elif action == "post_clear":
        GuideEntry.objects.refresh(getattr(instance, "_guide_episodes", ()))
    elif action in ("post_add", "post_remove"):
        GuideEntry.objects.refresh(pk_set or ())


def connect():
    """Called once from ArticlesConfig.ready()."""
    post_save.connect(_article_saved, sender=Article, dispatch_uid="guide-article-saved")
    pre_delete.connect(_article_deleting, sender=Article, dispatch_uid="guide-article-deleting")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="guide-article-deleted")
    post_save.connect(_flag_changed, sender=ContentWarning, dispatch_uid="guide-flag-saved")
    post_delete.connect(_flag_changed, sender=ContentWarning, dispatch_uid="guide-flag-deleted")
    m2m_changed.connect(_links_changed, sender=Article.episodes.through, dispatch_uid="guide-links")
