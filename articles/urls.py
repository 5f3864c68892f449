from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("series/<slug:series_slug>/<slug:slug>/", views.episode_detail, name="episode"),
]
