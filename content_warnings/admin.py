from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.formats import date_format
from django.utils.html import format_html

from .models import ContentWarning, Source, WarningCategory, WarningKeyword


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
    readonly_fields = ["content_type", "object_id", "source", "added_by", "created_at"]
    autocomplete_fields = ["spoils_series", "spoils_episode"]

    def has_add_permission(self, request):
        # Flags are added on the page of the content they belong to.
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_be_changed_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.can_be_removed_by(request.user))

    def delete_queryset(self, request, queryset):
        # "Delete selected" must follow the same rule as the delete page.
        refused = [flag for flag in queryset if not flag.can_be_removed_by(request.user)]
        if refused:
            raise PermissionDenied(
                "Some of these flags were added by a moderator; only a moderator can remove them."
            )
        super().delete_queryset(request, queryset)


class ContentWarningFormSet(BaseGenericInlineFormSet):
    """Records who adds each flag (and whether as editor or moderator), and refuses changes
    the current user may not make (ContentWarning.can_be_changed_by / can_be_removed_by)."""

    user = None

    def _construct_form(self, i, **kwargs):
        """A flag this user may not change (a moderator's, for an editor) is shown locked:
        its fields are read-only, so saving the page never trips over it."""
        form = super()._construct_form(i, **kwargs)
        flag = form.instance
        form.locked = bool(flag.pk and self.user is not None and not flag.can_be_changed_by(self.user))
        if form.locked:
            for name, field in form.fields.items():
                # The row's id still travels, so the flag is found (and left as it is).
                field.disabled = name != self.model._meta.pk.name
        return form

    def save_new(self, form, commit=True):
        form.instance.added_by = self.user
        form.instance.source = ContentWarning.source_for(self.user)
        return super().save_new(form, commit)

    def clean(self):
        super().clean()
        for form in self.forms:
            # A locked row offers no delete box; a request that sends one anyway is refused.
            if getattr(form, "locked", False) and form.data.get(form.add_prefix("DELETE")):
                raise ValidationError(
                    f"The “{form.instance.category}” flag was added by a moderator; only a moderator can remove it."
                )
        for form in self.deleted_forms:
            flag = form.instance
            if flag.pk and not flag.can_be_removed_by(self.user):
                raise ValidationError(
                    f"The “{flag.category}” flag was added by a moderator; only a moderator can remove it."
                )
        for form in self.forms:
            flag = form.instance
            if flag.pk and form.has_changed() and form not in self.deleted_forms and not flag.can_be_changed_by(self.user):
                raise ValidationError(
                    f"The “{flag.category}” flag was added by a moderator; only a moderator can change it."
                )


class ContentWarningInline(GenericTabularInline):
    """Flags on any content's admin page; the host admin records who added them."""

    model = ContentWarning
    formset = ContentWarningFormSet
    extra = 0
    fields = ["category", "severity", "note", "spoils_series", "spoils_episode", "ownership"]
    readonly_fields = ["ownership"]
    autocomplete_fields = ["category", "spoils_series", "spoils_episode"]
    verbose_name = "warning"
    verbose_name_plural = "Warnings: viewer discretion and spoilers"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset

    @admin.display(description="added by")
    def ownership(self, flag):
        """Who added the flag, in which role, and whether it is locked for editors."""
        if not flag.pk:
            return "You, on saving"
        who = (flag.added_by.get_full_name() or flag.added_by.get_username()) if flag.added_by else "someone"
        when = date_format(flag.created_at, "j M Y")
        if flag.source == Source.MODERATOR:
            return format_html(
                '<span class="flag-locked" title="Only a moderator can change or remove it">🔒 Moderator '
                "{}, {}</span><br><small>Only a moderator can change or remove it.</small>",
                who,
                when,
            )
        return f"{who} (editor), {when}"
