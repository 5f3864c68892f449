"""Actions of the article list: status changes and moderators' holds (each asking why),
through the model's rules."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from .. import spoiler_review
from ..models import Article, StaleEditError
from . import views
from .forms import HoldForm


def seen_version(value):
    """The edit version a page says it showed, or None when it says nothing usable."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def seen_versions(data):
    """``{article pk: version}`` from the article list's rows (see ArticleAdmin.action_checkbox)."""
    versions = {}
    for value in data.getlist("edit_version_seen"):
        pk, _, version = str(value).partition(":")
        if seen_version(pk) is not None and seen_version(version) is not None:
            versions[int(pk)] = int(version)
    return versions


def _transition_action(status, description):
    def action(modeladmin, request, queryset):
        done, refused = 0, []
        seen = seen_versions(request.POST)
        for article in queryset:
            if status == Article.Status.PUBLISHED:
                # No box to tick here: an article whose outward text may spoil is published from its page.
                findings = spoiler_review.findings_for(spoiler_review.OutwardText.of(article))
                if Article.spoiler_error(findings, status, confirmed=False):
                    named = " ".join(finding.message for finding in findings)
                    refused.append(
                        f"“{article}” was not published: it may give a spoiler away before any warning. {named} "
                        "Open it to change the words, or to confirm there that they give nothing away."
                    )
                    continue
            try:
                article.move_to(status, by=request.user, expected_version=seen.get(article.pk))
                done += 1
            except PermissionDenied as error:
                refused.append(f"“{article}”: {error}")
            except StaleEditError:
                refused.append(
                    f"“{article}” was saved by someone else after you opened this list, so it was left "
                    "as it is. Look at their change, then try again."
                )
        if done:
            modeladmin.message_user(request, f"{done} article(s) updated.")
        for message in refused:
            modeladmin.message_user(request, message, messages.ERROR)

    action.__name__ = f"move_to_{status}"
    action.short_description = description
    action.allowed_permissions = ("edit",)  # not "change": moderators open articles to flag them
    return action


def _hold_action(held, description):
    def action(modeladmin, request, queryset):
        form = HoldForm(request.POST if "confirm" in request.POST else None)
        if "confirm" not in request.POST or not form.is_valid():
            return views.hold_page(request, modeladmin, form, list(queryset), title=description, action=action.__name__)
        changed = 0
        for article in queryset:
            try:
                article.set_hold(held, by=request.user, reason=form.cleaned_data["reason"])
                changed += 1
            except PermissionDenied as error:
                modeladmin.message_user(request, f"“{article}”: {error}", messages.ERROR)
        modeladmin.message_user(request, f"{changed} article(s) {'held' if held else 'released'}.")
        return None

    action.__name__ = "hold" if held else "release_hold"
    action.short_description = description
    action.allowed_permissions = ("moderate",)
    return action


HOLD_ACTIONS = [
    _hold_action(True, "Hold selected articles (hide them from readers)"),
    _hold_action(False, "Lift the hold on selected articles"),
]

STATUS_ACTIONS = [
    _transition_action(Article.Status.IN_REVIEW, "Submit selected articles for review"),
    _transition_action(Article.Status.PUBLISHED, "Publish selected articles"),
    _transition_action(Article.Status.UNPUBLISHED, "Unpublish selected articles"),
    _transition_action(Article.Status.DRAFT, "Return selected articles to draft"),
]
