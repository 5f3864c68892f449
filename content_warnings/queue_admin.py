"""The moderators' queue: readers' reports grouped by what they are about, and the page where
a moderator accepts, dismisses or merges one. Decisions go through ``services``; who may
decide is ``Report.decision_error``."""

from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from . import services
from .forms import AcceptForm, DuplicateForm, ReasonForm
from .models import ContentWarning, Source
from .reports import QUEUE_ORDER, Report
from .scopes import flag_scope_text, spoiler_scope_text


def admin_url_of(obj):
    """The admin page of the content a report is about, if it has one."""
    if obj is None:
        return ""
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
    except NoReverseMatch:
        return ""


def flag_label(flag):
    """A flag in a line: category and severity, what a spoiler covers, whose it is."""
    parts = [f"{flag.category} ({flag.get_effective_severity_display().lower()})"]
    if flag.is_spoiler:
        parts.append(flag_scope_text(flag))
    if flag.note:
        parts.append(f"“{flag.note}”")
    if flag.source == Source.MODERATOR:
        parts.append("a moderator's")
    return ", ".join(parts)


def asked_label(report):
    """What the reader asked for, in the same words."""
    episode = report.episode
    if episode is None:
        return str(report.category)
    return f"{report.category}, {spoiler_scope_text(episode.series.title, episode.season, episode.number, episode.title)}"


class StatusFilter(admin.SimpleListFilter):
    """Open reports by default: the queue is what is left to decide."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Report.Status.choices, ("all", "All")]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or Report.Status.OPEN) == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or Report.Status.OPEN
        if value == "all":
            return queryset
        return queryset.filter(status=value)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["about", "asked_for", "what_is_wrong", "current_warnings", "created_at", "status"]
    list_display_links = ["asked_for"]
    list_filter = [StatusFilter, "category"]
    search_fields = ["message"]
    list_per_page = 50
    actions = ["accept_selected", "dismiss_selected", "merge_selected"]
    decide_template = "admin/warnings/report/decide.html"
    bulk_template = "admin/warnings/report/bulk_decision.html"

    # Who sees and does what: editors may read the queue, moderators decide.
    def has_add_permission(self, request):
        return False  # reports come from readers

    def has_delete_permission(self, request, obj=None):
        return False  # a report is part of the record

    def has_decide_permission(self, request, obj=None):
        return request.user.has_perm("warnings.moderate_contentwarning")

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        if Report.email_visible_to(request.user):
            shown.insert(-2, "email")
        return shown

    def get_search_fields(self, request):
        if Report.email_visible_to(request.user):
            return [*self.search_fields, "email"]
        return self.search_fields

    def get_ordering(self, request):
        return QUEUE_ORDER

    def get_queryset(self, request):
        open_in_group = (
            Report.objects.open()
            .filter(content_type=OuterRef("content_type"), object_id=OuterRef("object_id"))
            .values("content_type")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            Report.objects.for_queue()
            .annotate(open_in_group=Subquery(open_in_group[:1]))
            .prefetch_related("content_object")
        )

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        flags = self._current_flags(changelist.result_list)
        for report in changelist.result_list:
            report.current_flags = flags[(report.content_type_id, report.object_id)]
        return changelist

    @staticmethod
    def _current_flags(reports):
        """The flags on everything these reports are about, in one query."""
        pairs = {(report.content_type_id, report.object_id) for report in reports}
        flags = defaultdict(list)
        if not pairs:
            return flags
        object_ids = {object_id for _content_type, object_id in pairs}
        for flag in ContentWarning.objects.with_related().filter(object_id__in=object_ids):
            if (flag.content_type_id, flag.object_id) in pairs:
                flags[(flag.content_type_id, flag.object_id)].append(flag)
        return flags

    @admin.display(description="about")
    def about(self, report):
        url = admin_url_of(report.content_object)
        label = f"{report.content_type.name}: {report.object_label}"
        count = getattr(report, "open_in_group", None)
        suffix = f" ({count} open)" if count and count > 1 else ""
        if url:
            return format_html('<a href="{}">{}</a>{}', url, label, suffix)
        return f"{label}{suffix}"

    @admin.display(description="asked for", ordering="category__name")
    def asked_for(self, report):
        return asked_label(report)

    @admin.display(description="what is wrong")
    def what_is_wrong(self, report):
        return report.message if len(report.message) <= 160 else report.message[:157] + "…"

    @admin.display(description="its warnings now")
    def current_warnings(self, report):
        flags = getattr(report, "current_flags", [])
        if not flags:
            return "none"
        return format_html_join(mark_safe("<br>"), "{}", ((flag_label(flag),) for flag in flags))  # noqa: S308

    # The decision page replaces the change form.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, report):
            raise PermissionDenied
        may_decide = report.decision_error(request.user) is None
        forms = {
            "accept": AcceptForm(instance=services.flag_for_report(report), prefix="accept"),
            "dismiss": ReasonForm(prefix="dismiss"),
            "duplicate": DuplicateForm(report=report, prefix="duplicate"),
        }
        if request.method == "POST":
            if not self.has_decide_permission(request, report):
                raise PermissionDenied
            decision = request.POST.get("decision")
            done = self._decide(request, report, decision, forms)
            if done:
                return HttpResponseRedirect(self._next_url(report))
        obj = report.content_object
        context = {
            **self.admin_site.each_context(request),
            "title": f"Report #{report.pk}",
            "subtitle": report.object_label,
            "opts": self.opts,
            "original": report,
            "report": report,
            "content_object": obj,
            "content_admin_url": admin_url_of(obj),
            "content_public_url": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
            "current_flags": [
                flag_label(flag) for flag in self._current_flags([report])[(report.content_type_id, report.object_id)]
            ],
            "asked_for": asked_label(report),
            "show_email": Report.email_visible_to(request.user),
            "others": Report.objects.for_object(obj).exclude(pk=report.pk).select_related("category")[:20]
            if obj is not None else [],
            "may_decide": may_decide,
            "decision_error": report.decision_error(request.user),
            "forms": forms,
        }
        return TemplateResponse(request, self.decide_template, context)

    def _decide(self, request, report, decision, forms):
        user = request.user
        try:
            if decision == "accept":
                form = AcceptForm(request.POST, instance=services.flag_for_report(report), prefix="accept")
                forms["accept"] = form
                if form.is_valid():
                    services.accept_report(report, flag=form.instance, by=user, reason=form.cleaned_data["reason"])
                    self.message_user(request, f"Report #{report.pk} accepted: “{form.instance}” is on it now.")
                    return True
            elif decision == "dismiss":
                form = ReasonForm(request.POST, prefix="dismiss")
                forms["dismiss"] = form
                if form.is_valid():
                    services.dismiss_report(report, by=user, reason=form.cleaned_data["reason"])
                    self.message_user(request, f"Report #{report.pk} dismissed.")
                    return True
            elif decision == "duplicate":
                form = DuplicateForm(request.POST, report=report, prefix="duplicate")
                forms["duplicate"] = form
                if form.is_valid():
                    original = form.cleaned_data["original"]
                    services.mark_duplicate(report, of=original, by=user, reason=form.cleaned_data["reason"])
                    self.message_user(request, f"Report #{report.pk} marked as a duplicate of #{original.pk}.")
                    return True
            else:
                self.message_user(request, "Choose accept, dismiss or duplicate.", messages.ERROR)
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, " ".join(_messages(error)), messages.ERROR)
        return False

    def _next_url(self, report):
        """Back to the queue, or on to the next open report about the same thing."""
        following = Report.objects.open().filter(
            content_type_id=report.content_type_id, object_id=report.object_id
        ).exclude(pk=report.pk).order_by("-created_at").first()
        if following is not None:
            return reverse("admin:warnings_report_change", args=[following.pk])
        return reverse("admin:warnings_report_changelist")

    # Bulk actions: each asks for confirmation (and a reason) on a page of its own.
    def _bulk_page(self, request, queryset, action, title, form, rows):
        rows = [
            (report, asked_label(report), flag_label(flag) if flag else "", bool(flag and flag.pk))
            for report, flag in rows
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "action": action,
            "form": form,
            "rows": rows,
            "queryset": queryset,
        }
        return TemplateResponse(request, self.bulk_template, context)

    def _open_only(self, request, queryset):
        refused = [report for report in queryset if report.decision_error(request.user)]
        for report in refused:
            self.message_user(request, f"Report #{report.pk}: {report.decision_error(request.user)}", messages.ERROR)
        return [report for report in queryset if report not in refused]

    @admin.action(description="Accept selected reports (add or strengthen their flags)", permissions=["decide"])
    def accept_selected(self, request, queryset):
        reports = self._open_only(request, queryset)
        rows = [(report, services.flag_for_report(report)) for report in reports]
        form = ReasonForm(
            request.POST if "confirm" in request.POST else None, prefix="bulk",
            label="Why (for the log and the readers)", required=False,
        )
        if "confirm" not in request.POST or not form.is_valid():
            return self._bulk_page(request, queryset, "accept_selected", "Accept these reports?", form, rows)
        accepted = 0
        for report, flag in rows:
            try:
                services.accept_report(report, flag=flag, by=request.user, reason=form.cleaned_data["reason"])
                accepted += 1
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"Report #{report.pk}: {' '.join(_messages(error))}", messages.ERROR)
        self.message_user(request, f"{accepted} report(s) accepted.")
        return None

    @admin.action(description="Dismiss selected reports", permissions=["decide"])
    def dismiss_selected(self, request, queryset):
        reports = self._open_only(request, queryset)
        form = ReasonForm(request.POST if "confirm" in request.POST else None, prefix="bulk")
        if "confirm" not in request.POST or not form.is_valid():
            rows = [(report, None) for report in reports]
            return self._bulk_page(request, queryset, "dismiss_selected", "Dismiss these reports?", form, rows)
        for report in reports:
            services.dismiss_report(report, by=request.user, reason=form.cleaned_data["reason"])
        self.message_user(request, f"{len(reports)} report(s) dismissed.")
        return None

    @admin.action(description="Merge selected reports (the oldest about each item stays open)", permissions=["decide"])
    def merge_selected(self, request, queryset):
        groups = defaultdict(list)
        for report in self._open_only(request, queryset):
            groups[(report.content_type_id, report.object_id)].append(report)
        merged = 0
        for reports in groups.values():
            original, *repeats = sorted(reports, key=lambda report: (report.created_at, report.pk))
            for report in repeats:
                services.mark_duplicate(report, of=original, by=request.user, reason=f"Same as report #{original.pk}.")
                merged += 1
        self.message_user(request, f"{merged} report(s) marked as duplicates.")


def _messages(error):
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]
