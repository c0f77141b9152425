"""Text boxes → lines in the board's reading order, following its layout (both engines use it).

An engine returns text segments with boxes (RapidOCR: one per detected text box; tesseract: a line
cut at wide gaps and at column rules). Boards print their content in a few layouts, and the lines
must come out the way the board reader expects them (issue 15):

- **free lines** (`收费单位：…`): one line each, top to bottom;
- **two text columns** (a vertical gap no body line crosses, long lines on both sides): header →
  left column → right column → footer;
- **a vehicle | price table**: a row reads `小型车 首小时5元…`; a vehicle cell set beside a price that
  fills two printed lines, or printed on two lines itself (`大型车` / `(8座以上)`), stays with the price's
  first line;
- **a label | value table** (项目 | 内容, or every line in a ruled grid): a row reads `收费单位：…`, a
  label set beside several printed value lines goes in front of the first;
- **a vehicle × time-band grid** (车型 | 白天(08:00-20:00) | 夜间(…)): one line per price cell with its row
  and column headers, `小型车 白天(08:00-20:00) 每小时3元`;
- **a vertical title strip** (one character under the other): its text first, never joined to a row.

Two cells of one row that are none of these (two clauses side by side) become two lines: a space
would make them one clause for the tariff reader (`停车20分钟以内免费新能源汽车首小时免费`).
"""

from __future__ import annotations

import re
from itertools import pairwise

from ocr.engines.base import OcrLine


def _span(line: OcrLine) -> tuple[float, float]:
    return float(line.box[1]), float(line.box[1] + line.box[3])


def _center(line: OcrLine) -> float:
    return line.box[1] + line.box[3] / 2


def _rows_of(segments: list[OcrLine]) -> list[list[OcrLine]]:
    """Segments grouped into printed rows, top to bottom (a row's cells left to right)."""
    ordered = sorted(segments, key=lambda line: (_center(line), line.box[0]))
    rows: list[list[OcrLine]] = []
    for line in ordered:
        if rows:
            ref = rows[-1][0]
            if abs(_center(line) - _center(ref)) < 0.5 * min(line.box[3], ref.box[3]):
                rows[-1].append(line)
                continue
        rows.append([line])
    for row in rows:
        row.sort(key=lambda line: line.box[0])
    return rows


# A table's left cell: a vehicle class ("小型车", "大型车(8座以上)", "新能源汽车"), never a clause that
# mentions a car ("停车20分钟以内免费") or a field label ("免收车辆").
_TABLE_LABEL_MAX_CHARS = 14
# (a cell's closing bracket at the rule is often lost: "大型车(8座以上")
_VEHICLE_RE = re.compile(r"[^\s停免费元时分：:，,]{0,8}(?:车|摩托)(?:\s*[(（][^)）]{0,8}[)）]?)?")
# A label | value table's left cell ("收费单位", "统一社会信用代码", "免收车辆"): Chinese only, short.
_FIELD_LABEL_RE = re.compile(r"[\u4e00-\u9fff]{2,9}")
# Column headings of a table's first row: a row of them is read as it is, never as "label：value".
_HEADINGS = frozenset({"项目", "内容", "车型", "车辆类型", "类型", "收费标准", "标准", "收费项目", "收费内容", "备注"})


def is_table_label(text: str) -> bool:
    """True for text that reads as the left (vehicle) cell of a price table."""
    t = text.strip()
    return len(t) <= _TABLE_LABEL_MAX_CHARS and bool(_VEHICLE_RE.fullmatch(t))


def is_field_label(text: str) -> bool:
    """True for the left cell of a label | value row: a short Chinese label, not a vehicle class."""
    t = text.strip()
    return bool(_FIELD_LABEL_RE.fullmatch(t)) and not is_table_label(t)


def _is_label(text: str) -> bool:
    return is_table_label(text) or is_field_label(text)


def _is_label_fragment(text: str) -> bool:
    """The second printed line of a vehicle cell: "(8座以上)", "（含SUV）", "以上" and the like."""
    t = text.strip()
    if not t or "元" in t:
        return False
    if t[0] in "(（":
        return len(t) <= 10
    return is_table_label(t) and len(t) <= 6 and not any(ch.isdigit() for ch in t)


def _join_fragments(rows: list[list[OcrLine]]) -> list[list[OcrLine]]:
    """A vehicle cell printed on two lines ("大型车" / "(8座以上)"): the lone fragment right under a lone
    vehicle label, left edges aligned and no wider than it, is joined to it."""
    rows = [list(row) for row in rows]
    i = 0
    while i < len(rows):
        if len(rows[i]) == 1 and is_table_label(rows[i][0].text):
            label = rows[i][0]
            for j in (i + 1, i + 2):
                if j >= len(rows) or len(rows[j]) != 1 or not _is_label_fragment(rows[j][0].text):
                    continue
                frag = rows[j][0]
                gap = frag.box[1] - (label.box[1] + label.box[3])
                aligned = abs(frag.box[0] - label.box[0]) <= max(label.box[3], frag.box[3])
                if aligned and gap < label.box[3] and frag.box[2] <= 1.6 * label.box[2]:
                    rows[i] = [_merged([label, frag], "")]
                    del rows[j]
                    break
        i += 1
    return rows


def _values(rows: list[list[OcrLine]], i: int, k: int) -> list[OcrLine]:
    """Row i's cells, without the label when it is the label's own row k."""
    return rows[i][1:] if i == k else rows[i]


_DAY_RE = re.compile(r"^(?:白天|日间)")
_GOES_ON_RE = re.compile(r"^(?:夜间|夜晚|晚间|之后|以后|其后|超过)")


def _goes_on(above: list[OcrLine], row: list[OcrLine]) -> bool:
    """`row` continues the clause of the row above (白天… / 夜间…, 首小时… / 之后…): a label at the top
    of a two-line value is level with the middle of this line, its own and the next — the longest
    centred run — so a run may not start here (the first held-out set's label-top tables)."""
    last, first = above[-1].text.strip(), row[0].text.strip()
    return bool(_GOES_ON_RE.match(first)) and (not first.startswith(("夜", "晚")) or bool(_DAY_RE.match(last)))


def _block_for(rows: list[list[OcrLine]], k: int, free: set[int]) -> tuple[int, int] | None:
    """The rows (first, last) of row k's label cell: the run of rows next to it holding only text to
    the label's right, whose middle is nearest the label's middle (a label sits centred beside its
    value); None when no row next to it holds such text."""
    label = rows[k][0]
    right = label.box[0] + label.box[2]

    def value_row(i: int) -> bool:
        cells = _values(rows, i, k)
        return (i in free or i == k) and bool(cells) and all(cell.box[0] > right for cell in cells)

    best: tuple[tuple[bool, int, float, int], int, int] | None = None
    for first in range(max(0, k - 3), k + 2):
        for last in range(max(first, k - 1), min(len(rows), k + 4)):
            run = [i for i in range(first, last + 1) if _values(rows, i, k)]
            if not run or first > k + 1 or last < k - 1 or not all(value_row(i) for i in run):
                continue
            if run[0] != k and run[0] > 0 and _goes_on(rows[run[0] - 1], rows[run[0]]):
                continue  # a value never starts with the second half of the row above's clause
            cells = [cell for i in run for cell in _values(rows, i, k)]
            middle = (min(c.box[1] for c in cells) + max(c.box[1] + c.box[3] for c in cells)) / 2
            off = abs(middle - _center(label))
            # centred within a third of its height: the longest such run (a label level with the middle
            # of three lines is centred on all three, not on the middle one alone)
            key = (off > 0.3 * label.box[3], -len(run) if off <= 0.3 * label.box[3] else len(run), off, first)
            if best is None or key < best[0]:
                best = (key, first, last)
    return None if best is None else (best[1], best[2])


def _claim_cells(rows: list[list[OcrLine]]) -> list[list[OcrLine]]:
    """A label cell (a vehicle class, or a field label such as 收费标准) beside a value of several printed
    lines sits at their middle, so it lands in a row of its own or beside a middle line. Each label is
    put in front of the first line of the value rows it is centred on; the value's further lines follow
    as the board prints them."""
    rows = _join_fragments(rows)
    free = set(range(len(rows)))
    moves: dict[int, int] = {}  # a label's row → the row it goes in front of
    for k, row in enumerate(rows):
        if not _is_label(row[0].text):
            continue
        block = _block_for(rows, k, free)
        free.discard(k)
        if block is not None:
            free -= set(range(block[0], block[1] + 1))
            moves[k] = min(i for i in range(block[0], block[1] + 1) if _values(rows, i, k))
    out = [list(row) for row in rows]
    for k, target in moves.items():
        if target != k:
            label = out[k].pop(0)
            out[target].insert(0, label)
    return [row for row in out if row]


# ------------------------------------------------------------------------------------------- rows


_BAND_WORD_RE = re.compile(r"白天|夜间|日间|夜晚|晚间")
_RANGE_RE = re.compile(r"\d{1,2}[:：]\d{2}\s*[-－—~至]")
_BAND_RE = re.compile(f"{_BAND_WORD_RE.pattern}|{_RANGE_RE.pattern}")


def _band_header(row: list[OcrLine]) -> bool:
    """A vehicle × time-band grid's first row: (a heading, lost at times, then) two or more time-band
    cells, each holding one band."""
    bands = [cell for cell in row if _BAND_RE.search(cell.text)]
    return len(bands) >= 2 and all(
        len(_RANGE_RE.findall(cell.text)) <= 1 and len(_BAND_WORD_RE.findall(cell.text)) <= 1 for cell in bands
    )


def _char_width(ch: str) -> float:
    return 1.0 if ord(ch) > 0x2E80 else 0.55  # a CJK character is square, digits and Latin about half


def _cut(cell: OcrLine, starts: list[int]) -> list[OcrLine]:
    """`cell` cut before each index in `starts`; each piece's box estimated from character widths."""
    widths = [_char_width(ch) for ch in cell.text]
    total = sum(widths) or 1.0
    bounds = [0, *starts, len(cell.text)]
    out = []
    for a, b in pairwise(bounds):
        text = cell.text[a:b].strip()
        if not text:
            continue
        left = cell.box[0] + cell.box[2] * sum(widths[:a]) / total
        right = cell.box[0] + cell.box[2] * sum(widths[:b]) / total
        out.append(OcrLine(text, cell.confidence, (int(left), cell.box[1], max(1, int(right - left)), cell.box[3])))
    return out


def _band_cells(row: list[OcrLine]) -> list[OcrLine]:
    """A band grid's header row with cells the detector boxed together across a rule
    (`日间(07:00-21:00)夜间(21:00-次日07:00)`, `车型日间(…)`) cut back into one cell per band."""
    out: list[OcrLine] = []
    for cell in row:
        words = [m.start() for m in _BAND_WORD_RE.finditer(cell.text)]
        starts = words or [m.start() for m in _RANGE_RE.finditer(cell.text)]
        starts = [i for i in starts if i > 0 and (len(starts) > 1 or cell.text[:i].strip() in _HEADINGS)]
        out.extend(_cut(cell, starts) if starts else [cell])
    return out


def _under(cell: OcrLine, header: list[OcrLine]) -> OcrLine | None:
    """The header's band cell whose column holds `cell` (the most horizontal overlap)."""

    def overlap(head: OcrLine) -> int:
        return min(cell.box[0] + cell.box[2], head.box[0] + head.box[2]) - max(cell.box[0], head.box[0])

    bands = [head for head in header if _BAND_RE.search(head.text)]
    best = max(bands, key=overlap)
    return best if overlap(best) > 0 else None


def _merged(parts: list[OcrLine], sep: str | list[str]) -> OcrLine:
    seps = [sep] * (len(parts) - 1) if isinstance(sep, str) else sep
    text = parts[0].text + "".join(s + p.text for s, p in zip(seps, parts[1:], strict=True))
    left = min(p.box[0] for p in parts)
    top = min(p.box[1] for p in parts)
    right = max(p.box[0] + p.box[2] for p in parts)
    bottom = max(p.box[1] + p.box[3] for p in parts)
    return OcrLine(text, min(p.confidence for p in parts), (left, top, right - left, bottom - top))


# Where a price cell begins: "每小时3元", "首小时5元", "3元/小时".
_CELL_START = "每首0123456789"
# ... and what a price cell ends with just before the next one begins ("…元", "…/小时", "…/次").
_CELL_END = "元时次天日钟 "


def _vehicle_apart(cell: OcrLine) -> list[OcrLine]:
    """A row's first cell boxed together with the price cell beside it (an open grid has no rule
    between them for the detector to stop at: "小型车每小时1.5元", "大中型车 5元/小时"): the vehicle cell
    and the rest apart, the longest vehicle name first."""
    text = cell.text
    if is_table_label(text):
        return [cell]
    for i in range(min(len(text) - 1, _TABLE_LABEL_MAX_CHARS), 1, -1):
        rest = text[i:].lstrip()
        if rest and rest[0] in _CELL_START and _PRICE_RE.search(rest) and is_table_label(text[:i]):
            return _cut(cell, [i])
    return [cell]


def _overlap(cell: OcrLine, head: OcrLine) -> int:
    return min(cell.box[0] + cell.box[2], head.box[0] + head.box[2]) - max(cell.box[0], head.box[0])


def _prices_apart(cell: OcrLine, header: list[OcrLine]) -> list[OcrLine]:
    """A box holding the price cells of two or more bands (no rule between them): cut where one price
    ends and the next begins ("1元/小时每小时1元"), at the starts nearest the bands' left edges."""
    heads = [h for h in header if _BAND_RE.search(h.text) and _overlap(cell, h) > 0.25 * h.box[2]]
    if len(heads) < 2:
        return [cell]
    text, starts, last = cell.text, [], 0
    for i in range(1, len(text)):
        if text[i] in _CELL_START and text[i - 1] in _CELL_END and "元" in text[last:i]:
            starts.append(i)
            last = i
    if len(starts) < len(heads) - 1:
        return [cell]
    widths = [_char_width(ch) for ch in text]
    total = sum(widths) or 1.0

    def x_at(i: int) -> float:
        return cell.box[0] + cell.box[2] * sum(widths[:i]) / total

    def nearest(head: OcrLine) -> int:  # the price start nearest the band's left edge
        return min(starts, key=lambda i: abs(x_at(i) - head.box[0]))

    chosen = sorted({nearest(head) for head in heads[1:]})
    pieces = _cut(cell, chosen)
    if len(pieces) != len(heads):
        return pieces
    # one piece a band, in order: each goes under its band (the widths above are only an estimate)
    return [
        OcrLine(p.text, p.confidence, (h.box[0], p.box[1], h.box[2], p.box[3]))
        for p, h in zip(pieces, heads, strict=True)
    ]


def _band_lines(row: list[OcrLine], header: list[OcrLine]) -> list[OcrLine] | None:
    """A grid row as one line per price cell: "<vehicle> <band> <price>"; None when it is not one.
    Cells the detector boxed together where an open grid draws no rule are taken apart first."""
    row = _vehicle_apart(row[0]) + row[1:]
    if len(row) < 2 or not is_table_label(row[0].text):
        return None
    lines = []
    cells = [piece for cell in row[1:] for piece in _prices_apart(cell, header)]
    for cell in cells:
        head = _under(cell, header)
        if head is None:
            return None
        lines.append(_merged([row[0], head, cell], " "))
    return lines


def _continues(left: str, right: str) -> bool:
    """Two pieces of one clause cut apart by a wide gap: "12315" "0730-…", "收费时间：" "08:00-20:00"."""
    left, right = left.strip(), right.strip()
    if not left or not right:
        return False
    if left[-1] in "：:，,、(（":
        return True
    return left[-1].isdigit() and (right[0].isdigit() or right[0] in "元-")


def _row_lines(row: list[OcrLine]) -> list[OcrLine]:
    """One printed row's cells as lines: a label and its value as one line, other cells apart."""
    if len(row) == 1:
        return [row[0]]
    if all(cell.text.strip() in _HEADINGS for cell in row):
        return [_merged(row, " ")]  # 车型 收费标准 / 项目 内容
    groups: list[tuple[list[OcrLine], list[str]]] = []
    for cell in row:
        if groups:
            parts, seps = groups[-1]
            if len(parts) == 1 and is_table_label(parts[0].text):
                seps.append(" ")
            elif len(parts) == 1 and is_field_label(parts[0].text):
                seps.append("：")
            elif _continues(parts[-1].text, cell.text):
                seps.append(" ")
            else:
                groups.append(([cell], []))
                continue
            parts.append(cell)
            continue
        groups.append(([cell], []))
    return [parts[0] if len(parts) == 1 else _merged(parts, seps) for parts, seps in groups]


def _is_vertical(line: OcrLine) -> bool:
    """A box of text printed top to bottom (a title strip): much taller than wide."""
    return line.box[3] > 2.5 * max(1, line.box[2]) and len(line.text.strip()) >= 2


def _overlap_x(a: OcrLine, b: OcrLine) -> int:
    return min(a.box[0] + a.box[2], b.box[0] + b.box[2]) - max(a.box[0], b.box[0])


def _strips(segments: list[OcrLine]) -> tuple[list[OcrLine], list[OcrLine]]:
    """(vertical strips, the other segments). A strip is a box much taller than wide, or a column of
    three or more boxes of one or two characters each (the detector boxes a strip's characters apart);
    characters in a strip's column join it, top to bottom."""
    short = [
        s for s in segments if len(s.text.strip()) <= 2 and not _is_vertical(s) and not any(c.isdigit() for c in s.text)
    ]
    columns: list[list[OcrLine]] = [[s] for s in segments if _is_vertical(s)]
    for seg in sorted(short, key=lambda s: s.box[1]):
        home = next((col for col in columns if _overlap_x(seg, col[0]) >= 0.6 * min(seg.box[2], col[0].box[2])), None)
        if home is None:
            columns.append([seg])
        else:
            home.append(seg)

    def beside(col: list[OcrLine]) -> bool:  # left or right of all the other text, as a strip is
        ids = {id(seg) for seg in col}
        others = [s for s in segments if id(s) not in ids]
        left, right = min(s.box[0] for s in col), max(s.box[0] + s.box[2] for s in col)
        return not others or right <= min(s.box[0] for s in others) or left >= max(s.box[0] + s.box[2] for s in others)

    strips = [col for col in columns if _is_vertical(col[0]) or (len(col) >= 3 and beside(col))]
    members = {id(seg) for col in strips for seg in col}
    merged = [_merged(sorted(col, key=lambda s: s.box[1]), "") for col in strips]
    return sorted(merged, key=lambda s: s.box[0]), [s for s in segments if id(s) not in members]


def _merge_rows(segments: list[OcrLine]) -> list[OcrLine]:
    """Top to bottom; a row's cells joined or kept apart by what they are (see the module docstring)."""
    rows = _claim_cells(_rows_of(segments))
    result: list[OcrLine] = []
    header: list[OcrLine] | None = None
    for row in rows:
        cells = _band_cells(row)
        if _band_header(cells):
            header = cells
            result.append(_merged(cells, " "))
            continue
        band = _band_lines(row, header) if header is not None else None
        if band is None:
            header = None
            result.extend(_row_lines(row))
        else:
            result.extend(band)
    return result


# ---------------------------------------------------------------------------------------- columns


def _looks_like_table(lefts: list[OcrLine], rights: list[OcrLine]) -> bool:
    """The segments left of a candidate column gap are a table's label cells: the left segments that
    have a cell on their row right of the gap read as vehicle or field labels (or 车型), all but a few."""
    paired = []
    for seg in lefts:
        center = _center(seg)
        if any(abs(center - _center(r)) < 0.5 * min(seg.box[3], r.box[3]) for r in rights):
            paired.append(seg)
    labels = sum(1 for seg in paired if _is_label(seg.text) or seg.text.strip() in _HEADINGS)
    return len(paired) >= 2 and labels >= 0.8 * len(paired)  # a misread cell or two do not make it text


def _column_split(segments: list[OcrLine]) -> float | None:
    """The x of a divider between two text columns, or None for a one-column board.

    A divider is an x that no body segment crosses (only header lines above and footer lines below
    the columns may), with at least three segments on each side. A table's cells also leave such an
    x, but its left cells are short labels.
    """
    if len(segments) < 6:
        return None
    grid_heads = [row for row in _rows_of(segments) if _band_header(row)]
    left_edge = min(s.box[0] for s in segments)
    right_edge = max(s.box[0] + s.box[2] for s in segments)
    width = right_edge - left_edge
    best: tuple[int, float] | None = None
    for seg in segments:
        x = seg.box[0] + seg.box[2] + 1
        if not (left_edge + 0.2 * width <= x <= left_edge + 0.8 * width):
            continue
        lefts = [s for s in segments if s.box[0] + s.box[2] < x]
        rights = [s for s in segments if s.box[0] > x]
        crossing = [s for s in segments if s.box[0] <= x <= s.box[0] + s.box[2]]
        if len(lefts) < 3 or len(rights) < 3:
            continue
        body_top = min(s.box[1] for s in lefts + rights)
        body_bottom = max(s.box[1] + s.box[3] for s in lefts + rights)
        if any(s.box[1] + s.box[3] > body_top and s.box[1] < body_bottom for s in crossing):
            continue
        # A table's cells also leave such an x, but a table's left cells are short labels
        # (车型 names); both columns of a two-column board hold long lines.
        if max(s.box[2] for s in lefts) < 0.3 * width or max(s.box[2] for s in rights) < 0.3 * width:
            continue
        # ... and read as labels (a long one, "大型车(8座以上)", can pass the width test).
        if _looks_like_table(lefts, rights) or any(
            min(c.box[0] for c in row) < x < max(c.box[0] for c in row) for row in grid_heads
        ):
            continue  # a vehicle × time-band grid's columns are not text columns either
        candidate = (len(crossing), x)
        if best is None or candidate < best:
            best = candidate
    return None if best is None else best[1]


_EDGE_MARKS = "“”‘’\"'`|｜丨"


def _trimmed(seg: OcrLine) -> OcrLine:
    """A segment without quote marks or bars at its ends (a cell's rule read as one): "”免收车辆"."""
    text = seg.text.strip().strip(_EDGE_MARKS).strip()
    return seg if text == seg.text else OcrLine(text, seg.confidence, seg.box)


def reading_order(segments: list[OcrLine]) -> tuple[OcrLine, ...]:
    """Lines in reading order: a vertical title strip, the header, then a left and a right column
    (when the board has two), then the footer; each row's cells as `_merge_rows` puts them."""
    segments = [s for s in (_trimmed(seg) for seg in segments) if s.text]
    if not segments:
        return ()
    vertical, segments = _strips(segments)
    x = _column_split(segments)
    if x is None:
        return tuple(vertical + _merge_rows(segments))
    lefts = [s for s in segments if s.box[0] + s.box[2] < x]
    rights = [s for s in segments if s.box[0] > x]
    body_top = min(s.box[1] for s in lefts + rights)
    crossing = [s for s in segments if s.box[0] <= x <= s.box[0] + s.box[2]]
    header = [s for s in crossing if s.box[1] < body_top]
    footer = [s for s in crossing if s.box[1] >= body_top]
    return tuple(vertical + _merge_rows(header) + _merge_rows(lefts) + _merge_rows(rights) + _merge_rows(footer))


# ------------------------------------------------------------------------------------ grid check

_PRICE_RE = re.compile(r"\d\s*元|元\s*/")
_NOT_A_CELL_RE = re.compile(r"最高|封顶|不超过|上限|免费|按.{0,6}计")


def unmatched_grid_rows(lines: list[str]) -> list[str]:
    """The price lines of a vehicle × time-band grid that did not come out as `<vehicle> <band>
    <price>`: a row whose cells were boxed together, or a price cell that lost its row. Such a reading
    can be complete and still wrong (the price goes to the row above), so it is a reason for review.
    Read from the assembled text: the lines right under a band header line, as long as they carry a
    price or a vehicle, must each name a band."""
    out: list[str] = []
    in_grid = False
    for line in lines:
        text = line.strip()
        if _band_header(_band_cells([OcrLine(text, 1.0, (0, 0, max(1, len(text)), 1))])) and "元" not in text:
            in_grid = True
            continue
        if not in_grid:
            continue
        head = text.split(" ", 1)[0]
        cell_like = bool(_PRICE_RE.search(text)) or is_table_label(head)
        if not cell_like or _NOT_A_CELL_RE.search(text):
            in_grid = False
            continue
        if not _BAND_RE.search(text) or not is_table_label(head):
            out.append(text)
    return out


# ------------------------------------------------------------------------------ broken rows check

# A field label as boards print it: a short Chinese name ending in one of the label nouns.
_LABEL_NOUN_RE = re.compile(r"[\u4e00-\u9fff]{0,7}(?:单位|形式|性质|类型|依据|时间|电话|名称|车辆|期至|位数|代码|时段)")
# A price, then (after a gap) another field's label with its colon: two cells read as one line.
_LABEL_AFTER_PRICE_RE = re.compile(r"\d\s*元\S*\s+(" + _LABEL_NOUN_RE.pattern + r")\s*[:：]")
_PHONE_LABEL_RE = re.compile(r"电话\s*[:：]\s*(\S)")


def merged_cells(lines: list[str]) -> list[str]:
    """Lines where a price runs into another field's `label：` (`…每小时3元 收费时间: 08:00-20:00`): two
    cells or two columns read as one line, so a price may have gone to the wrong vehicle or band."""
    return [line for line in lines if _LABEL_AFTER_PRICE_RE.search(line)]


def broken_lines(lines: list[str]) -> list[str]:
    """Lines that show a row read broken or out of place: a lone character (`收`, a label cut at a rule),
    a field label alone on its line (its value went elsewhere), a phone label whose value does not
    start with a digit (`价格举报电话:全天24小时`: the rows slid past each other)."""
    out = []
    for line in lines:
        text = line.strip()
        lone = len(text) == 1 and "\u4e00" <= text <= "\u9fff"
        label_alone = bool(_LABEL_NOUN_RE.fullmatch(text.rstrip(":："))) and is_field_label(text.rstrip(":："))
        phone = _PHONE_LABEL_RE.search(text)
        if lone or label_alone or (phone is not None and not phone.group(1).isdigit()):
            out.append(text)
    return out
