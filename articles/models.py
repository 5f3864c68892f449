"""Series, episodes, images and articles: what the publication writes about and publishes."""

import secrets

import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from content_warnings.models import ContentWarning, Kind, WarningCategory
from content_warnings.scopes import episode_code
from content_warnings.summary import summarise

from . import images, rendering


class Series(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    platform = models.CharField(
        "platform or network", max_length=100, blank=True, help_text="For example Netflix or BBC One."
    )
    first_year = models.PositiveSmallIntegerField("first aired", null=True, blank=True)
    presenter = models.CharField("presenter or narrator", max_length=200, blank=True)
    description = models.TextField(
        "spoiler-free description", blank=True, help_text="Shown everywhere; never describe events of an episode."
    )
    poster = models.ForeignKey(
        "Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:series", kwargs={"slug": self.slug})


class Episode(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="episodes")
    season = models.PositiveSmallIntegerField(default=1)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, help_text="Unique within the series.")
    release_date = models.DateField(null=True, blank=True)
    logline = models.TextField("spoiler-free logline", blank=True)
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

    def get_absolute_url(self):
        return reverse(
            "articles:episode", kwargs={"series_slug": self.series.slug, "slug": self.slug}
        )


class Image(models.Model):
    """An uploaded picture, validated and stripped of metadata, with renditions made once."""

    file = models.ImageField(upload_to="images/%Y/%m/")
    alt_text = models.CharField(
        max_length=300, help_text="Describe the picture for someone who cannot see it."
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(max_length=200, blank=True)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    renditions = models.JSONField(
        default=list, editable=False, help_text="Resized copies made on upload."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    warnings = GenericRelation(ContentWarning, related_query_name="image")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text[:80]

    def clean(self):
        """A new upload must be a sound picture within the limits (see images.validate_upload)."""
        if self.file and not getattr(self.file, "_committed", True):
            try:
                images.validate_upload(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error

    def save(self, *args, **kwargs):
        replaced = None if self._state.adding else self._stored_files_if_replaced()
        new_upload = self._state.adding or replaced is not None
        if new_upload and self.file:
            self.width, self.height = images.normalise_upload(self.file)
        super().save(*args, **kwargs)
        if new_upload and self.file:
            self.renditions = images.make_renditions(self.file)
            super().save(update_fields=["renditions"])
        if replaced:
            # The old picture and its renditions go once the new ones are safely stored.
            transaction.on_commit(lambda: images.delete_files(replaced))

    def delete(self, *args, **kwargs):
        files = self.file_names()
        result = super().delete(*args, **kwargs)
        transaction.on_commit(lambda: images.delete_files(files))
        return result

    def file_names(self):
        """Every file this image owns in storage: the original and its renditions."""
        names = [self.file.name] if self.file else []
        return names + [rendition["name"] for rendition in self.renditions or []]

    def _stored_files_if_replaced(self):
        stored = type(self).objects.filter(pk=self.pk).only("file", "renditions").first()
        if stored is None or stored.file.name == self.file.name:
            return None
        return stored.file_names()

    # Renditions, for templates and the Markdown renderer.
    def srcset(self, fmt=None):
        return images.srcset(self.renditions, fmt)

    @property
    def fallback_srcset(self):
        return self.srcset()

    @property
    def webp_srcset(self):
        return self.srcset("webp")

    @property
    def fallback_url(self):
        return images.fallback_url(self.renditions) or (self.file.url if self.file else "")

    @property
    def thumbnail_url(self):
        return images.thumbnail_url(self.renditions) or self.fallback_url

    @property
    def blurred_url(self):
        return images.blurred_url(self.renditions)

    @property
    def discretion_flags(self):
        return [flag for flag in self.warnings.all() if not flag.is_spoiler]

    @property
    def is_graphic(self):
        return bool(self.discretion_flags)

    @property
    def discretion_labels(self):
        return [flag.category.label for flag in self.discretion_flags]

    @property
    def discretion_slugs(self):
        return " ".join(flag.category.slug for flag in self.discretion_flags)

    def render_info(self):
        """What the body renderer needs (see rendering.ImageInfo)."""
        return rendering.ImageInfo(
            id=self.pk,
            alt=self.alt_text,
            width=self.width,
            height=self.height,
            src=self.fallback_url,
            srcset=self.srcset(),
            webp_srcset=self.srcset("webp"),
            blurred_src=self.blurred_url,
            caption=self.caption,
            credit=self.credit,
            graphic_labels=tuple(self.discretion_labels),
            graphic_slugs=tuple(flag.category.slug for flag in self.discretion_flags),
        )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "visible to the public".

        Scheduling needs no worker: an article with a future publish time is simply not
        matched until that time comes.
        """
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now(), is_held=False
        )

    def with_cards(self):
        """Everything an article card shows, in a fixed number of queries."""
        return self.select_related("hero_image").prefetch_related(
            "tags",
            Prefetch("episodes", queryset=Episode.objects.select_related("series")),
            "authors",
            Prefetch("warnings", queryset=ContentWarning.objects.with_related()),
            Prefetch("hero_image__warnings", queryset=ContentWarning.objects.with_related()),
        )

    def for_lists(self):
        """Cards never show the body: leave the large columns in the database."""
        return self.with_cards().defer("body", "body_html", "search_text")

    def for_episode(self, episode):
        return self.filter(episodes=episode)

    def _covering(self, **episode_filter):
        # EXISTS instead of a join with DISTINCT, which would compare whole article rows.
        links = Article.episodes.through.objects.filter(article_id=OuterRef("pk"), **episode_filter)
        return self.filter(Exists(links))

    def related_to(self, article, limit=4):
        """Other articles about the same episodes, newest first (call on a published() queryset)."""
        episode_ids = [episode.pk for episode in article.episodes.all()]
        if not episode_ids:
            return self.none()
        return (
            self._covering(episode_id__in=episode_ids)
            .exclude(pk=article.pk)
            .prefetch_related(Prefetch("warnings", queryset=ContentWarning.objects.with_related()))
            .latest()[:limit]
        )

    def for_series(self, series):
        return self._covering(episode__series=series)

    def latest(self):
        return self.order_by("-published_at", "-pk")


def new_share_key():
    return secrets.token_urlsafe(16)


class StaleEditError(Exception):
    """Someone else saved the article since this copy was loaded."""


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    # Which status may follow which; publishing and unpublishing need "publish_article".
    TRANSITIONS = {
        Status.DRAFT: {Status.IN_REVIEW, Status.PUBLISHED},
        Status.IN_REVIEW: {Status.DRAFT, Status.PUBLISHED},
        Status.PUBLISHED: {Status.UNPUBLISHED, Status.DRAFT},
        Status.UNPUBLISHED: {Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED},
    }

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(
        blank=True, help_text="One or two sentences under the title, shown on cards."
    )
    body = models.TextField(blank=True, help_text=rendering.BODY_HELP_TEXT)
    body_html = models.TextField(editable=False, blank=True)
    body_text = models.TextField(
        editable=False, blank=True, help_text="The body as plain text, without spoilers."
    )
    search_text = models.TextField(
        editable=False, blank=True, help_text="Spoiler-safe headline, description and body, for search."
    )
    search_vector = SearchVectorField(
        null=True, editable=False, help_text="search_text indexed for PostgreSQL full-text search."
    )
    safe_title = models.CharField(
        "spoiler-free headline",
        max_length=200,
        blank=True,
        help_text="Used outside the article (cards, search, feeds, social) instead of the title.",
    )
    safe_description = models.TextField(
        "spoiler-free description",
        blank=True,
        help_text="Used outside the article instead of the standfirst.",
    )
    hero_image = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="hero_of"
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="articles",
        limit_choices_to={"is_staff": True},
    )
    episodes = models.ManyToManyField(
        Episode, blank=True, related_name="articles", help_text="The episodes this article covers."
    )
    tags = TaggableManager(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to publish now. A future time schedules it."
    )
    is_held = models.BooleanField(
        "held", default=False, help_text="Held by a moderator: hidden from readers whatever its status."
    )
    warnings = GenericRelation(ContentWarning, related_query_name="article")
    tagged_items = GenericRelation(TaggedItem, related_query_name="tagged_article")
    edit_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Increases on every save; a stale save is refused."
    )
    share_key = models.CharField(
        max_length=32, default=new_share_key, editable=False,
        help_text="Part of every preview link; changing it revokes the links given out.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and not self.is_held
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def state_label(self):
        """The status as an editor thinks of it: a future publish time means scheduled."""
        if self.is_held:
            return "Held"
        if self.is_scheduled:
            return "Scheduled"
        return self.get_status_display()

    @classmethod
    def transition_error(cls, current, new, user):
        """Why ``user`` may not move an article from ``current`` to ``new``, or None."""
        if not user.has_perm("articles.change_article"):
            return "You do not have permission to change articles."
        if current == new:
            return None
        if new not in cls.TRANSITIONS.get(current, set()):
            return (
                f"An article cannot go from {cls.Status(current).label.lower()} "
                f"to {cls.Status(new).label.lower()}."
            )
        needs_publish = cls.Status.PUBLISHED in (current, new)
        if needs_publish and not user.has_perm("articles.publish_article"):
            return "You do not have permission to publish or unpublish articles."
        return None

    @classmethod
    def publishing_error(cls, stored, status, published_at, user):
        """Why ``user`` may not save ``status`` and ``published_at`` over ``stored`` (an
        Article as saved, or None for a new one), or None. Moving the publish time of a
        published or scheduled article is publishing, and needs the permission too."""
        error = cls.transition_error(stored.status if stored else cls.Status.DRAFT, status, user)
        if error:
            return error
        time_moved = stored is not None and stored.published_at != published_at
        touches_public = status == cls.Status.PUBLISHED or (stored and stored.status == cls.Status.PUBLISHED)
        if time_moved and touches_public and not user.has_perm("articles.publish_article"):
            return "You do not have permission to change when an article is published."
        return None

    def move_to(self, status, *, by, at=None):
        """Change status through the rules above, and save (a new revision is recorded)."""
        stored = type(self).objects.filter(pk=self.pk).first()
        error = self.publishing_error(stored, status, at if at is not None else self.published_at, by)
        if error:
            raise PermissionDenied(error)
        self.status = status
        if at is not None:
            self.published_at = at
        with reversion.create_revision():
            self.save()
            reversion.set_user(by)
            reversion.set_comment(f"Moved to {self.state_label.lower()}.")

    def publish(self, *, by, at=None):
        self.move_to(self.Status.PUBLISHED, by=by, at=at)

    def unpublish(self, *, by):
        self.move_to(self.Status.UNPUBLISHED, by=by)

    def submit_for_review(self, *, by):
        self.move_to(self.Status.IN_REVIEW, by=by)

    @staticmethod
    def hold_error(user):
        """Why ``user`` may not hold an article or lift a hold, or None: that is a moderator's call."""
        if not user.has_perm("warnings.moderate_contentwarning"):
            return "Only moderators can hold an article or lift a hold."
        return None

    def set_hold(self, held, *, by):
        """Hold the article (hidden from readers whatever its status) or lift the hold."""
        error = self.hold_error(by)
        if error:
            raise PermissionDenied(error)
        self.is_held = held
        type(self).objects.filter(pk=self.pk).update(is_held=held)
        with reversion.create_revision():
            reversion.add_to_revision(self)
            reversion.set_user(by)
            reversion.set_comment("Held by a moderator." if held else "Hold lifted by a moderator.")

    def revoke_share_links(self):
        self.share_key = new_share_key()
        type(self).objects.filter(pk=self.pk).update(share_key=self.share_key)

    @cached_property
    def warning_summary(self):
        return summarise(self.warnings.all())

    @property
    def spoiler_scopes_json(self):
        """The page-level spoiler scopes, for the reader's browser to compare with what they watched."""
        return [
            {
                "series": flag.spoils_series.slug,
                "season": flag.spoils_episode.season if flag.spoils_episode else None,
                "episode": flag.spoils_episode.number if flag.spoils_episode else None,
            }
            for flag in self.warning_summary.spoilers
            if flag.spoils_series is not None
        ]

    @cached_property
    def spoiler_safe(self):
        """Title, description and excerpt that may appear outside the body."""
        return rendering.spoiler_safe_summary(
            title=self.title,
            standfirst=self.standfirst,
            safe_title=self.safe_title,
            safe_description=self.safe_description,
            body_text=self.body_text,
        )

    def clean(self):
        try:
            self.render_body(strict=True)
        except rendering.BodyError as error:
            raise ValidationError({"body": error.messages}) from error

    def render_body(self, *, strict=False):
        """Render the Markdown body into sanitised HTML, once, at save time."""
        result = rendering.render_body(self.body, body_resolver(), strict=strict)
        self.body_html = result.html
        self.body_text = result.safe_text
        self.rendered = result
        return result

    @classmethod
    def rerender_bodies_using(cls, image):
        """Re-render the bodies that show ``image`` (after its flags change, say)."""
        for article in cls.objects.filter(body__contains=f"(image:{image.pk})"):
            article.refresh_rendering()

    def refresh_rendering(self):
        """Render the stored body again, without counting as an edit (no revision, no new
        edit version, no timestamp). Returns whether anything stored changed."""
        before = (self.body_html, self.body_text, self.search_text)
        self.render_body()
        self.search_text = self.compose_search_text()
        if (self.body_html, self.body_text, self.search_text) == before:
            return False
        type(self).objects.filter(pk=self.pk).update(
            body_html=self.body_html, body_text=self.body_text, search_text=self.search_text
        )
        self.index_for_search()
        return True

    def save(self, *args, expected_version=None, **kwargs):
        """Save; with ``expected_version``, refuse (StaleEditError) if someone saved since.

        The check and the increment are one UPDATE, so two concurrent saves cannot both win.
        """
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.pk is not None and not self._state.adding:
            if expected_version is not None:
                claimed = type(self).objects.filter(pk=self.pk, edit_version=expected_version).update(
                    edit_version=F("edit_version") + 1
                )
                if not claimed:
                    raise StaleEditError(self.pk)
                self.edit_version = expected_version + 1
            else:
                type(self).objects.filter(pk=self.pk).update(edit_version=F("edit_version") + 1)
                self.edit_version = (
                    type(self).objects.filter(pk=self.pk).values_list("edit_version", flat=True).first() or 0
                )
        self.render_body()
        self.search_text = self.compose_search_text()
        previous_slug = self._previous_slug()
        super().save(*args, **kwargs)
        self.index_for_search()
        self.record_slug_change(previous_slug)

    def compose_search_text(self):
        """What search may match: the spoiler-safe headline, description and body text."""
        self.__dict__.pop("spoiler_safe", None)
        safe = self.spoiler_safe
        return f"{safe.headline}\n{safe.description}\n{self.body_text}"

    def index_for_search(self):
        """On PostgreSQL, keep the full-text vector (GIN-indexed) in step with search_text."""
        if connection.vendor == "postgresql":
            type(self).objects.filter(pk=self.pk).update(
                search_vector=SearchVector("search_text", config="english")
            )

    def record_slug_change(self, previous_slug):
        """Keep a renamed article's former address working (and free this one)."""
        if previous_slug and previous_slug != self.slug:
            SlugRedirect.objects.update_or_create(old_slug=previous_slug, defaults={"article": self})
        SlugRedirect.objects.filter(old_slug=self.slug).delete()

    def _previous_slug(self):
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("slug", flat=True).first()


class ArticleAutosave(models.Model):
    """The latest unsaved text of one editor's edit page, kept so a crash costs little."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves",
        help_text="Empty for an article not yet saved for the first time.",
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField(
        default=0, help_text="The article's edit version the text was based on."
    )
    saved_at = models.DateTimeField(auto_now=True)

    FIELDS = ["title", "slug", "standfirst", "body", "safe_title", "safe_description"]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_autosave_per_editor_and_article")
        ]

    def __str__(self):
        return f"Autosave by {self.user} at {self.saved_at:%H:%M}"

    def differs_from(self, article):
        return any(self.data.get(name, "") != getattr(article, name) for name in self.FIELDS)

    def apply_to(self, article):
        """Put the autosaved text on ``article`` (unsaved) for the editor to review."""
        for name in self.FIELDS:
            if name in self.data:
                setattr(article, name, self.data[name])


class SlugRedirect(models.Model):
    """An article's former slug: its old address answers with a permanent redirect."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "former address"

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


def _spoiler_scopes(refs):
    series_slugs = {ref.split("/", 1)[0] for ref in refs}
    series_by_slug = {
        series.slug: series
        for series in Series.objects.filter(slug__in=series_slugs).prefetch_related("episodes")
    }
    scopes = {}
    for ref in refs:
        series_slug, _, episode_slug = ref.partition("/")
        series = series_by_slug.get(series_slug)
        if series is None:
            continue
        if not episode_slug:
            scopes[ref] = rendering.SpoilerScope(series.slug, series.title)
            continue
        episode = next((e for e in series.episodes.all() if e.slug == episode_slug), None)
        if episode is not None:
            scopes[ref] = rendering.SpoilerScope(
                series.slug, series.title, episode.season, episode.number, episode.title
            )
    return scopes


def _categories(slugs):
    return {
        category.slug: rendering.CategoryInfo(category.slug, category.label, category.default_severity)
        for category in WarningCategory.objects.active()
        .filter(kind=Kind.DISCRETION, slug__in=slugs)
    }


def _images(ids):
    found = Image.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("warnings", queryset=ContentWarning.objects.with_related())
    )
    return {image.pk: image.render_info() for image in found}


def body_resolver():
    """The database lookups the body renderer needs, three queries at most."""
    return rendering.Resolver(images=_images, categories=_categories, spoiler_scopes=_spoiler_scopes)


# Revisions hold an article with its tag links and flags, so a restore brings all back.
# Registered here, before the admin (a VersionAdmin) would register Article without them.
reversion.register(Article, follow=["warnings", "tagged_items"])
if not reversion.is_registered(ContentWarning):
    reversion.register(ContentWarning)
if not reversion.is_registered(TaggedItem):
    reversion.register(TaggedItem)
