"""The newsroom's screens beside the article form, one function each: previews, autosave,
history with diffs and one-step restore, withdrawing share links, and holds.

Each receives the ArticleAdmin as ``model_admin`` (see urls.py) for its permission checks
and the admin's page context; every view that writes answers only POST.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from reversion.models import Version

from ourplanet import rate_limits

from .. import editing, rendering, revisions
from ..models import Article, StaleEditError
from ..resolver import body_resolver
from ..views import preview_response
from .actions import seen_version
from .forms import HoldForm

TOO_MANY = "Too many %s in the last minute; the next one in a few seconds will work."


def change_form_context(request, article):
    """What the edit page shows beside the form: who else has it open, an autosave to
    offer back, the share link, and the URLs its scripts call."""
    context = {}
    if request.method == "GET":
        if article is not None:
            editing.note_presence(article.pk, request.user)
        context["autosave"] = editing.pending_autosave(user=request.user, article=article)
    context["autosave_fields"] = " ".join(Article.TEXT_FIELDS)
    if article is None:
        context["autosave_url"] = reverse("admin:articles_article_autosave_new")
        return context
    context["others_present"] = editing.others_present(article.pk, request.user)
    context["share_url"] = request.build_absolute_uri(
        reverse("articles:shared_preview", args=[editing.share_token(article)])
    )
    context["share_link_days"] = settings.SHARE_LINK_MAX_AGE // 86400
    context["autosave_url"] = reverse("admin:articles_article_autosave", args=[article.pk])
    context["preview_url"] = reverse("admin:articles_article_preview", args=[article.pk])
    return context


def _viewable(request, model_admin, object_id, queryset=Article.objects):
    article = get_object_or_404(queryset, pk=object_id)
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    return article


def _changeable(request, model_admin, object_id):
    """The article, if the user may edit it (a moderator may open its page, not edit it)."""
    article = get_object_or_404(Article, pk=object_id)
    if not model_admin.has_edit_permission(request, article):
        raise PermissionDenied
    return article


def _back_to_form(article):
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


# Previews: the saved draft exactly as readers will see it, and a live body preview.
def preview(request, object_id, *, model_admin):
    article = _viewable(request, model_admin, object_id, Article.objects.for_page())
    return preview_response(request, article)


@require_POST
def render_preview(request, *, model_admin):
    """The live preview: a body rendered by the same code as on save."""
    if not (model_admin.has_add_permission(request) or model_admin.has_edit_permission(request)):
        raise PermissionDenied
    if not rate_limits.allow("preview", request.user, settings.PREVIEWS_PER_MINUTE):
        return JsonResponse({"html": "", "errors": [TOO_MANY % "previews"]}, status=429)
    try:
        result = rendering.render_body(request.POST.get("body", ""), body_resolver(), strict=True)
    except rendering.BodyError as error:
        return JsonResponse({"html": "", "errors": error.messages})
    return JsonResponse({"html": result.html, "errors": []})


# Autosave: a copy of the text, never the article itself.
@require_POST
def autosave(request, object_id=None, *, model_admin):
    article = None
    if object_id is not None:
        article = _changeable(request, model_admin, object_id)
        editing.note_presence(article.pk, request.user, editing=True)  # autosave sends only changes
    elif not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.POST.get("discard"):
        editing.discard_autosave(user=request.user, article=article)
        return JsonResponse({"discarded": True})
    if not rate_limits.allow("autosave", request.user, settings.AUTOSAVES_PER_MINUTE):
        return JsonResponse({"errors": {"__all__": TOO_MANY % "autosaves"}}, status=429)
    errors = editing.autosave_errors(request.POST)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    base_version = int(request.POST.get("edit_version_seen") or 0)
    saved = editing.autosave(user=request.user, article=article, data=request.POST, base_version=base_version)
    others = editing.others_present(article.pk, request.user) if article else []
    return JsonResponse({
        "saved_at": timezone.localtime(saved.saved_at).strftime("%H:%M:%S"),
        "others": [f"{presence.name} ({'editing' if presence.editing else 'viewing'})" for presence in others],
    })


# History: every revision, a readable diff between any two, restore in one action.
def history(request, object_id, *, model_admin):
    article = _viewable(request, model_admin, object_id)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"History of “{article}”",
        "opts": model_admin.opts,
        "original": article,
        "versions": revisions.versions_of(article),
        "can_restore": model_admin.has_edit_permission(request, article),
    }
    return TemplateResponse(request, "admin/articles/article/history.html", context)


def revision(request, object_id, version_id, *, model_admin):
    """django-reversion's own revert form is replaced by the diff and one-step restore."""
    url = reverse("admin:articles_article_compare", args=[object_id])
    return HttpResponseRedirect(f"{url}?from={int(version_id)}&to=current")


def compare(request, object_id, *, model_admin):
    article = _viewable(request, model_admin, object_id)
    versions = Version.objects.get_for_object(article)

    def side(key):
        value = request.GET.get(key, "current")
        if value == "current":
            return "the current article", revisions.article_values(article)
        try:
            version = versions.get(pk=int(value))
        except (ValueError, Version.DoesNotExist):
            raise Http404("No such revision of this article.") from None
        return f"the revision of {version.revision.date_created:%d %b %Y, %H:%M}", revisions.snapshot(version)

    old_label, old_values = side("from")
    new_label, new_values = side("to")
    changes = [(label, mark_safe(html)) for label, html in revisions.diff(old_values, new_values)]  # noqa: S308
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Changes to “{article}”",
        "opts": model_admin.opts,
        "original": article,
        "old_label": old_label,
        "new_label": new_label,
        "changes": changes,
    }
    return TemplateResponse(request, "admin/articles/article/compare.html", context)


@require_POST
def restore(request, object_id, version_id, *, model_admin):
    article = _changeable(request, model_admin, object_id)
    version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
    restored_status = version.field_dict.get("status", article.status)
    error = Article.transition_error(article.status, restored_status, request.user)
    if error:
        model_admin.message_user(request, f"This revision cannot be restored: {error}", messages.ERROR)
        return _back_to_form(article)
    try:
        revisions.restore(version, by=request.user, expected_version=seen_version(request.POST.get("edit_version_seen")))
    except StaleEditError:
        model_admin.message_user(
            request,
            "Someone saved this article after you opened its history, so nothing was restored. "
            "Their save is now the newest revision below: compare, then restore again if you still want to.",
            messages.ERROR,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
    model_admin.message_user(request, "The revision is restored, and the restore is recorded as a new revision.")
    return _back_to_form(article)


# Share links: withdrawing every link given out for an article.
@require_POST
def revoke_links(request, object_id, *, model_admin):
    article = _changeable(request, model_admin, object_id)
    article.revoke_share_links()
    model_admin.message_user(
        request, "Every preview link given out for this article no longer works. A new one is shown below."
    )
    return _back_to_form(article)


# Holds: a moderator's decision, with a reason (Article.hold_error, Article.set_hold).
def hold(request, object_id, *, model_admin):
    article = get_object_or_404(Article, pk=object_id)
    error = Article.hold_error(request.user)
    if error:
        raise PermissionDenied(error)
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        article.set_hold(not article.is_held, by=request.user, reason=form.cleaned_data["reason"])
        model_admin.message_user(
            request, "The article is held: readers cannot see it." if article.is_held else "The hold is lifted."
        )
        return _back_to_form(article)
    return hold_page(request, model_admin, form, [article], title=(
        f"Lift the hold on “{article}”" if article.is_held else f"Hold “{article}”"
    ), original=article)


def hold_page(request, model_admin, form, articles, *, title, original=None, action=None):
    """The page that asks why, for one article (its own page) or several (a list action)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.opts,
        "original": original,
        "form": form,
        "articles": articles,
        "action": action,
    }
    return TemplateResponse(request, "admin/articles/article/hold.html", context)
