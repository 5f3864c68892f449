"""Readers' reports: a small form at its own address, so the pages it is about stay the same
for every reader (and cacheable), and a confirmation page."""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import ratelimit
from .forms import ReportForm


def reportable(kind, pk):
    """The object a report may be about: a model named in WARNINGS_REPORTABLE_MODELS whose
    ``accepts_reports()`` says readers can see it. Anything else is not found."""
    label = settings.WARNINGS_REPORTABLE_MODELS.get(kind)
    if label is None:
        raise Http404("Nothing of that kind can be reported.")
    obj = apps.get_model(label)._default_manager.filter(pk=pk).first()
    if obj is None or not obj.accepts_reports():
        raise Http404("Nothing to report here.")
    return obj


@never_cache
@csrf_protect
def report(request, kind, pk):
    obj = reportable(kind, pk)
    if request.method == "POST":
        limit = settings.WARNINGS_REPORTS_PER_CLIENT
        if ratelimit.over_limit(request, "report", limit=limit, window=settings.WARNINGS_REPORTS_WINDOW):
            return render(request, "warnings/report_limited.html", {"object": obj}, status=429)
        form = ReportForm(request.POST)
        if form.is_robot:
            return redirect("warnings:report_sent")  # a robot learns nothing; nothing is stored
        if form.is_valid():
            report = form.save(commit=False)
            report.content_type = ContentType.objects.get_for_model(obj)
            report.object_id = obj.pk
            report.save()
            return redirect("warnings:report_sent")
    else:
        form = ReportForm()
    return render(request, "warnings/report_form.html", {"form": form, "object": obj, "kind": kind})


def report_sent(request):
    return render(request, "warnings/report_sent.html")
