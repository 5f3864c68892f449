"""The admin site, titled for the publication rather than "Django administration"."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ChangeList
from django.shortcuts import redirect

from accounts.forms import AdminLoginForm
from accounts.two_factor import admin_access_error, authenticator_of
from content_warnings.reports import Report

from .text_input import bounded_int


class BoundedDateChangeList(ChangeList):
    """A changelist whose date drill-down (``date_hierarchy``) refuses dates that cannot be.

    Django builds a datetime from ``?<field>__year=`` and the next year after it, so a year
    of 9999 or twenty digits would otherwise raise instead of showing "invalid filter".
    """

    DATE_PARTS = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}

    def get_filters(self, request):
        for part, (low, high) in self.DATE_PARTS.items() if self.date_hierarchy else ():
            value = self.params.get(f"{self.date_hierarchy}__{part}")
            if value is not None and bounded_int(value, default=None, low=low, high=high) is None:
                raise IncorrectLookupParameters(f"No such {part}.")
        return super().get_filters(request)


class BoundedDates:
    """A ModelAdmin mixin: its changelist is a BoundedDateChangeList (unless it has its own)."""

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        return BoundedDateChangeList if changelist is ChangeList else changelist


class AuthorAutocompleteView(AutocompleteJsonView):
    """Lets anyone who may edit articles pick authors without seeing user management."""

    def has_perm(self, request, obj=None):
        field = self.source_field
        if field.name == "authors" and field.model._meta.label == "articles.Article":
            return request.user.has_perm("articles.change_article") or request.user.has_perm(
                "articles.add_article"
            )
        return super().has_perm(request, obj)


class OurPlanetAdminSite(admin.AdminSite):
    site_header = f"{settings.PUBLICATION_NAME} newsroom"
    site_title = f"{settings.PUBLICATION_NAME} newsroom"
    index_title = "Write, publish and keep warnings honest"
    site_url = "/"
    login_form = AdminLoginForm

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every changelist on this site bounds its date drill-down, whoever registered the
        model (the articles app, django-axes, django-otp, django-tasks…)."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, BoundedDates):
            admin_class = type(
                admin_class.__name__, (BoundedDates, admin_class), {"__module__": admin_class.__module__}
            )
        return super().register(model_or_iterable, admin_class, **options)

    # The newsroom's sections in the order an editor works through them.
    APP_ORDER = ["articles", "warnings", "taggit", "django_tasks_database"]

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        rank = {label: index for index, label in enumerate(self.APP_ORDER)}
        return sorted(apps, key=lambda app: (rank.get(app["app_label"], len(rank)), app["name"]))

    def has_permission(self, request):
        return super().has_permission(request) and admin_access_error(request.user) is None

    def login(self, request, extra_context=None):
        """A superuser who must use two factors and has no authenticator yet sets one up."""
        user = request.user
        if (
            request.method == "GET"
            and user.is_active
            and user.is_staff
            and admin_access_error(user)
            and authenticator_of(user) is None
        ):
            return redirect("two_factor_setup")
        return super().login(request, extra_context)

    def each_context(self, request):
        """Adds the number of open readers' reports, shown in the header and on the index."""
        context = super().each_context(request)
        user = request.user
        shown = user.is_active and user.is_staff and user.has_perm("warnings.view_report")
        context["open_report_count"] = Report.objects.open().count() if shown else None
        return context

    def autocomplete_view(self, request):
        return AuthorAutocompleteView.as_view(admin_site=self)(request)
