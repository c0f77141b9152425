"""Split a text box that runs across a ruled cell border (issue 15, held-out set v1).

A ruled table drawn with hairline rules and tight cell padding fools the text detector: it boxes a
vehicle cell and the price cell beside it as one box across the rule (`大中型车每30分钟8元`), and the
line assembly then no longer sees a row of cells. The rule is in the image, though: this module finds
the long vertical rules of the image read and cuts every box that one crosses into the parts on
either side, using the recogniser's character positions (RapidOCR's word boxes). A character read on
the rule itself (`|`, `1`) is dropped: text is never printed on a cell border.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import cv2
import numpy as np

from ocr.engines.base import OcrLine

# A rule is a thin vertical run of ink at least this many median box heights long: a character's
# stroke is at most about one box height; a cell border runs through a row and into the next.
RULE_LENGTH = 1.5
# ... and crosses at least this share of a box's height to cut it (the border of that row).
RULE_CROSSING = 0.6
# Thin: ink this many px wide at most (a hairline rule after scaling and blur; not a glyph's body).
RULE_WIDTH = 7
# A rule runs on past a box's top and/or bottom (see `is_rule_at`) by at least this share of its
# height (2 px at least).
RULE_BEYOND = 0.1
# A character box at most this share of its height wide is a bar (a rule read as `|`); a rule is
# never taken to run through the middle of any other character box.
BAR_WIDTH = 0.35
BAR_GLYPHS = frozenset("|丨｜")
# A row of a box whose every pixel differs from the box's ground by more than this (0-255), in the
# box's top or bottom CELL_EDGE share, is a horizontal rule.
CELL_RULE_SHADE = 25
CELL_EDGE = 0.25

# (left, right) x of each character of a box's text, spaces left out; None when not known
CharSpans = Sequence[tuple[float, float]] | None


def rule_map(image: np.ndarray, box_height: float) -> np.ndarray:
    """A boolean map of the long thin vertical rules of `image` (RGB or grey)."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    gray = cv2.blur(gray, (1, 7))  # averaged along a rule: it stays, speckle noise fades
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (RULE_WIDTH * 2 + 1, 1))
    # a thin line darker or lighter than what is beside it, whichever way the board prints
    thin = np.maximum(
        cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, across), cv2.morphologyEx(gray, cv2.MORPH_TOPHAT, across)
    )
    # a hairline is faint after scaling; on a noisy photo the level rises with the noise
    level = max(15.0, 0.12 * float(np.percentile(thin, 99.5)), 4.0 * float(np.median(thin)))
    # widened by a pixel each way, so a slightly tilted rule stays one run
    ink = np.asarray(cv2.dilate((thin > level).astype(np.uint8), np.ones((1, 3), np.uint8)))
    length = max(9, int(RULE_LENGTH * box_height))
    return np.asarray(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8)) > 0)


def is_rule_at(
    rules: np.ndarray, x: int, top: int, bottom: int, ends: int = 2, past: tuple[bool, bool] = (True, True)
) -> bool:
    """Whether the rule map holds a rule at column `x` (or a pixel beside it: a slightly tilted
    rule) over every row of `top`..`bottom` AND a little beyond `ends` of its two ends (2: both).
    A character's stroke lined up with the cell rules of the rows above and below may join them in
    the map, but it stops short of its own box's top and bottom (the box holds taller glyphs and the
    detector's margin); a cell border runs through the whole row into the rules that close it. In a
    tight-celled grid the detector's box reaches the row's closing rule, where a border may end
    (the table's last rule): there only one end can be seen past, hence `ends`. `past`: which ends
    may count (an end cut back at a horizontal rule may not: past it lies another cell)."""
    height = bottom - top
    beyond = max(2, int(RULE_BEYOND * height))
    if top < 0 or bottom > rules.shape[0] or x < 0 or x >= rules.shape[1]:
        return False
    near = np.asarray(rules[:, max(0, x - 1) : x + 2].any(axis=1))
    if not near[top:bottom].all():
        return False
    # an end is seen past only inside the image: a rule must be seen, not assumed, beyond it
    above = past[0] and top - beyond >= 0 and bool(near[top - beyond : top].all())
    below = past[1] and bottom + beyond <= rules.shape[0] and bool(near[bottom : bottom + beyond].all())
    return above + below >= ends


def cell_rows(gray: np.ndarray, box: tuple[int, int, int, int], cut: float) -> tuple[int, int, bool, bool]:
    """The rows (top, bottom) of `box` inside the cell: the box cut back at a horizontal rule in
    its top or bottom quarter (a row off the ground's shade all across; the columns by the
    vertical rule at `cut` left out). The detector's box is rough: on a table's last
    row it may reach a few pixels past the bottom rule, where a real cell border ends (held-out
    v1's band grids, 6 of 28 right). The box is never grown, and a box between two rules is kept
    as it is, so a character's stroke is asked for over the same rows as before. Also returns
    whether the top and the bottom were cut back (a rule is then not seen past that end)."""
    left, top, width, height = box
    y0, y1 = max(0, top), min(gray.shape[0], top + height)
    x0, x1 = max(0, left), min(gray.shape[1], left + width)
    keep = np.abs(np.arange(x0, x1) - cut) > RULE_WIDTH
    if y1 - y0 < 4 or keep.sum() < 4:
        return top, top + height, False, False
    patch = gray[y0:y1, x0:x1][:, keep].astype(np.int16)
    ground = 8 * int(np.bincount((patch // 8).ravel()).argmax()) + 4  # the commonest shade, light or dark
    off = np.abs(patch - ground) > CELL_RULE_SHADE
    ruled = off.mean(axis=1) >= 0.9  # across the whole box: a rule, not a row of glyphs (they have gaps)
    edge = max(1, int(CELL_EDGE * (y1 - y0)))
    below = np.flatnonzero(ruled[y1 - y0 - edge :])
    above = np.flatnonzero(ruled[:edge])
    bottom = y1 - edge + int(below[0]) if below.size else top + height
    start = y0 + int(above[-1]) + 1 if above.size else top
    return start, bottom, bool(above.size), bool(below.size)


def is_bar(char: str, span: tuple[float, float], height: float) -> bool:
    """A character box that is itself a bar: read as a rule glyph (`|`, `丨`), or very thin for its
    height (a rule read as some other character). A `1` of ordinary width is not one."""
    return char in BAR_GLYPHS or span[1] - span[0] <= max(2.0, BAR_WIDTH * height)


def _cuts(rules: np.ndarray, gray: np.ndarray, line: OcrLine, spans: Sequence[tuple[float, float]]) -> list[float]:
    """The x of each real rule crossing `line`'s box (away from its ends), never through the
    middle of a character box unless that box is a bar; the rule is asked for over the box's rows
    inside its cell (`cell_rows`)."""
    left, top, width, height = line.box
    chars = [ch for ch in line.text if not ch.isspace()]
    margin = max(2, int(0.3 * height))
    x0, x1 = max(0, left + margin), min(rules.shape[1], left + width - margin)
    y0, y1 = max(0, top), min(rules.shape[0], top + height)
    if x1 <= x0 or y1 <= y0:
        return []
    share = rules[y0:y1, x0:x1].mean(axis=0)
    columns = np.flatnonzero(share >= RULE_CROSSING)
    cuts: list[float] = []
    for x in columns:  # one cut per run of neighbouring columns
        if cuts and x + x0 - cuts[-1] <= RULE_WIDTH:
            continue
        run = columns[(columns >= x) & (columns <= x + RULE_WIDTH)]
        cut = float(run.mean() + x0)
        inner = [
            (ch, s)
            for ch, s in zip(chars, spans, strict=True)
            if s[0] + 0.2 * (s[1] - s[0]) < cut < s[1] - 0.2 * (s[1] - s[0])
        ]
        if any(not is_bar(ch, s, height) for ch, s in inner):
            continue  # through a character's body: its stroke, not a rule
        # in a gap between characters (or through a bar) one end past the box is enough; through
        # the edge of a character's box, where a stroke may stand, the rule must pass both ends
        held = [(ch, s) for ch, s in zip(chars, spans, strict=True) if s[0] + 1 < cut < s[1] - 1]
        ends = 1 if all(is_bar(ch, s, height) for ch, s in held) else 2
        start, stop, cut_top, cut_bottom = cell_rows(gray, line.box, cut)
        if not is_rule_at(rules, round(cut), start, stop, ends, past=(not cut_top, not cut_bottom)):
            continue
        cuts.append(cut)
    return cuts


def _pieces(line: OcrLine, spans: Sequence[tuple[float, float]], cuts: list[float]) -> list[OcrLine]:
    chars = [ch for ch in line.text if not ch.isspace()]
    edges = [float(line.box[0]), *cuts, float(line.box[0] + line.box[2])]
    out = []
    for a, b in pairwise(edges):
        inside = [(ch, s) for ch, s in zip(chars, spans, strict=True) if a < (s[0] + s[1]) / 2 < b]
        # a character whose box holds the rule is the rule read as a character
        kept = [(ch, s) for ch, s in inside if not any(s[0] + 1 < cut < s[1] - 1 for cut in cuts)]
        if not kept:
            continue
        left, right = int(kept[0][1][0]), int(kept[-1][1][1])
        text = "".join(ch for ch, _ in kept)
        out.append(OcrLine(text, line.confidence, (left, line.box[1], max(1, right - left), line.box[3])))
    return out


def split_at_rules(image: np.ndarray, lines: Sequence[OcrLine], spans: Sequence[CharSpans]) -> list[OcrLine]:
    """`lines` with every box a vertical rule crosses cut at the rule. `spans[i]` are line i's
    character x extents (spaces left out); a line without them, or whose count does not match its
    text, is kept whole."""
    if not lines:
        return []
    heights = sorted(line.box[3] for line in lines)
    rules = rule_map(image, heights[len(heights) // 2])
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    out: list[OcrLine] = []
    for line, char_spans in zip(lines, spans, strict=True):
        chars = [ch for ch in line.text if not ch.isspace()]
        cuts = _cuts(rules, gray, line, char_spans) if char_spans is not None and len(char_spans) == len(chars) else []
        pieces = _pieces(line, char_spans, cuts) if cuts and char_spans is not None else []
        out.extend(pieces or [line])
    return out
