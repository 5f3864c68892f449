"""The edit page's helpers that answer JSON: the lists the body toolbar chooses from, an
upload in place, and the spoiler check while typing. Each receives the admin it serves as
``model_admin`` for its permission checks."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from .. import choosers, spoiler_review
from ..models import Image
from .forms import ImageAdminForm


def _may_write(request, model_admin):
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied


@require_GET
def choose_episodes(request, *, model_admin):
    _may_write(request, model_admin)
    return choosers.episodes(request)


@require_GET
def choose_categories(request, *, model_admin):
    _may_write(request, model_admin)
    return choosers.discretion_categories(request)


@require_GET
def choose_images(request, *, model_admin):
    _may_write(request, model_admin)
    return choosers.images(request)


@require_POST
def upload_image(request, *, model_admin):
    _may_write(request, model_admin)
    if not request.user.has_perm("articles.add_image"):
        raise PermissionDenied
    return choosers.upload_image(request, ImageAdminForm)


def _findings_json(findings, names):
    return JsonResponse({
        "findings": [
            {"field": finding.field, "name": names.get(finding.field, ""), "text": finding.text, "message": finding.message}
            for finding in findings
        ],
        "confirm_label": spoiler_review.CONFIRM_LABEL,
    })


@require_POST
def check_article_spoilers(request, *, model_admin):
    """The article form's outward text as typed so far, checked as it will be on save."""
    _may_write(request, model_admin)
    text = spoiler_review.OutwardText.from_form_data(request.POST)
    return _findings_json(spoiler_review.findings_for(text), text.field_names())


@require_POST
def check_image_spoilers(request, object_id=None, *, model_admin):
    """A picture's alt text, caption and notes as typed, against the articles that show it."""
    if object_id is not None:
        image = get_object_or_404(Image, pk=object_id)
        if not model_admin.has_change_permission(request, image):
            raise PermissionDenied
    elif not model_admin.has_add_permission(request):
        raise PermissionDenied
    flags, note_names = spoiler_review.flags_from_form_data(request.POST)
    fields = spoiler_review.image_fields(request.POST.get("alt_text", ""), request.POST.get("caption", ""), flags)
    findings = spoiler_review.findings_for_image(
        object_id, alt_text=request.POST.get("alt_text", ""), caption=request.POST.get("caption", ""), flags=flags
    )
    names = {"Alt text": "alt_text", "Caption": "caption"} | dict(
        zip([label for label, _text in fields[2:]], note_names, strict=False)
    )
    return _findings_json(findings, names)
