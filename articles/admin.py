"""The newsroom: what editors use to write, illustrate and publish."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin

from content_warnings.admin import ContentWarningInline
from content_warnings.models import ContentWarning

from . import rendering
from .admin_workflow import HOLD_ACTIONS, STATUS_ACTIONS, WorkflowAdminMixin, WorkflowFormMixin
from .models import Article, Episode, Image, Series, body_resolver
from .suggestions import suggestions_for
from .views import preview_response
from .widgets import ImagePickerWidget


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

    @admin.display(description="code", ordering="number")
    def code(self, episode):
        return episode.code


class ImageAdminForm(forms.ModelForm):
    # A plain file field: Django's image field would decode the upload before our checks
    # (and answer every problem with one generic message).
    file = forms.FileField(
        label="Picture",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text="A JPEG, PNG, WebP or GIF. Location and camera details are removed on upload.",
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "alt_text", "dimensions", "flagged", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "dimensions", "markdown", "uploaded_by", "created_at"]
    fields = ["file", "preview", "alt_text", "caption", "credit", "dimensions", "markdown", "uploaded_by", "created_at"]
    inlines = [ContentWarningInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("warnings", queryset=ContentWarning.objects.with_related())
        )

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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A picture flagged (or unflagged) as graphic changes how bodies show it.
        Article.rerender_bodies_using(form.instance)


class ArticleAdminForm(WorkflowFormMixin, forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "standfirst", "hero_image", "body", "episodes", "tags", "authors",
            "status", "published_at", "is_held", "safe_title", "safe_description",
        ]
        widgets = {
            "hero_image": ImagePickerWidget,
            "standfirst": forms.Textarea(attrs={"rows": 2}),
            "safe_description": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "markdown-body", "data-live-preview": ""}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "hero_image" in self.fields:
            self.fields["hero_image"].empty_label = "No hero image"
            self.fields["hero_image"].queryset = Image.objects.order_by("-created_at")


class SeriesListFilter(admin.SimpleListFilter):
    title = "series"
    parameter_name = "series"

    def lookups(self, request, model_admin):
        return Series.objects.values_list("slug", "title")

    def queryset(self, request, queryset):
        if self.value():
            series = Series.objects.filter(slug=self.value()).first()
            return queryset.for_series(series) if series else queryset.none()
        return queryset


class TagListFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        from taggit.models import Tag

        return Tag.objects.filter(article__isnull=False).distinct().values_list("slug", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value()).distinct()
        return queryset


@admin.register(Article)
class ArticleAdmin(WorkflowAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    actions = STATUS_ACTIONS + HOLD_ACTIONS
    list_display = ["title", "state", "published_at", "episode_list", "tag_list", "warning_list"]
    list_filter = ["status", SeriesListFilter, TagListFilter, "published_at"]
    search_fields = ["title", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["episodes", "authors"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ContentWarningInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "hero_image", "body"]}),
        ("About", {"fields": ["episodes", "tags", "authors"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at", "is_held", "created_at", "updated_at"],
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
        js = ["newsroom/live-preview.js"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                "tags",
                Prefetch("episodes", queryset=Episode.objects.select_related("series")),
                Prefetch("warnings", queryset=ContentWarning.objects.with_related()),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if Article.hold_error(request.user):
            readonly.append("is_held")  # holds are a moderator's decision (Article.hold_error)
        return readonly

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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        # Re-read the flags just saved, then suggest what may be missing.
        article.__dict__.pop("warning_summary", None)
        article._prefetched_objects_cache = {}
        rendered = getattr(article, "rendered", None) or article.render_body()
        for suggestion in suggestions_for(article, rendered):
            self.message_user(request, suggestion, messages.WARNING)

    # Previews: the saved draft exactly as readers will see it, and a live body preview.
    def get_urls(self):
        return [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "render-preview/",
                self.admin_site.admin_view(self.render_preview_view),
                name="articles_article_render_preview",
            ),
        ] + super().get_urls()

    def preview_view(self, request, object_id):
        article = get_object_or_404(Article.objects.with_cards(), pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return preview_response(request, article)

    def render_preview_view(self, request):
        """The live preview: a body rendered by the same code as on save."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        try:
            result = rendering.render_body(request.POST.get("body", ""), body_resolver(), strict=True)
        except rendering.BodyError as error:
            return JsonResponse({"html": "", "errors": error.messages})
        return JsonResponse({"html": result.html, "errors": []})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["preview_url"] = reverse("admin:articles_article_preview", args=[object_id])
        return super().change_view(request, object_id, form_url, extra_context)

