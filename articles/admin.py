from django.contrib import admin

from content_warnings.admin import ContentWarningInline

from .models import Article, Episode, Image, Series


class EpisodeInline(admin.TabularInline):
    model = Episode
    extra = 1
    fields = ["season", "number", "title", "slug", "release_date", "logline"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "platform", "first_year"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EpisodeInline]


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "release_date"]
    list_filter = ["series"]
    search_fields = ["title", "series__title"]
    list_select_related = ["series"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["alt_text", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    inlines = [ContentWarningInline]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "standfirst"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["episodes", "authors"]
    inlines = [ContentWarningInline]
