"""Standards as data: the shipped files load, the right version is in force, bad files say where."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from demo.approvals import demo_approvals_yaml
from parkwatch.core.standards import DEFAULT_DIR, StandardsError, in_force, load_standards


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    target = tmp_path / "standards"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def test_the_shipped_standards_load_without_problems():
    lib = load_standards()
    assert {s.series for s in lib.sources} >= {"parking-measures", "hotlines", "board-fields", "approvals-demo"}
    assert all(v.verification in ("verified", "reported", "unverified") for v in lib.values)


@pytest.mark.parametrize(
    ("day", "document", "market_minimum", "level"),
    [
        (date(2020, 6, 1), "湘发改价调〔2019〕217号", None, "unverified"),
        (date(2021, 1, 1), "湘发改价费规〔2020〕801号", 15, "verified"),
        (date(2025, 12, 31), "湘发改价费规〔2020〕801号", 15, "verified"),
        (date(2026, 1, 1), "湘发改价费规〔2025〕723号", 30, "unverified"),
    ],
)
def test_the_hunan_measures_in_force_follow_the_day(day, document, market_minimum, level):
    value = in_force("yueyang", day).get("min_free_minutes")
    assert value.source.document == document
    assert value.value.get("market") == market_minimum
    assert value.verification == level


def test_guided_lots_need_30_minutes_free_from_2021():
    assert in_force("yueyang", date(2023, 1, 1)).value("min_free_minutes")["guided"] == 30


def test_the_2026_measures_abolish_hour_rounding_and_free_street_nights_as_unverified_values():
    s = in_force("yueyang", date(2026, 6, 1))
    assert s.value("max_rounding_minutes") < 60
    assert s.value("on_street_free_hours") == {"from": "20:00", "to": "08:00"}
    assert s.get("on_street_free_hours").is_unverified
    assert in_force("yueyang", date(2025, 6, 1)).get("on_street_free_hours") is None


def test_order_56_board_requirements_start_on_2022_07_01():
    assert in_force("yueyang", date(2022, 6, 30)).get("price_unit_required") is None
    assert in_force("yueyang", date(2022, 7, 1)).value("price_unit_required") is True


def test_the_city_value_wins_over_the_national_one():
    assert "12345" in in_force("yueyang", date(2024, 1, 1)).value("accepted_hotlines")
    assert in_force("national", date(2024, 1, 1)).value("accepted_hotlines") == ("12315",)
    assert "12358" in in_force("national", date(2024, 1, 1)).value("retired_hotlines")


def test_an_unknown_city_is_refused():
    with pytest.raises(KeyError):
        in_force("atlantis", date(2024, 1, 1))


def test_demo_approvals_are_keyed_by_approval_number_and_labelled_demo():
    from demo.city import demo_lots

    s = in_force("yueyang", date(2024, 1, 1))
    guided = [lot for lot in demo_lots() if lot.approval_ref]
    assert guided
    for lot in guided:
        a = s.approval(lot.approval_ref)
        assert a is not None, lot.approval_ref
        assert a.demo and a.verification == "unverified" and a.lot_key == lot.key
        assert a.ceiling_tariff
    station = next(lot for lot in guided if lot.category == "station")
    assert s.approval(station.approval_ref).cap_yuan == Decimal("30.00")


def test_the_demo_approvals_file_is_what_the_generator_writes():
    from demo.city import demo_lots

    shipped = (DEFAULT_DIR / "yueyang" / "approvals-demo.yaml").read_text(encoding="utf-8")
    assert shipped == demo_approvals_yaml(demo_lots()), "run python -m demo.approvals"


def test_approval_numbers_match_across_bracket_styles():
    s = in_force("yueyang", date(2024, 1, 1))
    number = next(iter(s.approvals.values())).approval_number
    assert s.approval(number.replace("〔", "[").replace("〕", "]")) is not None


def test_an_expired_demo_approval_knows_it_is_expired():
    from demo.city import demo_lots

    lot = next(lot for lot in demo_lots() if "expired_approval" in lot.defects)
    a = in_force("yueyang", date(2024, 1, 1)).approval(lot.approval_ref)
    assert not a.valid_on(date(2024, 1, 1)) and a.valid_on(date(2020, 1, 1))


# -- malformed files: file, line and field, never a traceback ---------------------------------


def _problems(directory: Path) -> list:
    with pytest.raises(StandardsError) as caught:
        load_standards(directory)
    return list(caught.value.problems)


def test_a_yaml_syntax_error_reports_its_file_and_line(copy_dir):
    (copy_dir / "hunan" / "broken.yaml").write_text("jurisdiction: hunan\nvalues: [unclosed\n", encoding="utf-8")
    problems = _problems(copy_dir)
    assert any(p.file.endswith("broken.yaml") and p.line in (2, 3) for p in problems)


def test_a_wrong_value_reports_its_line_and_field(copy_dir):
    path = copy_dir / "hunan" / "parking-measures-2021.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "{market: 15, guided: 30, government: 30}", "{market: fifteen, guided: 30, government: 30}"
    )
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    expected_line = next(i for i, line in enumerate(lines, 1) if "fifteen" in line)
    problems = _problems(copy_dir)
    assert len(problems) == 1
    p = problems[0]
    assert p.file.endswith("parking-measures-2021.yaml")
    assert p.field == "values.min_free_minutes.value"
    assert p.line == expected_line
    assert "market" in p.message
    assert f"parking-measures-2021.yaml:{expected_line}: values.min_free_minutes.value" in str(StandardsError(problems))


def test_an_unknown_key_a_bad_level_and_a_bad_date_are_all_reported(copy_dir):
    (copy_dir / "hunan" / "extra.yaml").write_text(
        "jurisdiction: hunan\nseries: extra\ntitle: t\ndocument: d\neffective_from: 2021-13-01\n"
        "verification: maybe\nvalues:\n  min_free_minutez:\n    value: 3\n",
        encoding="utf-8",
    )
    problems = _problems(copy_dir)
    fields = {p.field: p.line for p in problems}
    assert fields.get("effective_from") == 5
    assert fields.get("verification") == 6
    assert fields.get("values.min_free_minutez.value") == 9 or fields.get("values.min_free_minutez") == 8


def test_two_versions_in_force_on_the_same_day_are_refused(copy_dir):
    path = copy_dir / "hunan" / "parking-measures-2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("effective_until: 2025-12-31\n", ""), encoding="utf-8")
    problems = _problems(copy_dir)
    assert any("2026" in p.file and "overlap" in p.message for p in problems)


def test_a_bad_approval_entry_points_at_its_item(copy_dir):
    path = copy_dir / "yueyang" / "approvals-demo.yaml"
    text = path.read_text(encoding="utf-8").replace("cap_yuan: 30.0", "cap_yuan: thirty", 1)
    path.write_text(text, encoding="utf-8")
    expected_line = next(i for i, line in enumerate(text.splitlines(), 1) if "thirty" in line)
    problems = _problems(copy_dir)
    assert [(p.line, p.field.endswith(".cap_yuan")) for p in problems] == [(expected_line, True)]
    assert problems[0].field.startswith("approvals[")


def test_the_loader_reads_an_edited_file_again(copy_dir):
    assert load_standards(copy_dir).in_force("yueyang", date(2023, 1, 1)).value("min_free_minutes")["market"] == 15
    path = copy_dir / "hunan" / "parking-measures-2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{market: 15,", "{market: 20,"), encoding="utf-8")
    import os

    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    assert load_standards(copy_dir).in_force("yueyang", date(2023, 1, 1)).value("min_free_minutes")["market"] == 20


def test_the_audit_command_reports_a_malformed_file_without_a_traceback(copy_dir, monkeypatch):
    from typer.testing import CliRunner

    from parkwatch.cli import app
    from parkwatch.settings import Settings

    (copy_dir / "hunan" / "broken.yaml").write_text("jurisdiction: hunan\nvalues: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(Settings, "standards_dir", property(lambda _self: copy_dir))
    result = CliRunner().invoke(app, ["audit", "收费标准：每小时2元", "--on", "2024-05-01"])
    assert result.exit_code == 2
    assert "broken.yaml" in result.output and "Traceback" not in result.output
