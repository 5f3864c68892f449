from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.formats import date_format
from django.utils.html import format_html

from . import audit, services
from .models import ContentWarning, Notification, Source, WarningCategory, WarningKeyword


class FlagForm(forms.ModelForm):
    """A flag's values, and why it is added, changed or removed (kept in the moderation log)."""

    reason = forms.CharField(
        label="why", required=False, max_length=1000,
        help_text="For the moderation log, and for the authors when a moderator flags their work.",
    )


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
    form = FlagForm
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

    def save_model(self, request, obj, form, change):
        services.change_flag(obj, by=request.user, reason=form.cleaned_data.get("reason", ""))

    def delete_model(self, request, obj):
        services.remove_flag(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        # "Delete selected" must follow the same rule as the delete page.
        refused = [flag for flag in queryset if not flag.can_be_removed_by(request.user)]
        if refused:
            raise PermissionDenied(
                "Some of these flags were added by a moderator; only a moderator can remove them."
            )
        for flag in queryset:
            services.remove_flag(flag, by=request.user)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The e-mail outbox, for superusers: what went out, what still waits and why."""

    list_display = ["subject", "recipient", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContentWarningFormSet(BaseGenericInlineFormSet):
    """Saves flags through the moderation services (who added them, in which role, on the
    record), and refuses changes the current user may not make (ContentWarning.change_error,
    removal_error)."""

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
        flag = form.instance
        flag.content_type = ContentType.objects.get_for_model(self.instance, for_concrete_model=self.for_concrete_model)
        flag.object_id = self.instance.pk
        return services.add_flag(flag, by=self.user, reason=form.cleaned_data.get("reason", ""))

    def save_existing(self, form, obj, commit=True):
        return services.change_flag(obj, by=self.user, reason=form.cleaned_data.get("reason", ""))

    def delete_existing(self, obj, commit=True):
        form = next((f for f in self.deleted_forms if f.instance.pk == obj.pk), None)
        reason = form.cleaned_data.get("reason", "") if form is not None else ""
        services.remove_flag(obj, by=self.user, reason=reason)

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
            error = flag.pk and flag.removal_error(self.user)
            if error:
                raise ValidationError(error)
        for form in self.forms:
            flag = form.instance
            if flag.pk and form.has_changed() and form not in self.deleted_forms:
                error = flag.change_error(self.user)
                if error:
                    raise ValidationError(error)


class ContentWarningInline(GenericTabularInline):
    """Flags on any content's admin page; the host admin records who added them."""

    model = ContentWarning
    form = FlagForm
    formset = ContentWarningFormSet
    extra = 0
    fields = ["category", "severity", "note", "spoils_series", "spoils_episode", "reason", "ownership"]
    readonly_fields = ["ownership"]
    autocomplete_fields = ["category", "spoils_series", "spoils_episode"]
    verbose_name = "warning"
    verbose_name_plural = "Warnings: viewer discretion and spoilers"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset

    def get_queryset(self, request):
        # Who added each flag and the latest reason on record, with the flags: one query
        # however many flags the page shows.
        return super().get_queryset(request).select_related("added_by").annotate(latest_reason=audit.latest_reason())

    @admin.display(description="added by")
    def ownership(self, flag):
        """Who added the flag, in which role, and whether it is locked for editors."""
        if not flag.pk:
            return "You, on saving"
        who = audit.name_of(flag.added_by) if flag.added_by else "someone"
        when = date_format(flag.created_at, "j M Y")
        if flag.source == Source.MODERATOR:
            why = flag.latest_reason  # annotated by get_queryset
            return format_html(
                '<span class="flag-locked" title="Only a moderator can change or remove it">🔒 Moderator '
                "{}, {}</span>{}<br><small>Only a moderator can change or remove it.</small>",
                who,
                when,
                format_html("<br>Why: {}", why) if why else "",
            )
        return f"{who} (editor), {when}"


class FlagsForModeratorsMixin:
    """For the admin of anything that carries flags: a moderator opens the object's own page
    and changes its flags there, published or not, and nothing else on it.

    ``has_edit_permission`` is the real permission to change the object; the page opens as a
    form for moderators too, with every field of the object read-only.
    """

    def has_edit_permission(self, request, obj=None):
        return super().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_edit_permission(request, obj) or (
            obj is not None and request.user.has_perm("warnings.moderate_contentwarning")
        )

    def _object_fields(self, request, obj):
        if self.fieldsets:
            return flatten_fieldsets(self.fieldsets)
        if self.fields:
            return list(self.fields)
        opts = self.model._meta
        return [
            field.name for field in [*opts.fields, *opts.many_to_many]
            if field.editable and not field.auto_created
        ]

    def get_fieldsets(self, request, obj=None):
        """Without the right to edit, the page shows what the object has; fields that exist
        only on the editing form (a confirmation box, a version number) are left out."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_edit_permission(request, obj):
            return fieldsets

        def shown(name):
            return hasattr(self, name) or hasattr(self.model, name)

        return [(name, {**options, "fields": [f for f in options["fields"] if shown(f)]}) for name, options in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.has_edit_permission(request, obj):
            readonly += [name for name in self._object_fields(request, obj) if name not in readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and not self.has_edit_permission(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change and not self.has_edit_permission(request, obj):
            return  # a moderator saved the flags; the object itself is not theirs to save
        super().save_model(request, obj, form, change)


from . import log_admin, queue_admin  # noqa: E402, F401 (the moderation log and the reports queue)
