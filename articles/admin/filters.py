"""Filters of the article list."""

from django.contrib import admin
from taggit.models import Tag

from ..models import Series


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
        return Tag.objects.filter(article__isnull=False).distinct().values_list("slug", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value()).distinct()
        return queryset
