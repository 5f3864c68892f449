"""Holds in the newsroom: a moderator holds an article or lifts the hold, always with a
reason, from the article's page or for several from the list. The rule is
``Article.hold_error``; the change itself is ``Article.set_hold``."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from .models import Article


class HoldForm(forms.Form):
    reason = forms.CharField(
        label="Why", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the moderation log and sent to the authors.",
    )


class HoldAdminMixin:
    hold_template = "admin/articles/article/hold.html"

    def has_moderate_permission(self, request):
        return Article.hold_error(request.user) is None

    def get_urls(self):
        return [
            path("<int:object_id>/hold/", self.admin_site.admin_view(self.hold_view), name="articles_article_hold"),
            *super().get_urls(),
        ]

    def get_fieldsets(self, request, obj=None):
        """Moderators get the link to hold or lift a hold; everyone else only sees the state."""
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_moderate_permission(request):
            return fieldsets
        return [
            (name, {**options, "fields": ["hold_state" if field == "hold_status" else field for field in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description="hold")
    def hold_state(self, article):
        return f"Held: {article.hold_reason}" if article.is_held else "Not held."

    @admin.display(description="hold")
    def hold_status(self, article):
        if article.pk is None:
            return "—"
        state = self.hold_state(article)
        link = reverse("admin:articles_article_hold", args=[article.pk])
        label = "Lift the hold…" if article.is_held else "Hold this article…"
        return format_html('{} <a class="button" href="{}">{}</a>', state, link, label)

    def hold_view(self, request, object_id):
        article = get_object_or_404(Article, pk=object_id)
        error = Article.hold_error(request.user)
        if error:
            raise PermissionDenied(error)
        form = HoldForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            article.set_hold(not article.is_held, by=request.user, reason=form.cleaned_data["reason"])
            self.message_user(request, "The article is held: readers cannot see it." if article.is_held
                              else "The hold is lifted.")
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{'Lift the hold on' if article.is_held else 'Hold'} “{article}”",
            "opts": self.opts,
            "original": article,
            "form": form,
            "articles": [article],
        }
        return TemplateResponse(request, self.hold_template, context)


def _hold_action(held, description):
    def action(modeladmin, request, queryset):
        form = HoldForm(request.POST if "confirm" in request.POST else None)
        if "confirm" not in request.POST or not form.is_valid():
            context = {
                **modeladmin.admin_site.each_context(request),
                "title": description,
                "opts": modeladmin.opts,
                "form": form,
                "articles": list(queryset),
                "action": action.__name__,
            }
            return TemplateResponse(request, modeladmin.hold_template, context)
        changed = 0
        for article in queryset:
            try:
                article.set_hold(held, by=request.user, reason=form.cleaned_data["reason"])
                changed += 1
            except (PermissionDenied, ValidationError) as error:
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
