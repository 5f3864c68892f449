"""The newsroom: what editors use to write, illustrate and publish.

Registration lives here; forms in forms.py, the screens beside the article form in
views.py with their one URL table in urls.py, list actions and filters beside them.
"""

import json

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.forms import Script
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin

from content_warnings.admin import ContentWarningInline

from .. import editing, spoiler_review
from ..models import Article, Episode, Image, Series, StaleEditError, episodes_prefetch, warnings_prefetch
from ..suggestions import suggestions_for
from . import views
from .actions import HOLD_ACTIONS, STATUS_ACTIONS
from .filters import SeriesListFilter, TagListFilter
from .forms import ArticleAdminForm, ImageAdminForm
from .urls import article_urls, image_urls


def with_spoiler_confirmation(message, form):
    """The admin's record of a save, and, when the editor confirmed words the spoiler check
    named, which ones."""
    findings = form.spoiler_findings if form.cleaned_data.get("confirm_not_spoiler") else []
    if not findings:
        return message
    readable = LogEntry(change_message=json.dumps(message)).get_change_message() if message else ""
    return f"{readable} {spoiler_review.confirmation_comment(findings)}".strip()


class EpisodeInline(admin.TabularInline):
    model = Episode
    extra = 1
    fields = ["season", "number", "title", "slug", "release_date", "logline"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "platform", "first_year", "presenter"]
    search_fields = ["title", "platform", "presenter"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["poster"]
    inlines = [EpisodeInline]


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ["title", "series", "code", "release_date"]
    list_filter = ["series"]
    search_fields = ["title", "series__title"]
    list_select_related = ["series"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ContentWarningInline]

    def get_queryset(self, request):
        # Each episode is named with its series (in lists and in every autocomplete that picks one).
        return super().get_queryset(request).select_related("series")

    @admin.display(description="code", ordering="number")
    def code(self, episode):
        return episode.code


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "alt_text", "dimensions", "flagged", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "dimensions", "markdown", "uploaded_by", "created_at"]
    fields = [
        "file", "preview", "alt_text", "caption", "credit", "confirm_not_spoiler", "dimensions", "markdown",
        "uploaded_by", "created_at",
    ]
    inlines = [ContentWarningInline]
    change_form_template = "admin/articles/image/change_form.html"

    class Media:
        css = {"all": ["newsroom/admin.css"]}
        js = ["newsroom/spoiler-check.js"]

    def get_urls(self):
        return image_urls(self) + super().get_urls()

    def construct_change_message(self, request, form, formsets, add=False):
        return with_spoiler_confirmation(super().construct_change_message(request, form, formsets, add), form)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(warnings_prefetch())

    @admin.display(description="picture")
    def thumbnail(self, image):
        if not image.file:
            return "—"
        return format_html('<img src="{}" alt="" width="96" loading="lazy">', image.thumbnail_url)

    @admin.display(description="preview")
    def preview(self, image):
        if not image.pk:
            return "Shown after upload."
        return format_html('<img src="{}" alt="" style="max-width:24rem">', image.fallback_url)

    @admin.display(description="size")
    def dimensions(self, image):
        return f"{image.width} × {image.height} px" if image.width else "—"

    @admin.display(description="flagged graphic", boolean=True)
    def flagged(self, image):
        return image.is_graphic

    @admin.display(description="use in an article body")
    def markdown(self, image):
        if not image.pk:
            return "—"
        return format_html("<code>![{}](image:{})</code>", image.alt_text, image.pk)

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    actions = STATUS_ACTIONS + HOLD_ACTIONS
    list_display = ["title", "state", "published_at", "episode_list", "tag_list", "warning_list"]
    list_filter = ["status", SeriesListFilter, TagListFilter, "published_at"]
    search_fields = ["title", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hero_image", "episodes", "authors"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ContentWarningInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "hero_image", "body", "edit_version_seen"]}),
        ("About", {"fields": ["episodes", "tags", "authors"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at", "confirm_not_spoiler", "is_held", "created_at", "updated_at"],
                "description": "Draft → in review → published. A publish time in the future "
                "schedules the article: it appears by itself at that time.",
            },
        ),
        (
            "Outside the article",
            {
                "fields": ["safe_title", "safe_description"],
                "description": "Used on cards, in search, feeds and social previews instead of the "
                "title and standfirst. Fill these in when the title or standfirst would spoil.",
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        css = {"all": ["newsroom/admin.css"]}
        js = [
            Script("newsroom/vendor/markdown-toolbar-element/index.js", type="module"),
            "newsroom/editor.js",
            "newsroom/live-preview.js",
            "newsroom/spoiler-check.js",
        ]

    def get_urls(self):
        return article_urls(self) + super().get_urls()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags", episodes_prefetch(), warnings_prefetch())

    def has_moderate_permission(self, request):
        return Article.hold_error(request.user) is None

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only readers have no form to send back: no version to carry.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "edit_version_seen"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if Article.hold_error(request.user):
            readonly.append("is_held")  # holds are a moderator's decision (Article.hold_error)
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    # The list.
    def action_checkbox(self, article):
        """The row's checkbox, with the version this list shows: a status action refuses an
        article someone saved since (see actions.seen_versions)."""
        return format_html(
            '{}<input type="hidden" name="edit_version_seen" value="{}:{}">',
            super().action_checkbox(article),
            article.pk,
            article.edit_version,
        )

    @admin.display(description="status", ordering="status")
    def state(self, article):
        return article.state_label

    @admin.display(description="episodes")
    def episode_list(self, article):
        episodes = [f"{e.series.title} {e.code}" for e in article.episodes.all()]
        if len(episodes) > 3:
            return f"{episodes[0]} and {len(episodes) - 1} more"
        return ", ".join(episodes) or "—"

    @admin.display(description="tags")
    def tag_list(self, article):
        return ", ".join(tag.name for tag in article.tags.all()) or "—"

    @admin.display(description="warnings")
    def warning_list(self, article):
        chips = article.warning_summary.chips
        if not chips:
            return "—"
        return format_html_join(", ", "{}", ((label,) for _kind, label, _severity in chips))

    # The edit page: presence, autosave offer, share link, conflicts.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        article = Article.objects.filter(pk=object_id).first() if object_id else None
        extra_context = {**(extra_context or {}), **views.change_form_context(request, article)}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEditError:
            # Only if two saves race between the form's check and the write.
            self.message_user(
                request,
                "Someone else saved this article at the same moment; your save was not applied. "
                "Your text is in your browser's autosave: reopen the article to recover it.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None and request.method == "GET" and request.GET.get("restore") == "autosave":
            saved = editing.pending_autosave(user=request.user, article=article)
            if saved is not None:
                saved.apply_to(article)
                article.edit_version = saved.base_version
        return article

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if request.GET.get("restore") == "autosave":
            saved = editing.pending_autosave(user=request.user, article=None)
            if saved is not None:
                initial.update(saved.data)
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["conflict"] = getattr(context["adminform"].form, "conflict", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        expected = form.cleaned_data.get("edit_version_seen") if change else None
        obj.save(expected_version=expected)
        editing.discard_autosave(user=request.user, article=obj if change else None)

    def construct_change_message(self, request, form, formsets, add=False):
        # The revision's comment is this message: it names words the editor confirmed.
        return with_spoiler_confirmation(super().construct_change_message(request, form, formsets, add), form)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        # Re-read the flags just saved, then suggest what may be missing.
        article.__dict__.pop("warning_summary", None)
        article._prefetched_objects_cache = {}
        rendered = getattr(article, "rendered", None) or article.render_body()
        for suggestion in suggestions_for(article, rendered):
            self.message_user(request, suggestion, messages.WARNING)

    # History and reversion's revision page, under the admin's own URLs.
    def history_view(self, request, object_id, extra_context=None):
        return views.history(request, object_id, model_admin=self)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        return views.revision(request, object_id, version_id, model_admin=self)
