"""The newsroom's own screens for articles, one URL table under /admin/articles/article/.

The history list and reversion's revision page keep the admin's own URLs; ArticleAdmin
answers them with ``views.history`` and ``views.revision``.
"""

from django.urls import path

from . import editor_endpoints, views


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
        # What the body toolbar chooses from, and the spoiler check while typing.
        screen("choose/episodes/", editor_endpoints.choose_episodes, "choose_episodes"),
        screen("choose/categories/", editor_endpoints.choose_categories, "choose_categories"),
        screen("choose/images/", editor_endpoints.choose_images, "choose_images"),
        screen("choose/images/upload/", editor_endpoints.upload_image, "upload_image"),
        screen("spoiler-check/", editor_endpoints.check_article_spoilers, "spoiler_check"),
        screen("<int:object_id>/hold/", views.hold, "hold"),
    ]


def image_urls(model_admin):
    """The picture page's spoiler check while typing (see ImageAdmin)."""
    view = model_admin.admin_site.admin_view(editor_endpoints.check_image_spoilers)
    return [
        path("spoiler-check/", view, {"model_admin": model_admin}, name="articles_image_spoiler_check"),
        path("<int:object_id>/spoiler-check/", view, {"model_admin": model_admin}, name="articles_image_spoiler_check"),
    ]
