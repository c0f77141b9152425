"""`parkwatch audit`: one board text in, board record and findings out (through the real board reader)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from parkwatch.cli import app

OLD_BOARD = "\n".join(
    [
        "停车场名称：东门停车场",
        "收费单位：岳阳东门物业管理有限公司",
        "收费标准：5元",
        "举报电话：12358",
    ]
)

# no error on 2024-05-01, one alert (PD012: exempt vehicles not listed)
GOOD_BOARD = "\n".join(
    [
        "甘露寺公园停车场停车收费标准",
        "收费单位：常德市城区停车管理有限公司",
        "定价形式：政府指导价",
        "收费依据：常发改价〔2020〕88号",
        "白天(08:00-20:00)：小型车3元/小时",
        "夜间(20:00-次日08:00)：小型车1元/小时，夜间最高5元",
        "24小时内最高收费20元",
        "30分钟内免费，不足1小时按1小时计费",
        "监督电话：12315",
    ]
)

runner = CliRunner()


def _audit(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["audit", *args, "--json"])
    data: dict[str, Any] = json.loads(result.output)
    assert result.exit_code == (1 if data["errors"] else 0), result.output  # 1: errors (违规) were found
    return data


def test_audit_prints_the_board_and_the_findings_as_json() -> None:
    data = _audit(OLD_BOARD, "--on", "2024-05-01")
    assert data["board"]["fields"]["operator"]["value"] == "岳阳东门物业管理有限公司"
    by_rule = {f["rule"]: f for f in data["findings"]}
    assert by_rule["PD002"]["severity"] == "error" and "5元" in by_rule["PD002"]["message"]
    assert by_rule["PD006"]["severity"] == "alert"  # 12358 on an old board
    assert by_rule["PD004"]["severity"] == "error"
    for f in data["findings"]:
        assert set(f) >= {"rule", "severity", "message", "basis"}
    assert data["errors"] == sum(f["severity"] == "error" for f in data["findings"])


def test_audit_judges_by_the_standards_in_force_on_the_day() -> None:
    before = {f["rule"] for f in _audit(OLD_BOARD, "--on", "2022-06-30")["findings"]}
    after = {f["rule"] for f in _audit(OLD_BOARD, "--on", "2022-07-01")["findings"]}
    assert "PD002" not in before and "PD002" in after


def test_audit_reads_a_file_in_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "board.txt"
    path.write_bytes(OLD_BOARD.encode("gb18030"))
    data = _audit("--file", str(path), "--on", "2024-05-01")
    assert data["board"]["fields"]["operator"]["value"] == "岳阳东门物业管理有限公司"


def test_audit_prints_errors_apart_from_alerts_in_chinese() -> None:
    result = runner.invoke(app, ["audit", OLD_BOARD, "--on", "2024-05-01"])
    assert result.exit_code == 1  # errors were found
    assert "违规（错误）" in result.output and "需复核（提醒）" in result.output
    assert result.output.index("PD002") < result.output.index("需复核（提醒）") < result.output.index("PD014")


def test_audit_refuses_no_text_a_missing_file_and_a_bad_date(tmp_path: Path) -> None:
    assert runner.invoke(app, ["audit"]).exit_code == 2
    missing = runner.invoke(app, ["audit", "--file", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "文件不存在" in missing.output
    bad_day = runner.invoke(app, ["audit", OLD_BOARD, "--on", "2024-13-01"])
    assert bad_day.exit_code == 2 and "YYYY-MM-DD" in bad_day.output
    city = runner.invoke(app, ["audit", OLD_BOARD, "--city", "atlantis"])
    assert city.exit_code == 2 and "atlantis" in city.output


def test_audit_exits_1_on_errors_and_0_when_only_alerts_are_found() -> None:
    bad = runner.invoke(app, ["audit", OLD_BOARD, "--on", "2024-05-01", "--json"])
    assert bad.exit_code == 1 and json.loads(bad.output)["errors"] > 0
    good = runner.invoke(app, ["audit", GOOD_BOARD, "--on", "2024-05-01"])
    assert good.exit_code == 0, good.output
    assert "违规（错误）：0条" in good.output and "PD012" in good.output
    assert runner.invoke(app, ["audit", GOOD_BOARD, "--on", "2024-05-01", "--json"]).exit_code == 0
