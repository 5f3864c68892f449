"""The series and episodes the publication writes about."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models

from content_warnings.models import ContentWarning
from content_warnings.scopes import episode_code
from ourplanet.reversing import cached_reverse
from ourplanet.text_input import no_control_characters


class Series(models.Model):
    title = models.CharField(max_length=200, validators=[no_control_characters])
    slug = models.SlugField(max_length=200, unique=True)
    platform = models.CharField(
        "platform or network", max_length=100, blank=True, help_text="For example Netflix or BBC One.",
        validators=[no_control_characters],
    )
    first_year = models.PositiveSmallIntegerField("first aired", null=True, blank=True)
    presenter = models.CharField("presenter or narrator", max_length=200, blank=True, validators=[no_control_characters])
    description = models.TextField(
        "spoiler-free description", blank=True, help_text="Shown everywhere; never describe events of an episode.",
        validators=[no_control_characters],
    )
    poster = models.ForeignKey(
        "Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    warnings = GenericRelation(ContentWarning, related_query_name="series")

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("articles:series", slug=self.slug)


class Episode(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="episodes")
    season = models.PositiveSmallIntegerField(default=1)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, validators=[no_control_characters])
    slug = models.SlugField(max_length=200, help_text="Unique within the series.")
    release_date = models.DateField(null=True, blank=True)
    logline = models.TextField("spoiler-free logline", blank=True, validators=[no_control_characters])
    warnings = GenericRelation(ContentWarning, related_query_name="episode")

    class Meta:
        ordering = ["series__title", "season", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "season", "number"], name="unique_episode_number_per_series"
            ),
            models.UniqueConstraint(fields=["series", "slug"], name="unique_episode_slug_per_series"),
        ]

    def __str__(self):
        return f"{self.series.title} {self.code}: {self.title}"

    @property
    def code(self):
        return episode_code(self.season, self.number)

    def neighbours(self, among=None):
        """The episodes before and after this one in its series (None at either end), in one
        query; ``among`` narrows them (to episodes that have a page, say)."""
        episodes = list(self.series.episodes.all() if among is None else among.filter(series=self.series))
        for episode in episodes:
            episode.series = self.series  # already loaded: naming them costs no query
        index = next(i for i, episode in enumerate(episodes) if episode.pk == self.pk)
        before = episodes[index - 1] if index else None
        after = episodes[index + 1] if index + 1 < len(episodes) else None
        return before, after

    def get_absolute_url(self):
        return cached_reverse("articles:episode", series_slug=self.series.slug, slug=self.slug)
