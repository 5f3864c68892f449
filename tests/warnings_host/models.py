from django.contrib.contenttypes.fields import GenericRelation
from django.db import models

from content_warnings.models import ContentWarning


class Show(models.Model):
    title = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)

    def __str__(self):
        return self.title


class ShowEpisode(models.Model):
    series = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="episodes")
    season = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=100)

    def __str__(self):
        return self.title


class Clip(models.Model):
    """Something flaggable that is neither a series nor an episode."""

    title = models.CharField(max_length=100)
    warnings = GenericRelation(ContentWarning, related_query_name="clip")

    def __str__(self):
        return self.title
