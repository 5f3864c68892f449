from django.urls import path, register_converter
from django.urls.converters import SlugConverter

from . import feeds, views


class TagSlugConverter(SlugConverter):
    """Tag slugs keep letters beyond ASCII ("café"), as taggit makes them."""

    regex = r"[-\w]+"


register_converter(TagSlugConverter, "tag_slug")

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("tags/<tag_slug:slug>/", views.tag_detail, name="tag"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("series/<slug:series_slug>/<slug:slug>/", views.episode_detail, name="episode"),
    path("search/", views.search, name="search"),
    path("preview/<str:token>/", views.shared_preview, name="shared_preview"),
    path("feeds/latest/", feeds.LatestArticlesFeed(), name="feed"),
    path("feeds/latest/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("feeds/tags/<tag_slug:slug>/", feeds.TagFeed(), name="tag_feed"),
    path("feeds/tags/<tag_slug:slug>/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("feeds/series/<slug:slug>/", feeds.SeriesFeed(), name="series_feed"),
    path("feeds/series/<slug:slug>/atom/", feeds.SeriesAtomFeed(), name="series_feed_atom"),
    path("robots.txt", views.robots_txt, name="robots"),
]
