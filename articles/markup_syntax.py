"""The grammar of our additions to Markdown, and the typos it refuses on save.

A line that looks like one of our blocks but is not one (``::: Spoiler``, ``:::spoiler``,
``:::: spoiler``, an unknown name) or a ``||`` that closes nothing would otherwise be
printed as ordinary text, on the page, the cards and the feeds: a typo must never publish
a spoiler. ``rendering`` parses with these rules; ``syntax_problems`` names each such line.
"""

import re

_OPENING_RE = re.compile(r":::[ \t]+(spoiler|discretion)(?:[ \t]+(.*))?")
_CLOSING_RE = re.compile(r":::[ \t]*")
BLOCK_LIKE_RE = re.compile(r"[ \t]*:{3}")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)

HOW_TO_WRITE_BLOCKS = (
    "Blocks are written in lower case after three colons and a space, "
    "“::: spoiler series-slug/episode-slug” or “::: discretion category-slug”, "
    "and closed by a line of three colons, “:::”."
)


def opening(line):
    """``(name, argument)`` when ``line`` opens one of our blocks, else None."""
    match = _OPENING_RE.fullmatch(line.rstrip())
    if match is None:
        return None
    return match.group(1), (match.group(2) or "").strip()


def is_closing(line):
    return _CLOSING_RE.fullmatch(line.rstrip()) is not None


def next_delimiter(src, start, end):
    """Where the next ``||`` (opening or closing an inline spoiler) from ``start`` is, or -1.

    Code spans are skipped whole, so ``||a `b||c` d||`` hides all of ``a `b||c` d``; a
    backslash escapes the character after it.
    """
    position = start
    while position < end:
        character = src[position]
        if character == "\\":
            position += 2
        elif character == "`":
            run = len(src[position:end]) - len(src[position:end].lstrip("`"))
            close = _matching_backticks(src, position + run, end, run)
            position = close if close != -1 else position + run
        elif src.startswith("||", position) and position + 2 <= end:
            return position
        else:
            position += 1
    return -1


def _matching_backticks(src, start, end, run):
    """The end of the backtick run of exactly ``run`` that closes a code span, or -1."""
    marker = "`" * run
    position = src.find(marker, start, end)
    while position != -1:
        after = position + run
        if (after >= end or src[after] != "`") and src[position - 1] != "`":
            return after
        while after < end and src[after] == "`":
            after += 1
        position = src.find(marker, after, end)
    return -1


def _outside_code(line):
    return _CODE_SPAN_RE.sub("", line)


def syntax_problems(tokens, env):
    """Each line the parser printed as text but an editor meant as our markup.

    ``env`` is the parser's: the inline rule notes there each ``||`` it could not pair.
    """
    problems = []
    unpaired = env.get("unpaired_bars", set())
    for token in tokens:
        if token.type != "inline" or token.map is None:
            continue
        lines = token.content.split("\n")
        first = token.map[0] + 1
        for offset, line in enumerate(lines):
            if BLOCK_LIKE_RE.match(line):
                problems.append(_block_problem(first + offset, line.strip()))
        positions = sorted(position for src, position in unpaired if src == token.content)
        if positions:
            offset = token.content.count("\n", 0, positions[0])
            problems.append(
                f"Line {first + offset}: “{_excerpt(lines[offset])}” has a “||” that opens or "
                "closes no inline spoiler. Write ||hidden text|| with both ends in the same "
                "paragraph, or \\|\\| for two bars shown as they are."
            )
    return problems


def plain_spoilers(text):
    """``[(start, end, closed)]``: where each ||inline spoiler|| of a plain text field is.

    Titles and standfirsts pair their bars by the same rule as bodies (``next_delimiter``),
    so one spelling hides the same words everywhere; an unclosed ``||`` runs to the end.
    """
    spans, position = [], 0
    while (opening := next_delimiter(text, position, len(text))) != -1:
        closing = next_delimiter(text, opening + 2, len(text))
        if closing == -1:
            spans.append((opening, len(text), False))
            break
        spans.append((opening, closing + 2, True))
        position = closing + 2
    return spans


def plain_text_problem(text):
    """Why a plain text field (a title, a standfirst) cannot be saved, or None."""
    unclosed = [start for start, _end, closed in plain_spoilers(text or "") if not closed]
    if not unclosed:
        return None
    number = text.count("\n", 0, unclosed[0]) + 1
    line = text.split("\n")[number - 1]
    where = f"Line {number}: " if "\n" in text else ""
    return (
        f"{where}“{_excerpt(line)}” has a “||” that opens or closes no inline spoiler: each "
        "inline spoiler needs one before and one after the hidden text."
    )


def table_problem(number):
    return (
        f"Line {number}: a table cannot hold an inline spoiler (“||”): its cells are split on "
        "“|”. Put the whole table in a spoiler block instead."
    )


def _block_problem(number, line):
    if is_closing(line):
        return f"Line {number}: “:::” closes no open block. Remove it, or open a block above it."
    return f"Line {number}: “{_excerpt(line)}” looks like a block but is not one. {HOW_TO_WRITE_BLOCKS}"


def _excerpt(line, limit=80):
    line = line.strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def table_holding_spoilers(state, start_line, end_line):
    """True when the table starting at ``start_line`` has a ``||`` in a row.

    A table splits its rows on ``|``, so an inline spoiler inside one would be cut into
    cells and its text shown; such lines are parsed as a paragraph instead (and refused
    on save).
    """
    line = start_line
    while line < end_line:
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        if not text.strip():
            break
        if "||" in _outside_code(text):
            return True
        line += 1
    return False
