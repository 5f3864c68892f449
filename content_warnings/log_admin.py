"""The moderation log in the admin: read-only for everyone, superusers included; filterable by
moderator, object, category, action and date; exportable as CSV; and on the admin page of
the object it is about."""

import csv
import json
import re

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from .audit import AuditEntry
from .queue_admin import admin_url_of


class ReadOnlyLogMixin:
    """Nobody adds, changes or deletes a log entry through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def values_text(values):
    if not values:
        return ""
    return "; ".join(f"{key}: {value}" for key, value in values.items() if value not in ("", None))


class ObjectFilter(admin.SimpleListFilter):
    """One article (or picture, series, episode): ``?object=<content type id>-<id>``, as the
    link on the object's own page sets it."""

    title = "object"
    parameter_name = "object"

    def lookups(self, request, model_admin):
        value = self.value()
        if not value:
            return []
        entry = AuditEntry.objects.filter(**self._lookup(value)).first() if self._lookup(value) else None
        return [(value, entry.object_repr if entry else value)]

    @staticmethod
    def _lookup(value):
        # ASCII digits, at most 18 of them: any id a database can hold, and nothing that would
        # overflow SQLite's integers ("int too large") or that str.isdigit() lets through ("²").
        match = re.fullmatch(r"([0-9]{1,18})-([0-9]{1,18})", value or "")
        if match is None:
            return None
        return {"content_type_id": int(match[1]), "object_id": int(match[2])}

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        lookup = self._lookup(self.value())
        return queryset.filter(**lookup) if lookup else queryset.none()


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyLogMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor_name", "role", "action", "on", "category", "before_text", "after_text", "reason"]
    list_filter = [
        ("actor", admin.RelatedOnlyFieldListFilter), "role", "action", ObjectFilter,
        ("category", admin.RelatedOnlyFieldListFilter), "created_at",
    ]
    search_fields = ["object_repr", "actor_name", "reason"]
    date_hierarchy = "created_at"
    list_select_related = ["category", "content_type"]
    list_per_page = 100
    change_list_template = "admin/warnings/auditentry/change_list.html"

    def get_urls(self):
        return [
            path("export.csv", self.admin_site.admin_view(self.export_view), name="warnings_auditentry_export"),
            *super().get_urls(),
        ]

    @admin.display(description="on", ordering="object_repr")
    def on(self, entry):
        url = admin_url_of(entry.content_object) if entry.content_type_id else ""
        return format_html('<a href="{}">{}</a>', url, entry.object_repr) if url else entry.object_repr

    @admin.display(description="before")
    def before_text(self, entry):
        return values_text(entry.before)

    @admin.display(description="after")
    def after_text(self, entry):
        return values_text(entry.after)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "export_url": reverse("admin:warnings_auditentry_export")}
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        """The entries the list shows, with the same filters, as CSV (every page, not one)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        entries = self.get_changelist_instance(request).get_queryset(request)
        header = ["when", "who", "role", "action", "on", "object type", "object id", "category", "before", "after", "why"]

        def rows():
            writer = csv.writer(_Echo())
            yield writer.writerow(header)
            for entry in entries.iterator(chunk_size=500):
                yield writer.writerow([
                    entry.created_at.isoformat(), entry.actor_name, entry.get_role_display(),
                    entry.get_action_display(), entry.object_repr,
                    entry.content_type.model if entry.content_type_id else "", entry.object_id or "",
                    entry.category.name if entry.category_id else "",
                    json.dumps(entry.before, ensure_ascii=False) if entry.before else "",
                    json.dumps(entry.after, ensure_ascii=False) if entry.after else "",
                    entry.reason,
                ])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="moderation-log.csv"'
        return response


class _Echo:
    """A file-like object csv.writer can write one row to, handing the row back."""

    def write(self, value):
        return value


def log_url_for(obj):
    """The moderation log, filtered to one object."""
    content_type = ContentType.objects.get_for_model(obj)
    return f"{reverse('admin:warnings_auditentry_changelist')}?object={content_type.pk}-{obj.pk}"


class ModerationLogMixin:
    """For the admin of anything moderated: its latest log entries, read-only, on its own page
    (add ``moderation_log`` to the page's fields)."""

    LATEST = 20

    @admin.display(description="moderation log")
    def moderation_log(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        entries = list(AuditEntry.objects.for_object(obj).select_related("category")[: self.LATEST])
        if not entries:
            return "Nothing on the record yet."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    date_format(localtime(entry.created_at), "j M Y, H:i"), entry.actor_name or "the system",
                    entry.get_role_display().lower(), entry.get_action_display(),
                    values_text(entry.before) or "—", values_text(entry.after) or "—", entry.reason or "—",
                )
                for entry in entries
            ),
        )
        return format_html(
            '<table class="moderation-log"><thead><tr><th>when</th><th>who</th><th>what</th><th>before</th>'
            "<th>after</th><th>why</th></tr></thead><tbody>{}</tbody></table>"
            '<p><a href="{}">The whole log for this</a></p>',
            rows, log_url_for(obj),
        )
