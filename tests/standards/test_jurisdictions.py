"""Jurisdictions as data: the 14 cities and prefectures of Hunan with their districts, each inheriting the
provincial measures; a malformed jurisdictions file is refused with its file, line and field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from parkwatch.core import standards as standards_core
from parkwatch.core.standards import DEFAULT_DIR, StandardsError, load_standards

HUNAN = (
    "changsha", "zhuzhou", "xiangtan", "hengyang", "shaoyang", "yueyang", "changde",
    "zhangjiajie", "yiyang", "chenzhou", "yongzhou", "huaihua", "loudi", "xiangxi",
)  # fmt: skip


def test_every_hunan_city_has_its_districts_and_inherits_the_provincial_measures() -> None:
    lib = load_standards()
    cities = [j for j, e in lib.jurisdictions.items() if e.get("parent") == "hunan"]
    assert tuple(cities) == HUNAN
    assert lib.jurisdictions["zhuzhou"]["districts"][:5] == ["荷塘区", "芦淞区", "石峰区", "天元区", "渌口区"]
    assert (
        "吉首市" in lib.jurisdictions["xiangxi"]["districts"] and "宁乡市" in lib.jurisdictions["changsha"]["districts"]
    )
    for city in HUNAN:
        assert lib.chain(city) == (city, "hunan", "national")
        in_force = lib.in_force(city, date(2026, 3, 1))
        assert in_force.value("min_free_minutes") == {"market": 30, "guided": 30, "government": 30}


def test_a_city_without_a_folder_of_its_own_is_judged_by_the_province_and_a_city_folder_wins() -> None:
    lib = load_standards()
    on = date(2026, 3, 1)
    assert lib.in_force("zhuzhou", on).approvals == {}
    assert lib.in_force("yueyang", on).approvals  # the demo city's own (generated) approvals


def _copy(tmp_path: Path, jurisdictions: str) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(DEFAULT_DIR, root)
    (root / "jurisdictions.yaml").write_text(jurisdictions, encoding="utf-8")
    return root


BASE = (
    "jurisdictions:\n  national: {name: 全国}\n  hunan: {name: 湖南省, parent: national}\n"
    "  yueyang: {name: 岳阳市, parent: hunan}\n"
)


@pytest.mark.parametrize(
    ("extra", "complaint"),
    [
        ("  zhuzhou: {name: 株洲市, parent: hunan, districts: [天元区, 天元区]}\n", "listed twice: 天元区"),
        ("  zhuzhou: {name: 株洲市, parent: hunan, mayor: x}\n", "unknown key"),
        ("  zhuzhou: {parent: hunan}\n", "needs its name"),
        ("  Zhuzhou: {name: 株洲市, parent: hunan}\n", "lower-case pinyin"),
        ("  a: {name: A, parent: b}\n  b: {name: B, parent: a}\n", "loops"),
        ("  zhuzhou: {name: 株洲市, parent: hubei}\n", "unknown parent"),
    ],
)
def test_a_malformed_jurisdiction_is_refused_with_its_field(tmp_path: Path, extra: str, complaint: str) -> None:
    with pytest.raises(StandardsError, match=complaint) as caught:
        load_standards(_copy(tmp_path, BASE + extra))
    assert all(p.file.endswith("jurisdictions.yaml") for p in caught.value.problems)


def test_the_one_checking_command_is_python_m_parkwatch_standards(tmp_path: Path) -> None:
    # the command the issue and docs/cities.md name; the core keeps no entry point of its own
    ok = subprocess.run(
        [sys.executable, "-m", "parkwatch.standards"], capture_output=True, text=True, check=False, timeout=120
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("ok: 16 jurisdictions (14 with districts)")
    broken = _copy(tmp_path, BASE + "  zhuzhou: {name: 株洲市, parent: hubei}\n")
    bad = subprocess.run(
        [sys.executable, "-m", "parkwatch.standards", str(broken)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert bad.returncode == 1
    assert "jurisdictions.yaml" in bad.stdout and "unknown parent 'hubei'" in bad.stdout
    assert not hasattr(standards_core, "_main")
