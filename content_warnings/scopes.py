"""How the reach of a spoiler is written: the same words on every surface.

The notice before an article, the chips on its card, the summary of a spoiler block in its
body, feeds and the editors' suggestions all describe a scope with ``spoiler_scope_text``.
They take plain titles and numbers, so the body renderer (which sees no models) and the
flags (which point to whatever ``WARNINGS_EPISODE_MODEL`` is, read through its ``title``,
``season`` and ``number``) say the same thing.
"""


def episode_code(season, number):
    """An episode's short code: season 1, episode 2 is S01E02."""
    return f"S{season:02d}E{number:02d}"


def spoiler_scope_text(series_title, season=None, number=None, episode_title=""):
    """What a spoiler covers: "Our Planet up to S01E02 “Frozen Worlds”", or, with no
    episode, "the whole of Our Planet"."""
    if number is None:
        return f"the whole of {series_title}"
    return f"{series_title} up to {episode_code(season, number)} “{episode_title}”"


def flag_scope_text(flag):
    """``spoiler_scope_text`` for a spoiler flag (its series and episode already fetched)."""
    series, episode = flag.spoils_series, flag.spoils_episode
    if series is None:
        return "the programme it covers"
    if episode is None:
        return spoiler_scope_text(series.title)
    return spoiler_scope_text(series.title, episode.season, episode.number, episode.title)
