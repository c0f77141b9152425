"""Complaint work-order import: encodings, Excel, missing columns, bad rows — nothing half-imported."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from parkwatch.cli import app
from parkwatch.store.complaints import ComplaintImportError, LotMatcher, import_complaints, parse_received_at
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import Complaint
from tests.rows import lot_row

NOW = datetime(2021, 7, 1)
LOCAL = ZoneInfo("Asia/Shanghai")  # work-order times are the city's local time; stored as UTC
ZH_HEADER = "编号,受理时间,渠道,区县,停车场,内容,类别,状态"
EN_HEADER = "number,received_at,channel,district,lot,text,category,status"
GOOD_ROWS = [
    "12345-0001,2021-03-05 10:20,12345,岳阳楼区,巴陵购物广场停车场,停车收费太贵,收费过高,已办结",
    "12315-0002,2021/3/6,12315热线,君山区,岳阳市君山区滨湖路8号,没有公示收费标准,,办理中",
    "12345-0003,2021年3月7日,12345,岳阳楼区,市政务服务中心后院停车坪,有人私自收停车费,private_charging,",
]


def add_lots(engine) -> dict[str, int]:
    with write_session(engine) as s:
        a = lot_row("巴陵购物广场停车场（演示）", NOW, address="岳阳市岳阳楼区巴陵中路1号", district="岳阳楼区")
        b = lot_row("滨湖花园停车场", NOW, address="岳阳市君山区滨湖路8号", district="君山区")
        c = lot_row("市政务服务中心后院停车坪（演示）", NOW, address="岳阳市岳阳楼区五里牌", district="岳阳楼区")
        s.add_all([a, b, c])
        s.flush()
        return {"mall": a.id, "garden": b.id, "centre": c.id}


def write(tmp_path: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return path


def stored(engine) -> dict[str, Complaint]:
    with read_session(engine) as s:
        return {c.number: c for c in s.scalars(select(Complaint))}


def test_a_good_utf8_file_with_chinese_headers_loads_and_matches_lots(engine, tmp_path) -> None:
    lots = add_lots(engine)
    report = import_complaints(write(tmp_path, "ok.csv", [ZH_HEADER, *GOOD_ROWS]), engine)
    assert (report.imported, report.errors, report.encoding) == (3, [], "utf-8")
    rows = stored(engine)
    assert rows["12345-0001"].category == "high_price" and rows["12345-0001"].lot_id == lots["mall"]
    assert rows["12315-0002"].channel == "12315" and rows["12315-0002"].lot_id == lots["garden"]
    assert rows["12315-0002"].category == "no_disclosure"  # guessed from the text
    assert rows["12345-0003"].lot_id == lots["centre"] and rows["12345-0003"].status == "已受理"
    assert rows["12345-0003"].received_at == datetime(2021, 3, 7, tzinfo=LOCAL)
    assert report.matched_to_lot == 3


def test_a_gbk_file_is_detected_and_read(sqlite_engine, tmp_path) -> None:
    report = import_complaints(write(tmp_path, "gbk.csv", [ZH_HEADER, *GOOD_ROWS], "gbk"), sqlite_engine)
    assert report.encoding == "gbk" and report.imported == 3
    assert stored(sqlite_engine)["12345-0001"].text == "停车收费太贵"


def test_a_utf8_bom_file_with_english_headers_is_read(sqlite_engine, tmp_path) -> None:
    report = import_complaints(write(tmp_path, "bom.csv", [EN_HEADER, *GOOD_ROWS], "utf-8-sig"), sqlite_engine)
    assert report.encoding == "utf-8-sig" and report.imported == 3
    assert "12345-0001" in stored(sqlite_engine)  # the BOM did not spoil the first header


def test_an_excel_file_with_date_cells_loads(sqlite_engine, tmp_path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(ZH_HEADER.split(","))
    ws.append(["X-1", datetime(2020, 5, 4, 9, 30), 12345, "岳阳楼区", "某停车场", "收费高", "收费过高", "已办结"])
    ws.append(["X-2", "2020-05-05", "12315", None, None, "多收了钱", None, None])
    path = tmp_path / "orders.xlsx"
    wb.save(path)
    report = import_complaints(path, sqlite_engine)
    assert report.imported == 2 and report.encoding == "xlsx"
    rows = stored(sqlite_engine)
    assert rows["X-1"].received_at == datetime(2020, 5, 4, 9, 30, tzinfo=LOCAL) and rows["X-1"].channel == "12345"
    assert rows["X-2"].category == "overcharge"


def test_missing_required_columns_is_a_clear_error_and_nothing_is_imported(engine, tmp_path) -> None:
    path = write(tmp_path, "bad.csv", ["编号,区县,内容", "A-1,岳阳楼区,太贵"])
    with pytest.raises(ComplaintImportError, match="缺少必需的列：受理时间/received_at、渠道/channel"):
        import_complaints(path, engine)
    assert stored(engine) == {}


def test_bad_rows_are_reported_by_row_number_and_the_good_rows_load(engine, tmp_path) -> None:
    lines = [
        ZH_HEADER,
        GOOD_ROWS[0],  # row 2 ok
        "B-1,2021-02-30,12345,岳阳楼区,,内容,,",  # row 3 bad date
        "B-2,昨天,12345,岳阳楼区,,内容,,",  # row 4 bad date
        "B-3,2021-03-01,110,岳阳楼区,,内容,,",  # row 5 bad channel
        "B-4,2021-03-01,12345,岳阳楼区,,内容,乱七八糟,",  # row 6 unknown category
        ",2021-03-01,12345,岳阳楼区,,内容,,",  # row 7 no number
        "",  # row 8 blank: ignored
        GOOD_ROWS[1],  # row 9 ok
        GOOD_ROWS[1].replace("办理中", "已办结"),  # row 10 duplicate number
    ]
    report = import_complaints(write(tmp_path, "mixed.csv", lines), engine)
    assert report.imported == 2
    assert [e.row for e in report.errors] == [3, 4, 5, 6, 7, 10]
    assert "受理时间" in report.errors[0].message and "渠道" in report.errors[2].message
    assert "类别" in report.errors[3].message and "重复" in report.errors[5].message
    assert set(stored(engine)) == {"12345-0001", "12315-0002"}
    assert stored(engine)["12315-0002"].status == "办理中"  # the first of the duplicates, whole


def test_importing_the_same_file_twice_stores_nothing_twice(sqlite_engine, tmp_path) -> None:
    path = write(tmp_path, "ok.csv", [ZH_HEADER, *GOOD_ROWS])
    import_complaints(path, sqlite_engine)
    again = import_complaints(path, sqlite_engine)
    assert (again.imported, again.already_present) == (0, 3)
    assert len(stored(sqlite_engine)) == 3


def test_a_failure_while_writing_stores_nothing_of_the_file(sqlite_engine, tmp_path, monkeypatch) -> None:
    from sqlalchemy.orm import Session

    real_flush = Session.flush

    def flush_then_fail(self, *args, **kwargs):
        real_flush(self, *args, **kwargs)  # the rows reach the database ...
        raise RuntimeError("disk full")  # ... and then the transaction fails

    monkeypatch.setattr(Session, "flush", flush_then_fail)
    with pytest.raises(RuntimeError):
        import_complaints(write(tmp_path, "ok.csv", [ZH_HEADER, *GOOD_ROWS]), sqlite_engine)
    monkeypatch.setattr(Session, "flush", real_flush)
    assert stored(sqlite_engine) == {}


def test_an_undecodable_or_empty_file_is_refused(sqlite_engine, tmp_path) -> None:
    bad = tmp_path / "bin.csv"
    bad.write_bytes(b"\x81\x30\xff\xfe\x00garbage\xff\xff")
    with pytest.raises(ComplaintImportError):
        import_complaints(bad, sqlite_engine)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ComplaintImportError, match="为空"):
        import_complaints(empty, sqlite_engine)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2021-03-05 10:20", datetime(2021, 3, 5, 10, 20)),
        ("2021/3/5", datetime(2021, 3, 5)),
        ("2021年3月5日 9:05", datetime(2021, 3, 5, 9, 5)),
        ("2021-03-05T10:20:30", datetime(2021, 3, 5, 10, 20, 30)),
    ],
)
def test_received_at_accepts_the_usual_forms(text, expected) -> None:
    assert parse_received_at(text) == expected


def test_an_ambiguous_lot_text_stays_unmatched() -> None:
    m = LotMatcher(
        [
            (1, "南湖广场停车场（演示）", "岳阳市南湖新区南湖大道1号", "南湖新区"),
            (2, "南湖广场停车场（东区）（演示）", "岳阳市南湖新区南湖大道3号", "南湖新区"),
        ]
    )
    assert m.match("南湖广场停车场") == 1  # exact name wins
    assert m.match("南湖广场") is None  # fits both
    assert m.match("岳阳市南湖新区南湖大道3号") == 2
    assert m.match("") is None


def test_the_command_lists_bad_rows_and_exits_nonzero(sqlite_engine, tmp_path) -> None:
    path = write(tmp_path, "mixed.csv", [ZH_HEADER, GOOD_ROWS[0], "B-1,bad,12345,,,,,"])
    result = CliRunner().invoke(app, ["complaints", "import", str(path)])
    assert result.exit_code == 2, result.output
    assert "导入 1 条" in result.output and "第3行" in result.output
    missing = write(tmp_path, "missing.csv", ["编号", "A"])
    result = CliRunner().invoke(app, ["complaints", "import", str(missing)])
    assert result.exit_code == 1 and "缺少必需的列" in result.output
