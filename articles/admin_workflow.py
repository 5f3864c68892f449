"""The article edit page's workflow tools: conflict detection, presence, autosave,
revision history with diffs and one-step restore, share links, and status actions."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from reversion.models import Version

from . import editing, revisions
from .models import Article, StaleEditError


class WorkflowFormMixin:
    """Optimistic locking and status rules for the article form.

    The form carries the edit version the editor loaded. If someone saved since, the save
    is refused with what they changed, and the editor's own text stays in the form.
    """

    user = None  # set by the admin (WorkflowAdminMixin.get_form)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version_seen"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("edit_version_seen", self.instance.edit_version)
        self.conflict = None

    def clean(self):
        cleaned = super().clean()
        # The article as saved, read once and locked until this save ends (on PostgreSQL).
        stored = (
            Article.objects.select_for_update().filter(pk=self.instance.pk).first() if self.instance.pk else None
        )
        if self.user is not None:
            self._check_transition(cleaned, stored)
            self._check_hold(cleaned, stored)
        self._check_conflict(cleaned, stored)
        return cleaned

    def _check_transition(self, cleaned, stored):
        new_status = cleaned.get("status")
        if new_status is None:
            return
        error = Article.publishing_error(stored, new_status, cleaned.get("published_at"), self.user)
        if error:
            self.add_error("status", error)

    def _check_hold(self, cleaned, stored):
        was_held = bool(stored and stored.is_held)
        if bool(cleaned.get("is_held", was_held)) != was_held:
            error = Article.hold_error(self.user)
            if error:
                self.add_error("is_held", error)

    def _check_conflict(self, cleaned, stored):
        seen = cleaned.get("edit_version_seen")
        if stored is None or seen is None or seen == stored.edit_version:
            return
        self.conflict = describe_conflict(stored, seen, yours=cleaned)
        # Saving again, after reading what changed, replaces their version with this one.
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_version_seen")] = stored.edit_version
        raise forms.ValidationError(
            "Someone else saved this article while you were editing it. Your text is still here, "
            "unsaved. Read what they changed (below), bring their changes into your text if you "
            "want to keep them, then save again.",
            code="stale",
        )


def describe_conflict(article, seen_version, yours):
    """Who saved since ``seen_version`` and what they changed.

    With the revision the editor started from, the diff is exactly the other person's
    change; without one (an article made outside the admin), it compares the two texts.
    """
    theirs = revisions.article_values(article)
    versions = list(revisions.versions_of(article))
    base = next((v for v in versions if v.field_dict.get("edit_version") == seen_version), None)
    latest = versions[0] if versions else None
    who = latest.revision.user if latest else None
    if base is not None:
        changes, compared = revisions.diff(revisions.snapshot(base), theirs), "base"
    else:
        mine = {name: "" if yours.get(name) is None else str(yours.get(name)) for name in revisions.TEXT_FIELDS}
        changes = revisions.diff(mine, {name: theirs[name] for name in revisions.TEXT_FIELDS})
        compared = "yours"
    return {
        "who": (who.get_full_name() or who.get_username()) if who else "someone",
        "when": latest.revision.date_created if latest else article.updated_at,
        "compared": compared,
        "changes": [(label, mark_safe(html)) for label, html in changes],  # noqa: S308 - escaped in diff()
    }


class WorkflowAdminMixin:
    """Adds the workflow tools to ArticleAdmin (which is a reversion VersionAdmin)."""

    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/history.html"

    def has_moderate_permission(self, request):
        return Article.hold_error(request.user) is None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/autosave/", view(self.autosave_view), name="articles_article_autosave"),
            path("autosave/", view(self.autosave_view), name="articles_article_autosave_new"),
            path("<int:object_id>/history/compare/", view(self.compare_view), name="articles_article_compare"),
            path(
                "<int:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            path("<int:object_id>/revoke-links/", view(self.revoke_links_view), name="articles_article_revoke_links"),
        ] + super().get_urls()

    # The edit page.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = Article.objects.filter(pk=object_id).first() if object_id else None
        if request.method == "GET":
            if article is not None:
                editing.note_presence(article.pk, request.user)
            extra_context["autosave"] = editing.pending_autosave(user=request.user, article=article)
        if article is not None:
            extra_context["others_present"] = editing.others_present(article.pk, request.user)
            extra_context["share_url"] = request.build_absolute_uri(
                reverse("articles:shared_preview", args=[editing.share_token(article)])
            )
            extra_context["share_link_days"] = settings.SHARE_LINK_MAX_AGE // 86400
            extra_context["autosave_url"] = reverse("admin:articles_article_autosave", args=[article.pk])
        else:
            extra_context["autosave_url"] = reverse("admin:articles_article_autosave_new")
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEditError:
            # Only if two saves race between the form's check and the write.
            self.message_user(
                request,
                "Someone else saved this article at the same moment; your save was not applied. "
                "Your text is in your browser's autosave: reopen the article to recover it.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None and request.method == "GET" and request.GET.get("restore") == "autosave":
            saved = editing.pending_autosave(user=request.user, article=article)
            if saved is not None:
                saved.apply_to(article)
                article.edit_version = saved.base_version
        return article

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if request.GET.get("restore") == "autosave":
            saved = editing.pending_autosave(user=request.user, article=None)
            if saved is not None:
                initial.update(saved.data)
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context["conflict"] = getattr(form, "conflict", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        expected = form.cleaned_data.get("edit_version_seen") if change else None
        obj.save(expected_version=expected)
        editing.discard_autosave(user=request.user, article=obj if change else None)

    # Autosave: a copy of the text, never the article itself.
    def autosave_view(self, request, object_id=None):
        if request.method != "POST":
            raise Http404
        article = None
        if object_id is not None:
            article = get_object_or_404(Article, pk=object_id)
            if not self.has_change_permission(request, article):
                raise PermissionDenied
            editing.note_presence(article.pk, request.user)
        elif not self.has_add_permission(request):
            raise PermissionDenied
        if request.POST.get("discard"):
            editing.discard_autosave(user=request.user, article=article)
            return JsonResponse({"discarded": True})
        try:
            base_version = int(request.POST.get("edit_version_seen") or 0)
        except ValueError:
            base_version = 0
        saved = editing.autosave(user=request.user, article=article, data=request.POST, base_version=base_version)
        others = editing.others_present(article.pk, request.user) if article else []
        return JsonResponse({
            "saved_at": timezone.localtime(saved.saved_at).strftime("%H:%M:%S"),
            "others": [name for name, _seen in others],
        })

    # History: every revision, a readable diff between any two, restore in one action.
    def history_view(self, request, object_id, extra_context=None):
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"History of “{article}”",
            "opts": self.opts,
            "original": article,
            "versions": revisions.versions_of(article),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """django-reversion's own revert form is replaced by the diff and one-step restore."""
        url = reverse("admin:articles_article_compare", args=[object_id])
        return HttpResponseRedirect(f"{url}?from={int(version_id)}&to=current")

    def compare_view(self, request, object_id):
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
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
            **self.admin_site.each_context(request),
            "title": f"Changes to “{article}”",
            "opts": self.opts,
            "original": article,
            "old_label": old_label,
            "new_label": new_label,
            "changes": changes,
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_view(self, request, object_id, version_id):
        article = get_object_or_404(Article, pk=object_id)
        if request.method != "POST":
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
        stored_status = article.status
        restored_status = version.field_dict.get("status", stored_status)
        error = Article.transition_error(stored_status, restored_status, request.user)
        if error:
            self.message_user(request, f"This revision cannot be restored: {error}", messages.ERROR)
        else:
            revisions.restore(version, by=request.user)
            self.message_user(request, "The revision is restored, and the restore is recorded as a new revision.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def revoke_links_view(self, request, object_id):
        if request.method != "POST":
            raise Http404
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        article.revoke_share_links()
        self.message_user(request, "Every preview link given out for this article no longer works. A new one is shown below.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def _transition_action(status, description):
    def action(modeladmin, request, queryset):
        done, refused = 0, []
        for article in queryset:
            try:
                article.move_to(status, by=request.user)
                done += 1
            except PermissionDenied as error:
                refused.append(f"“{article}”: {error}")
        if done:
            modeladmin.message_user(request, f"{done} article(s) updated.")
        for message in refused:
            modeladmin.message_user(request, message, messages.ERROR)

    action.__name__ = f"move_to_{status}"
    action.short_description = description
    action.allowed_permissions = ("change",)
    return action


def _hold_action(held, description):
    def action(modeladmin, request, queryset):
        for article in queryset:
            article.set_hold(held, by=request.user)
        modeladmin.message_user(request, f"{queryset.count()} article(s) {'held' if held else 'released'}.")

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
