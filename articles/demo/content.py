"""The demo's series, pictures and articles, written for ourplanet (not copied from anywhere).

Bodies use the site's Markdown (see ``articles.rendering``). Pictures are written
``![alt](image:KEY)`` with a key from ``IMAGES``; the loader swaps in the database id.
Articles are listed oldest first.
"""

import datetime
from dataclasses import dataclass, field

from . import pictures

# The sequence on the Russian coast in "Frozen Worlds".
WALRUS_SLUG = "frozen-worlds-walrus-cliffs"


@dataclass(frozen=True)
class Flag:
    """A content warning to attach: a discretion category with a severity, or a spoiler.

    A spoiler flag names the episode it spoils up to; ``episode=None`` spoils the whole series.
    """

    category: str
    severity: str = ""
    note: str = ""
    episode: str | None = None


@dataclass(frozen=True)
class DemoImage:
    key: str
    draw: object
    alt_text: str
    caption: str
    flags: tuple = ()


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    standfirst: str
    body: str
    tags: tuple
    episodes: tuple
    hero: str | None = None
    age: datetime.timedelta | None = None
    draft: bool = False
    safe_title: str = ""
    safe_description: str = ""
    flags: tuple = field(default_factory=tuple)


SERIES = {
    "slug": "our-planet",
    "title": "Our Planet",
    "platform": "Netflix",
    "first_year": 2019,
    "presenter": "David Attenborough",
    "description": (
        "An eight-part natural history series made for Netflix with WWF and narrated by David "
        "Attenborough. Each film is given to one of the planet's great habitats, from the polar "
        "seas to tropical forest, and sets wildlife filmed over several years on every continent "
        "beside a plain account of what is putting those places at risk and what would help "
        "them recover."
    ),
    "poster": "planet",
}

RELEASE_DATE = datetime.date(2019, 4, 5)

# Season 1, in order: slug, title, spoiler-free logline.
EPISODES = [
    (
        "one-planet",
        "One Planet",
        "The overture: how the great habitats depend on one another, from the ice caps to the "
        "tropics, and how much has changed within a single human lifetime.",
    ),
    (
        "frozen-worlds",
        "Frozen Worlds",
        "The Arctic and the Antarctic, where life follows the yearly spread and melt of the sea "
        "ice, and where a warming climate is felt first.",
    ),
    (
        "jungles",
        "Jungles",
        "Inside the tropical rainforests, the richest places on land, where the struggle for "
        "light, food and a mate has produced some of the strangest behaviour in nature.",
    ),
    (
        "coastal-seas",
        "Coastal Seas",
        "The shallow seas along the world's shores, from seagrass meadows and kelp forests to "
        "coral reefs, and the predators that keep them in balance.",
    ),
    (
        "from-deserts-to-grasslands",
        "From Deserts to Grasslands",
        "The driest places on Earth and the great open plains beyond them, where animals live "
        "by the timing of the rain.",
    ),
    (
        "high-seas",
        "High Seas",
        "The open ocean far from any coast: a blue expanse that looks empty, and the rare "
        "gatherings of plenty that feed its giants.",
    ),
    (
        "fresh-water",
        "Fresh Water",
        "Rivers, lakes and wetlands: a tiny share of the planet's water that supports an "
        "outsized share of its life.",
    ),
    (
        "forests",
        "Forests",
        "From the snowbound north to temperate woodland, the forests that shelter wildlife and "
        "steady the climate, and how well they recover when given the chance.",
    ),
]

IMAGES = [
    DemoImage(
        "sea-ice",
        pictures.sea_ice,
        "Broken plates of white sea ice drifting on dark blue water under a low, peach-coloured sky",
        "Summer sea ice breaking up. Walruses rest on floes like these between feeding dives.",
    ),
    DemoImage(
        "walrus-crowd",
        pictures.walrus_crowd,
        "Walrus silhouettes packed shoulder to shoulder on a grey shingle beach, "
        "the sea a dark strip behind them",
        "With no ice within reach, walruses crowd onto the few beaches near their feeding grounds.",
    ),
    DemoImage(
        "walrus-cliff",
        pictures.walrus_cliff,
        "A grey cliff above a stony beach, with walruses resting along its top edge "
        "and the still shapes of fallen walruses lying at its foot",
        "The foot of the cliff after the falls, as the episode shows it.",
        flags=(
            Flag("animal-death", "severe", "An illustration of dead walruses lying at the foot of a cliff."),
        ),
    ),
    DemoImage(
        "reef-night",
        pictures.reef_at_night,
        "Dark blue water lit by a wide cone of pale light, with the grey outlines of sharks "
        "circling above a rounded coral reef",
        "Night on a protected reef in French Polynesia, lit the way the film crew lit it.",
    ),
    DemoImage(
        "forest-mist",
        pictures.forest_mist,
        "Rows of conifers in layers, dark in front and fading to pale grey in the morning mist behind",
        "Boreal forest in winter, where the last episode begins.",
    ),
    DemoImage(
        "jungle-canopy",
        pictures.jungle_canopy,
        "Rainforest canopy seen from above: rounded tree crowns in many shades of green, "
        "with wisps of mist drifting between them",
        "Tropical forest canopy, where most of a rainforest's animals live.",
    ),
    DemoImage(
        "planet",
        pictures.planet,
        "A blue and green planet, half in shadow, against a black sky scattered with stars",
        "One planet, eight habitats.",
    ),
]


GUIDE_BODY = (
    """*Our Planet* arrived on Netflix on 5 April 2019, all eight episodes at once, narrated by
David Attenborough and made in partnership with WWF. Each film takes one of the planet's great
habitats and asks two questions of it: what lives here, and what is happening to it. The
episodes stand alone and you can watch them in any order, but the first is an overture that
sets up the rest, so start there if you can.

## The episodes

"""
    + "\n".join(
        f"{number}. **{title}.** {logline}"
        for number, (_slug, title, logline) in enumerate(EPISODES, start=1)
    )
    + """

## Before you watch

Most of the series suits a family audience, with predators hunting now and then in the usual
way of wildlife films. One sequence in *Frozen Worlds* is much harder to watch than anything
else in it. If you want to know what it involves before you decide,
[our note on that episode](/articles/frozen-worlds-walrus-cliffs/) describes it behind a
viewer-discretion warning and keeps the details behind a spoiler.

Each episode runs a little under an hour. A separate behind-the-scenes film follows the crews
at work; it is best saved for after the series.
"""
)


ARTICLES = [
    DemoArticle(
        slug="our-planet-spoiler-free-guide",
        title="Our Planet, episode by episode: a spoiler-free guide",
        standfirst=(
            "Eight films, eight habitats, one narrator. What each episode of Our Planet covers "
            "and where to start, without giving anything away."
        ),
        body=GUIDE_BODY,
        tags=("guides", "series overview"),
        episodes=tuple(slug for slug, _title, _logline in EPISODES),
        hero="jungle-canopy",
        age=datetime.timedelta(days=12, hours=3),
    ),
    DemoArticle(
        slug="coastal-seas-reef-sharks-at-night",
        title="Coastal Seas after dark: the reef-shark hunt, and how it was lit",
        standfirst=(
            "The fourth episode of Our Planet takes its cameras onto a coral reef at night, "
            "where grey reef sharks still hunt in numbers most reefs lost long ago."
        ),
        body="""Coastal seas are a small part of the ocean, yet they hold most of its life:
sunlight reaches the sea floor there, and seagrass, kelp and coral grow wherever it does.
*Coastal Seas* moves through those habitats one by one, with dolphins hunting in the seagrass
off Florida and sea otters asleep in the kelp off California, and spends one of its most
memorable stretches on a coral reef in French Polynesia, at night.

![Dark blue water lit by a cone of light, with sharks circling above a reef](image:reef-night)

## Why this reef

Sharks are fully protected in these waters, and it shows. Across much of the world, fishing
has cut reef sharks to a fraction of their former numbers; here they still gather in the
hundreds in the channels where the tide pours through the reef. The episode's argument is that
a reef with its predators intact is a healthier reef, and this sequence is its evidence.

## Filming in the dark

Night filming under water is mostly a problem of light. The crew mounted powerful lamps on
diver propulsion vehicles, underwater scooters, so that they could hold their position in a
strong current and light a wide stretch of reef at once rather than a single pool in front of
the lens. The result looks less like a torch beam than a stage, which is why the sheer number
of animals comes across.

## The hunt

::: discretion predation
Once the lights are on, the sharks work the reef in loose packs, nosing into crevices and
bursting after any fish that breaks cover. Catches are quick and frequent, often with several
sharks converging on the same fish. It is fast, noisy and chaotic rather than gory, but it goes
on for some minutes.
:::

If hunts are not for you, this is the stretch of the episode to skip: nothing else in
*Coastal Seas* is as intense.
""",
        tags=("sharks", "coral reefs", "filmmaking", "oceans"),
        episodes=("coastal-seas",),
        hero="reef-night",
        age=datetime.timedelta(days=9, hours=5),
        flags=(
            Flag("predation", "moderate", "Sharks chase and catch reef fish through a long night-time hunt."),
        ),
    ),
    DemoArticle(
        slug=WALRUS_SLUG,
        title="Walruses on the clifftop: the hardest minutes of Frozen Worlds",
        safe_title="Frozen Worlds: what to know before the Arctic coast sequence",
        safe_description=(
            "Why the second episode of Our Planet carries a viewer-discretion warning, and how "
            "to watch the rest of it if you would rather skip one scene."
        ),
        standfirst=(
            "One sequence in the second episode of Our Planet is the one viewers warn each other "
            "about. What it shows, why it was filmed, and how to skip it if you need to."
        ),
        body="""*Frozen Worlds* travels between the two ends of the planet, and for most of its
length it is as beautiful as anything in the series: penguins and whales in the Antarctic
spring, albatross chicks waiting on South Georgia, polar bears on thinning ice. One sequence,
filmed on the Arctic coast of north-east Russia, is different. If you are watching with
children, or if animal suffering stays with you, it is worth knowing about it first.

## Why the walruses are on land at all

Pacific walruses feed on clams and other shellfish on the shallow sea floor between Alaska and
Chukotka. Between dives they need somewhere to rest, and for as long as people have watched
them, that place has been floating sea ice close to the feeding grounds.

As the summer ice retreats further and earlier, those resting places vanish for weeks at a
time. The animals have to swim to the coast instead and haul out on land, and the few suitable
beaches within reach draw them in enormous numbers. The crew worked at a site where they were
counted in the tens of thousands, packed so tightly that the animals at the edges are pushed
wherever there is room.

![Walrus silhouettes packed shoulder to shoulder on a grey shingle beach](image:walrus-crowd)

None of that is a spoiler. It is the science the episode sets out to show, and the reason the
sequence carries our warning.

## What the warning covers

::: discretion animal-death
Walruses that have climbed to the top of a high cliff above the beach lose their footing and
fall onto the rocks below. Several falls are shown in full, at a distance and at length, and
the film then shows injured and dead animals at the foot of the cliff. The sequence lasts
several minutes and the camera does not look away.
:::

If you would rather not watch, start skipping when the episode reaches the crowded walrus
beach, and ||stop once the film moves on from the foot of the cliff; a few minutes is all you
will miss||.

## After you have watched

::: spoiler our-planet/frozen-worlds
The sequence builds slowly. First there is the beach, so crowded that the animals lie on top
of one another. Then the film follows the overflow up a slope to the clifftop, somewhere
walruses would not normally go. The trouble comes when they try to return to the water: their
eyesight out of the water is poor, and the narration suggests they can sense the sea and the
herd below without grasping the drop in between.

![A grey cliff above a stony beach, with fallen walruses lying at its foot](image:walrus-cliff)

After the series came out, some critics argued that polar bears or the film crew must have
driven the animals over the edge. The producers answered that the team filmed from a distance,
with people watching the clifftop, and that no bears were involved in the falls they recorded.
The companion film *Our Planet: Behind the Scenes* shows how the crew lived and worked beside
the colony for weeks.

Whatever you make of that argument, the episode's point stands on its own: the walruses are
on that cliff because the ice they used to rest on has gone.
:::
""",
        tags=("walruses", "arctic", "sea ice", "climate change"),
        episodes=("frozen-worlds",),
        hero="sea-ice",
        age=datetime.timedelta(days=6, hours=2),
        flags=(
            Flag(
                "animal-death",
                "severe",
                "Walruses fall from a high cliff onto rocks; injured and dead animals are shown.",
            ),
            Flag("spoilers", episode="frozen-worlds"),
        ),
    ),
    DemoArticle(
        slug="forests-and-recovery",
        title="Forests and the long game of recovery",
        standfirst=(
            "The last episode of Our Planet is built around one idea: that forests, given room "
            "and time, come back. Its most surprising evidence is best met unspoiled."
        ),
        body="""*Forests* opens in the hush of a Russian winter, at the southern edge of the
boreal forest that runs right across the far north, and within minutes it has found one of the
rarest animals in the series: a Siberian tiger, filmed closer than most of us will ever see
one. It is a fitting start, because the tiger is itself a story of partial recovery. Poaching
brought it to the edge of extinction; since the 1980s its numbers have crept back up, though
each animal still needs an enormous range to find enough to eat through the winter.

That is the thread running through the whole episode. Forests have been felled and burned
wholesale, and the narration does not hide it, but the film keeps returning to places where
trees and animals have come back once people stepped aside.

## The surprise

Without giving anything away: the strongest example comes from ||a place most of us know only
as a byword for disaster||, and it is worth watching without knowing more. If you have seen the
episode, read on.

::: spoiler our-planet/forests
The place is the exclusion zone around Chernobyl, in Ukraine. Decades after the people left,
the film finds a forest taking back an abandoned town, and animals moving through it as if it
had always been theirs. Wolves travel the empty roads. Przewalski's horses, which had died out
in the wild and were brought to the zone in the 1990s, graze between the buildings.

The sequence does not pretend the zone is healthy, or safe for people; its point is narrower
and more hopeful. Left alone for a few decades, even after the worst we can do, a forest and
its animals return. The question the episode leaves you with is how much room we are prepared
to give them.
:::
""",
        tags=("forests", "rewilding", "tigers"),
        episodes=("forests",),
        hero="forest-mist",
        age=datetime.timedelta(days=3, hours=4),
        flags=(Flag("spoilers", episode="forests"),),
    ),
    DemoArticle(
        slug="how-our-planet-makes-its-case",
        title="Eight habitats, one argument: how Our Planet makes its case",
        standfirst=(
            "Every episode of Our Planet opens with the same few lines about the view from the "
            "Moon. By the end of the eighth, it is clear why. An essay for those who have watched "
            "the whole series."
        ),
        body="""Every episode of *Our Planet* begins with the same short preamble: fifty years
ago people travelled to the Moon and, for the first time, looked back at the Earth; since then
our numbers have more than doubled. It is an unusual way to open a wildlife film. It announces
that this series is not only going to show you animals; it is going to make an argument.

Natural history television used to keep that argument for the last few minutes, when it made
it at all. *Our Planet* threads it through its sequences, and the shape is much the same from
film to film: a spectacle, then the pressure on it, then a place where things have gone right.

This piece discusses the whole series, including its final episode.

::: spoiler our-planet
The low point comes early, in *Frozen Worlds*, with walruses forced ashore by the loss of sea
ice, and the series never tries to top it for shock. Instead the later episodes lean more and
more on recovery. *Coastal Seas* shows what a reef looks like when its sharks are protected.
*Forests* keeps its most hopeful material for Ukraine, where wolves and wild horses now move
through a forest that has grown back inside the Chernobyl exclusion zone.

The pattern is deliberate. A habitat is shown as it is, then what it is losing, then evidence
that protection works where it is tried: fishing limits, reserves, land simply left alone. It
makes the series feel less like an elegy than a brief addressed to the viewer, and
Attenborough's narration comes back to it again and again.

Whether it persuades is another matter, but few wildlife series have been this clear about
what they want you to do once the credits roll.
:::
""",
        tags=("analysis", "conservation", "climate change"),
        episodes=tuple(slug for slug, _title, _logline in EPISODES),
        hero="planet",
        age=datetime.timedelta(days=1, hours=6),
        flags=(Flag("spoilers", episode=None),),
    ),
    DemoArticle(
        slug="fresh-water-notes",
        title="Fresh Water: notes towards a review",
        standfirst="Work in progress: not for publication yet.",
        body="""Notes for a piece on the seventh episode.

- How small a share of the planet's water is fresh, and how much life depends on it.
- How the film follows wetlands through the seasons.
- Check the running order against the episode before writing anything up.
""",
        tags=("fresh water",),
        episodes=("fresh-water",),
        draft=True,
    ),
]


@dataclass(frozen=True)
class DemoReport:
    """A reader's report waiting in the moderators' queue: about an article (by slug) or a
    picture (by key), asking for a category (and, for a spoiler, an episode)."""

    about: str
    key: str
    category: str
    message: str
    episode: str | None = None
    email: str = ""


REPORTS = [
    DemoReport(
        "article",
        "forests-and-recovery",
        "spoilers",
        "The standfirst says the best evidence is better met unspoiled, and then the article "
        "goes on to describe it. Could it be marked as a spoiler for the last episode?",
        episode="forests",
        email="hazel.reader@example.org",
    ),
    DemoReport(
        "article",
        WALRUS_SLUG,
        "animal-distress",
        "The warning covers the falls, but the part about the overcrowded beach, with animals "
        "lying on top of one another, upset me before I got that far.",
    ),
    DemoReport(
        "picture",
        "walrus-crowd",
        "animal-distress",
        "This picture of the packed beach shows walruses crushed together. I would have liked "
        "it blurred like the one of the cliff.",
        email="sam.reader@example.org",
    ),
    DemoReport(
        "article",
        "coastal-seas-reef-sharks-at-night",
        "blood-gore",
        "The hunt section describes the catch in more detail than the predation warning "
        "suggests.",
    ),
]
