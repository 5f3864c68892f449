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
