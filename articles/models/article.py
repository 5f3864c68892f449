"""Articles: their states and who may move them, moderators' holds, rendering on save
and the one-UPDATE check that refuses a stale save."""

import secrets

import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from content_warnings import audit, services
from content_warnings.models import ContentWarning
from content_warnings.summary import summarise
from ourplanet import content_generation
from ourplanet.reversing import cached_reverse
from ourplanet.text_input import no_control_characters, normalise_text

from .. import (
    fragments,
    markup_syntax,
    redirects,
    references,
    rendering,
    resolver,
    search_index,
    spoiler_safe,
)
from .article_queries import ArticleQuerySet
from .guide import GuideEntry
from .image import Image
from .series import Episode


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

    # On search results, the passage that matched (articles.search); empty elsewhere.
    search_snippet = ""

    # What an editor writes as text: kept by autosave, compared when a save conflicts.
    TEXT_FIELDS = ["title", "slug", "standfirst", "body", "safe_title", "safe_description"]

    title = models.CharField(max_length=200, validators=[no_control_characters])
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(
        blank=True, help_text="One or two sentences under the title, shown on cards.",
        validators=[no_control_characters],
    )
    body = models.TextField(blank=True, help_text=rendering.BODY_HELP_TEXT, validators=[no_control_characters])
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
        validators=[no_control_characters],
    )
    safe_description = models.TextField(
        "spoiler-free description",
        blank=True,
        help_text="Used outside the article instead of the standfirst.",
        validators=[no_control_characters],
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
    hold_reason = models.TextField(
        "why it is held", blank=True, help_text="The moderator's reason, given when holding it."
    )
    warnings = GenericRelation(ContentWarning, related_query_name="article")
    tagged_items = GenericRelation(TaggedItem, related_query_name="tagged_article")
    edit_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Increases on every save; a stale save is refused."
    )
    # What every reader sees the same of this article, rendered when it changes (fragments.py).
    fragments = models.JSONField(default=dict, blank=True, editable=False)
    page_fragments = models.JSONField(default=dict, blank=True, editable=False)
    fragments_epoch = models.PositiveBigIntegerField(
        default=0, editable=False, help_text="Increases whenever the stored renderings are emptied."
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
        indexes = [
            models.Index(fields=["status", "published_at"]),
            # Every public list walks published articles newest first (published(), then
            # -published_at, -id): the walk starts at the top or at a page's cursor and stops
            # after a page. Partial, so drafts and held articles take no room in it.
            models.Index(
                F("published_at").desc(), F("id").desc(),
                condition=models.Q(status="published", is_held=False),
                name="article_public_newest",
            ),
            # The sitemap's lastmod: the latest change among published articles.
            models.Index(
                F("updated_at").desc(),
                condition=models.Q(status="published", is_held=False),
                name="article_public_updated",
            ),
        ]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("articles:detail", slug=self.slug)

    @property
    def public_from(self):
        """When readers see the article: its publish time, or None while it is not published
        or is held. The rule of ArticleQuerySet.published() and scheduled(), for one article."""
        if self.status != self.Status.PUBLISHED or self.is_held:
            return None
        return self.published_at

    @property
    def is_public(self):
        return self.public_from is not None and self.public_from <= timezone.now()

    @property
    def is_scheduled(self):
        return self.public_from is not None and self.public_from > timezone.now()

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

    @classmethod
    def spoiler_error(cls, findings, status, *, confirmed):
        """Why text readers see before any gate may not go out as it is, or None.

        ``findings`` are what the spoiler check found (articles.spoiler_review); they stop
        a save that publishes, or that changes a published article, unless the editor
        confirmed on that save that they give nothing away.
        """
        if not findings or confirmed or status != cls.Status.PUBLISHED:
            return None
        named = " ".join(finding.message for finding in findings)
        return (
            f"This may give a spoiler away before any warning: {named} Change it, or tick "
            f"“{cls.SPOILER_CONFIRMATION}” and save again."
        )

    SPOILER_CONFIRMATION = "I have checked: this is not a spoiler"

    def move_to(self, status, *, by, at=None, expected_version=None):
        """Change status through the rules above, and save (a new revision is recorded).

        With ``expected_version`` (the version the editor's page showed), refuse with
        StaleEditError if someone saved since.
        """
        stored = type(self).objects.filter(pk=self.pk).first()
        error = self.publishing_error(stored, status, at if at is not None else self.published_at, by)
        if error:
            raise PermissionDenied(error)
        self.status = status
        if at is not None:
            self.published_at = at
        with reversion.create_revision():
            self.save(expected_version=expected_version)
            reversion.set_user(by)
            reversion.set_comment(f"Moved to {self.state_label.lower()}.")

    @staticmethod
    def hold_error(user):
        """Why ``user`` may not hold an article or lift a hold, or None: that is a moderator's call."""
        if not user.has_perm("warnings.moderate_contentwarning"):
            return "Only moderators can hold an article or lift a hold."
        return None

    @staticmethod
    def edit_error(user):
        """Why ``user`` may not change an article's text and details, or None. Moderators
        flag and hold articles; writing them is the editors' work."""
        if not user.has_perm("articles.change_article"):
            return "Only editors can change an article's text and details."
        return None

    @transaction.atomic
    def set_hold(self, held, *, by, reason):
        """Hold the article (hidden from readers whatever its status) or lift the hold, for a
        reason the moderation log keeps and the authors are told."""
        error = self.hold_error(by)
        if error:
            raise PermissionDenied(error)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("Say why: the reason is kept in the moderation log and sent to the authors.")
        stored = type(self).objects.select_for_update().filter(pk=self.pk).values("is_held", "hold_reason").first()
        self.is_held = held
        self.hold_reason = reason if held else ""
        type(self).objects.filter(pk=self.pk).update(is_held=self.is_held, hold_reason=self.hold_reason)
        GuideEntry.objects.refresh_for_article(self.pk)  # .update() sends no signal: readers
        content_generation.bump()  # must see the hold now
        with reversion.create_revision():
            reversion.add_to_revision(self)
            reversion.set_user(by)
            reversion.set_comment("Held by a moderator." if held else "Hold lifted by a moderator.")
        audit.record(
            audit.Action.HELD if held else audit.Action.RELEASED, by=by, obj=self,
            before={"held": "yes" if stored["is_held"] else "no", "why held": stored["hold_reason"]},
            after={"held": "yes" if held else "no", "why held": self.hold_reason},
            reason=reason,
        )
        title = self.spoiler_safe.headline
        if held:
            subject = "A moderator is holding your article"
            lead = f"A moderator is holding “{title}”: readers cannot see it until the hold is lifted."
        else:
            subject, lead = "The hold on your article is lifted", f"A moderator lifted the hold on “{title}”."
        services.notify(self.moderation_contacts(), subject, f"{lead}\n\nWhy: {reason}")

    # What the warnings app needs to take readers' reports and tell authors about moderation.
    @property
    def report_title(self):
        return self.spoiler_safe.headline

    def accepts_reports(self):
        return self.is_public

    def moderation_contacts(self):
        return [author.email for author in self.authors.all() if author.email]

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
        return spoiler_safe.spoiler_safe_summary(
            title=self.title,
            standfirst=self.standfirst,
            safe_title=self.safe_title,
            safe_description=self.safe_description,
            body_text=self.body_text,
        )

    # Plain text fields that may carry ||inline spoilers|| (see spoiler_safe.strip_inline_spoilers).
    PLAIN_SPOILER_FIELDS = ["title", "standfirst", "safe_title", "safe_description"]

    def clean(self):
        for name in self.TEXT_FIELDS:  # a textarea's \r\n is never meant
            setattr(self, name, normalise_text(getattr(self, name)))
        errors = {
            name: problem
            for name in self.PLAIN_SPOILER_FIELDS
            if (problem := markup_syntax.plain_text_problem(getattr(self, name)))
        }
        try:
            self.render_body(strict=True)
        except rendering.BodyError as error:
            errors["body"] = error.messages
        if errors:
            raise ValidationError(errors)

    def render_body(self, *, strict=False):
        """Render the Markdown body into sanitised HTML, once, at save time."""
        recorder, self.referenced = references.recording(resolver.body_resolver())
        result = rendering.render_body(self.body, recorder, strict=strict)
        self.body_html = result.html
        self.body_text = result.safe_text
        self.rendered = result
        # What clean() rendered for this save; save() then need not render it again.
        self._rendered_body = self.body if strict else None
        return result

    def refresh_rendering(self):
        """Render the stored body again, without counting as an edit (no revision, no new
        edit version, no timestamp). Returns whether anything stored changed."""
        before = (self.body_html, self.body_text, self.search_text)
        self.render_body()
        references.record(self, self.referenced)
        self.search_text = search_index.search_text(self)
        if (self.body_html, self.body_text, self.search_text) == before:
            return False
        type(self).objects.filter(pk=self.pk).update(
            body_html=self.body_html, body_text=self.body_text, search_text=self.search_text
        )
        search_index.update_vector(self)
        fragments.changed([self.pk])  # a card may show the start of the body text
        content_generation.bump()  # .update() sends no signal
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
        if getattr(self, "_rendered_body", None) != self.body:  # clean() may have just rendered it
            self.render_body()
        self.search_text = search_index.search_text(self)
        previous_slug = redirects.slug_before_save(self)
        # One transaction, so the content generation moves again once all of it is visible.
        with transaction.atomic():
            super().save(*args, **kwargs)
            references.record(self, self.referenced)
            search_index.update_vector(self)
            redirects.record_slug_change(self, previous_slug)


# Revisions hold an article with its tag links and flags, so a restore brings all back.
# Registered here, before the admin (a VersionAdmin) would register Article without them.
reversion.register(Article, follow=["warnings", "tagged_items"], exclude=["fragments", "page_fragments", "fragments_epoch"])
if not reversion.is_registered(ContentWarning):
    reversion.register(ContentWarning)
if not reversion.is_registered(TaggedItem):
    reversion.register(TaggedItem)
