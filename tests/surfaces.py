"""Every public page that lists articles, for an article tagged "walrus" about Our Planet's
"Frozen Worlds" (slugs our-planet / frozen-worlds). Leak tests check each of them."""

LIST_SURFACES = [
    "/",
    "/tags/walrus/",
    "/series/our-planet/",
    "/series/our-planet/frozen-worlds/",
    "/feeds/latest/",
    "/feeds/latest/atom/",
    "/feeds/tags/walrus/",
    "/feeds/tags/walrus/atom/",
    "/feeds/series/our-planet/",
    "/feeds/series/our-planet/atom/",
    "/sitemap-articles.xml",  # /sitemap.xml is the index of the sitemaps
]

# The pages a tag, a series and an episode have of their own, with their feeds: they exist
# only while a published article uses them. Format with tag=, series= and episode= slugs.
SUBJECT_SURFACES = [
    "/tags/{tag}/",
    "/feeds/tags/{tag}/",
    "/feeds/tags/{tag}/atom/",
    "/series/{series}/",
    "/series/{series}/{episode}/",
    "/feeds/series/{series}/",
    "/feeds/series/{series}/atom/",
]


def subject_surfaces(*, tag, series, episode):
    return [url.format(tag=tag, series=series, episode=episode) for url in SUBJECT_SURFACES]
