"""The Markdown parser with this project's additions: spoiler and discretion blocks,
||inline spoilers||, library pictures (``image:42``) and links limited to safe schemes.

Rendering (``rendering.render_body``) drives it; this module only knows the syntax.
"""

import re
import unicodedata
from html import escape, unescape
from urllib.parse import unquote

from markdown_it import MarkdownIt

from . import markup_syntax
from .pictures import figure_html, picture_html

ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# What Markdown may link to; ``image:`` is the library's own reference, never output.
LINK_SCHEMES = ALLOWED_URL_SCHEMES | {"image"}


def block_argument(info):
    parts = info.strip().split(None, 1)
    return parts[1].strip() if len(parts) > 1 else ""


_CODE_FENCE_RE = re.compile(r"(`{3,}|~{3,})")


def _line(state, line):
    """The text of ``line`` after its indentation, or None when it is indented code."""
    if state.is_code_block(line):
        return None
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _container(state, start_line, end_line, silent):
    """``::: spoiler …`` and ``::: discretion …`` blocks, closed by a bare ``:::``.

    Blocks nest: each bare ``:::`` closes the innermost open block, so text after an inner
    block stays inside the outer one instead of spilling out of it. A ``:::`` inside a
    fenced code block closes nothing. Lines that only look like ours are left to be
    refused on save (``markup_syntax``).
    """
    first = _line(state, start_line)
    opened = markup_syntax.opening(first or "")
    if opened is None:
        return False
    name, argument = opened
    if silent:
        return True

    depth, code_fence, closed = 1, None, False
    line = start_line
    while not closed:
        line += 1
        if line >= end_line:
            break  # an unclosed block runs to the end of its parent
        start = state.bMarks[line] + state.tShift[line]
        if start < state.eMarks[line] and state.sCount[line] < state.blkIndent:
            break
        text = _line(state, line)
        if text is None:
            continue
        if code_fence:
            marker = text.rstrip()
            if marker.startswith(code_fence) and set(marker) == {code_fence[0]}:
                code_fence = None  # the code block's closing fence
            continue
        if match := _CODE_FENCE_RE.match(text):
            code_fence = match.group(1)
            continue
        if markup_syntax.opening(text):
            depth += 1
        elif markup_syntax.is_closing(text):
            depth -= 1
            closed = depth == 0

    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "container"
    state.lineMax = line  # lazy continuation lines must not run past the closing marker
    token = state.push(f"container_{name}_open", "div", 1)
    token.markup, token.block, token.info, token.map = ":::", True, f"{name} {argument}", [start_line, line]
    state.md.block.tokenize(state, start_line + 1, line)
    token = state.push(f"container_{name}_close", "div", -1)
    token.markup, token.block = ":::", True
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = line + 1 if closed else line
    return True


def _table_without_spoilers(table_rule):
    """The table rule, declining a table whose rows hold ``||`` (see markup_syntax)."""

    def rule(state, start_line, end_line, silent):
        if not table_rule(state, start_line, end_line, True):
            return False
        if markup_syntax.table_holding_spoilers(state, start_line, end_line):
            state.env.setdefault("tables_with_spoilers", set()).add(start_line + 1)
            return False
        return table_rule(state, start_line, end_line, silent)

    return rule


def _validate_link(url):
    """Refuse a link whose scheme, read the way a browser would, is not an allowed one.

    Entities, percent-escapes, whitespace and invisible characters are taken out first,
    so ``jav&#x09;ascript:`` and ``java%09script:`` are seen for what they are.
    """
    decoded = unquote(unescape(url))
    decoded = "".join(c for c in decoded if unicodedata.category(c)[0] not in "CZ")
    scheme, colon, _ = decoded.partition(":")
    if not colon or re.search(r"[/?#]", scheme):
        return True  # relative: no scheme before the first path, query or fragment
    return scheme.lower() in LINK_SCHEMES


def _inline_spoiler(state, silent):
    """``||text||``: an inline spoiler, with Markdown allowed inside."""
    start = state.pos
    if state.src.startswith("||", start) is False:
        return False
    end = markup_syntax.next_delimiter(state.src, start + 2, state.posMax)
    if end == -1 or end == start + 2:
        state.env.setdefault("unpaired_bars", set()).add((state.src, start))
        return False
    if not silent:
        state.push("spoiler_inline_open", "span", 1)
        old_max = state.posMax
        state.pos, state.posMax = start + 2, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("spoiler_inline_close", "span", -1)
    state.pos = end + 2
    return True


def _render_spoiler_block(renderer, tokens, idx, options, env):
    token = tokens[idx]
    if token.nesting == -1:
        return "</div></details>\n"
    scope = env["scopes"].get(block_argument(token.info))
    if scope is None:
        return '<details class="spoiler"><summary>Spoiler</summary><div class="reveal-content">\n'
    data = f' data-series="{escape(scope.series_slug)}"'
    if scope.number is not None:
        data += f' data-season="{scope.season}" data-episode="{scope.number}"'
    return (
        f'<details class="spoiler"{data}><summary><span class="reveal-kind">Spoiler</span> '
        f"for {escape(scope.description)}. <span class=\"reveal-action\">Show</span></summary>"
        '<div class="reveal-content">\n'
    )


def _render_discretion_block(renderer, tokens, idx, options, env):
    token = tokens[idx]
    if token.nesting == -1:
        env["discretion_depth"] -= 1
        env["discretion_sections"].pop()
        return "</div></details>\n"
    env["discretion_depth"] += 1
    category = env["categories"].get(block_argument(token.info))
    label = category.label if category else "Graphic content"
    severity = category.severity if category else "severe"
    slug = category.slug if category else ""
    env["discretion_sections"].append((label, slug))
    return (
        f'<details class="discretion" data-category="{escape(slug)}" data-severity="{escape(severity)}">'
        f'<summary><span class="reveal-kind">Viewer discretion</span>: {escape(label)}. '
        '<span class="reveal-action">Show this section</span></summary>'
        '<div class="reveal-content">\n'
    )


INLINE_SPOILER_OPEN = (
    # The checkbox is named by its label's visible text: "Show spoiler", then, once
    # revealed, the spoiler itself (the name always matches what is seen).
    '<label class="spoiler-inline"><input type="checkbox">'
    '<span class="spoiler-cover">Show spoiler</span><span class="spoiler-text">'
)
INLINE_SPOILER_CLOSE = "</span></label>"


def _render_inline_spoiler(renderer, tokens, idx, options, env):
    return INLINE_SPOILER_CLOSE if tokens[idx].nesting == -1 else INLINE_SPOILER_OPEN


def library_image_id(src):
    match = re.fullmatch(r"image:(\d+)", src or "")
    return int(match.group(1)) if match else None


def _alt_text(tokens):
    """An image's alt text without its inline spoilers: alt text is read out uncovered."""
    parts, hidden = [], 0
    for token in tokens or []:
        if token.type == "spoiler_inline_open":
            hidden += 1
        elif token.type == "spoiler_inline_close":
            hidden -= 1
        elif hidden:
            continue
        elif token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children:
            parts.append(_alt_text(token.children))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _render_image(renderer, tokens, idx, options, env):
    token = tokens[idx]
    image_id = library_image_id(token.attrGet("src"))
    alt = _alt_text(token.children)
    # External pictures are not embedded: hotlinking leaks readers to third parties and
    # bypasses validation. The alt text of an external or unknown picture stays, as text.
    image = env["images"].get(image_id) if image_id is not None else None
    if image is None:
        return f"<p>{escape(alt)}</p>\n" if token.meta.get("standalone") else escape(alt)
    if token.meta.get("standalone"):
        return figure_html(image, sections=env["discretion_sections"])
    if image.graphic_labels and env["discretion_depth"] == 0:
        return f'<a class="graphic-image-link" href="{escape(image.src)}">[Graphic image: {escape(alt)}]</a>'
    return picture_html(image, alt=alt or image.alt)


def _build_parser():
    # maxNesting bounds the work per character of pathological input (thousands of "[");
    # ten levels of lists, quotes, links or emphasis are more than any article needs.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "maxNesting": 10})
    md.enable("table").enable("strikethrough")
    table = md.block.ruler.__rules__[md.block.ruler.__find__("table")]
    md.block.ruler.at("table", _table_without_spoilers(table.fn), {"alt": table.alt})
    md.inline.add_terminator_char("|")
    md.validateLink = _validate_link
    md.inline.ruler.before("text", "spoiler_inline", _inline_spoiler)
    md.block.ruler.before(
        "fence", "container", _container, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.add_render_rule("container_spoiler_open", _render_spoiler_block)
    md.add_render_rule("container_spoiler_close", _render_spoiler_block)
    md.add_render_rule("container_discretion_open", _render_discretion_block)
    md.add_render_rule("container_discretion_close", _render_discretion_block)
    md.add_render_rule("spoiler_inline_open", _render_inline_spoiler)
    md.add_render_rule("spoiler_inline_close", _render_inline_spoiler)
    md.add_render_rule("image", _render_image)
    return md


MARKDOWN = _build_parser()
