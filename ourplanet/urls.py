from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from accounts.views import two_factor_setup
from articles.caching import cache_public_page
from articles.sitemaps import SITEMAPS
from ourplanet.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/two-factor/", two_factor_setup, name="two_factor_setup"),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        cache_public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/section.xml"},
        name="sitemap_section",
    ),
    path("", include("content_warnings.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler404 = "articles.views.page_not_found"
handler500 = "articles.views.server_error"
