"""The newsroom's own screens for articles, one URL table under /admin/articles/article/.

The history list and reversion's revision page keep the admin's own URLs; ArticleAdmin
answers them with ``views.history`` and ``views.revision``.
"""

from django.urls import path

from . import views


def article_urls(model_admin):
    """URL patterns for ``model_admin`` (an ArticleAdmin), each behind the admin's login."""

    def screen(route, view, name):
        return path(
            route, model_admin.admin_site.admin_view(view), {"model_admin": model_admin}, name=f"articles_article_{name}"
        )

    return [
        screen("<int:object_id>/preview/", views.preview, "preview"),
        screen("render-preview/", views.render_preview, "render_preview"),
        screen("<int:object_id>/autosave/", views.autosave, "autosave"),
        screen("autosave/", views.autosave, "autosave_new"),
        screen("<int:object_id>/history/compare/", views.compare, "compare"),
        screen("<int:object_id>/history/<int:version_id>/restore/", views.restore, "restore"),
        screen("<int:object_id>/revoke-links/", views.revoke_links, "revoke_links"),
    ]
