from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import ValidationError

from .models import ContentWarning, WarningCategory, WarningKeyword


class WarningKeywordInline(admin.TabularInline):
    model = WarningKeyword
    extra = 3


@admin.register(WarningCategory)
class WarningCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "label", "default_severity", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["kind", "active", "default_severity"]
    search_fields = ["name", "label", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WarningKeywordInline]


@admin.register(WarningKeyword)
class WarningKeywordAdmin(admin.ModelAdmin):
    list_display = ["phrase", "category"]
    list_filter = ["category"]
    search_fields = ["phrase"]


@admin.register(ContentWarning)
class ContentWarningAdmin(admin.ModelAdmin):
    list_display = ["category", "content_object", "severity", "source", "added_by", "created_at"]
    list_filter = ["category__kind", "category", "severity", "source"]
    list_select_related = ["category", "added_by", "content_type"]
    search_fields = ["note", "category__name"]
    readonly_fields = ["content_type", "object_id", "added_by", "created_at"]
    autocomplete_fields = ["spoils_series", "spoils_episode"]

    def has_add_permission(self, request):
        # Flags are added on the page of the content they belong to.
        return False


class ContentWarningFormSet(BaseGenericInlineFormSet):
    """Refuses to remove a flag the current user may not remove (see ContentWarning.can_be_removed_by)."""

    user = None

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            flag = form.instance
            if flag.pk and not flag.can_be_removed_by(self.user):
                raise ValidationError(
                    f"The “{flag.category}” flag was added by a moderator; only a moderator can remove it."
                )


class ContentWarningInline(GenericTabularInline):
    """Flags on any content's admin page; the host admin records who added them."""

    model = ContentWarning
    formset = ContentWarningFormSet
    extra = 0
    fields = ["category", "severity", "note", "spoils_series", "spoils_episode", "source", "added_by"]
    readonly_fields = ["source", "added_by"]
    autocomplete_fields = ["category", "spoils_series", "spoils_episode"]
    verbose_name = "warning"
    verbose_name_plural = "Warnings: viewer discretion and spoilers"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset
