"""`parkwatch tariff parse|fee` through the real Typer app."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from parkwatch.cli import app
from parkwatch.core.tariff import Tariff

runner = CliRunner()
ISSUE = "小型车：首小时5元，之后每小时2元，24小时最高收费20元，15分钟内免费"


def test_fee_json_prints_the_documented_shape():
    result = runner.invoke(app, ["tariff", "fee", ISSUE, "--minutes", "61", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["fee"] == "7.00" and data["currency"] == "CNY"
    assert data["vehicle"] == "small" and data["minutes"] == 61
    assert [line["label"] for line in data["breakdown"]] == ["首小时", "1小时后每小时"]


def test_fee_for_the_issue_stays():
    for minutes, expected in ((10, "0.00"), (40, "5.00"), (61, "7.00"), (150, "9.00"), (600, "20.00")):
        result = runner.invoke(app, ["tariff", "fee", ISSUE, "--minutes", str(minutes), "--json"])
        assert json.loads(result.stdout)["fee"] == expected


def test_fee_honours_start_and_vehicle(tmp_path):
    text = "小型车：白天(08:00-20:00)每小时2元，夜间(20:00-次日08:00)每小时1元；大型车：每小时6元"
    night = runner.invoke(app, ["tariff", "fee", text, "--minutes", "120", "--start", "2026-01-05T21:00", "--json"])
    assert json.loads(night.stdout)["fee"] == "2.00"
    large = runner.invoke(app, ["tariff", "fee", text, "--minutes", "120", "--vehicle", "large", "--json"])
    assert json.loads(large.stdout)["fee"] == "12.00"


def test_fee_reads_a_file_and_a_tariff_json(tmp_path):
    source = tmp_path / "tariff.txt"
    source.write_text(ISSUE, encoding="utf-8")
    from_file = runner.invoke(app, ["tariff", "fee", "--file", str(source), "--minutes", "150"])
    assert from_file.exit_code == 0 and "9.00" in from_file.stdout
    parsed = runner.invoke(app, ["tariff", "parse", "--file", str(source), "--json"])
    assert parsed.exit_code == 0
    tariff_json = tmp_path / "tariff.json"
    tariff_json.write_text(json.dumps(json.loads(parsed.stdout)["tariff"], ensure_ascii=False), encoding="utf-8")
    Tariff.from_json(json.loads(tariff_json.read_text(encoding="utf-8")))
    from_json = runner.invoke(app, ["tariff", "fee", "--tariff-json", str(tariff_json), "--minutes", "150", "--json"])
    assert from_json.exit_code == 0 and json.loads(from_json.stdout)["fee"] == "9.00"


def test_parse_shows_the_structure_in_chinese():
    result = runner.invoke(app, ["tariff", "parse", ISSUE])
    assert result.exit_code == 0
    assert "小型车" in result.stdout and "15分钟内免费" in result.stdout and "24小时最高20.00元" in result.stdout


def test_parse_shows_the_restart_entry_band_and_window_terms():
    window = runner.invoke(
        app,
        [
            "tariff",
            "parse",
            "小型车每小时2元，每12小时最高限价6元，由入闸时间起计算至同日午夜十二时止。每日零时为计费基准点。",
        ],
    )
    assert "每日零时起重新计费" in window.stdout and "每12小时最高6.00元（至当日24时止）" in window.stdout
    entry = runner.invoke(
        app, ["tariff", "parse", "白天(8:00-20:00)每小时3元，夜间(20:00-8:00)每小时1元，跨时段按进场时段费率计费"]
    )
    assert "跨时段按进场时段费率计费" in entry.stdout
    for rule, shown in (
        ("跨时段停放不足1小时的，按时段分界点前的收费标准收取", "跨时段停放不足1小时的按进场时段费率计费"),
        ("跨时段停车时长不超过2小时(含)的，按进场时段的收费标准计费", "跨时段停放不超过2小时的按进场时段费率计费"),
    ):
        short = runner.invoke(app, ["tariff", "parse", f"白天(8:00-20:00)每小时3元，夜间(20:00-8:00)每小时1元；{rule}"])
        assert shown in short.stdout


def test_parse_shows_each_later_day_s_cap():
    text = (
        "小型车每小时5元。连续停放的，第一个24小时收费额不超过30元，第二个24小时收费额不超过40元，"
        "第三个24小时起每24小时收费额均不超过50元"
    )
    shown = runner.invoke(app, ["tariff", "parse", text]).stdout
    assert "次日起每24小时最高40.00元" in shown and "第三个24小时起每24小时最高50.00元" in shown
    fourth = runner.invoke(app, ["tariff", "parse", "每小时5元，24小时最高30元，第4个24小时起每24小时最高50元"])
    assert "第四个24小时起每24小时最高50.00元" in fourth.stdout and "第三个" not in fourth.stdout


def test_parse_shows_the_dates_of_a_seasonal_band():
    text = "每小时2元；收费时段：夏季(5月1日至9月30日)7:30-21:00；冬季(10月1日至4月30日)7:30-20:00"
    shown = runner.invoke(app, ["tariff", "parse", text]).stdout
    assert "05-01—09-30 07:30-21:00" in shown and "10-01—04-30 07:30-20:00" in shown


def test_parse_shows_saturday_apart_and_caps_of_some_days_only():
    saturday = runner.invoke(
        app, ["tariff", "parse", "小型车 星期一至六 8:00-20:00 每小时5元；星期日及公众假期 8:00-20:00 每小时3元"]
    )
    assert saturday.exit_code == 0, saturday.output
    assert "工作日、星期六 08:00-20:00" in saturday.stdout and "星期日、节假日 08:00-20:00" in saturday.stdout
    hong_kong = runner.invoke(
        app,
        [
            "tariff",
            "parse",
            "時租：$23 [星期一至五 (公眾假期除外)]；其他時段/周末收費 $25\n"
            "日泊：$115 [星期一至五(公眾假期外)每12小時之最高收費，由入閘時間起計算至同日午夜十二時止]\n"
            "24小時泊車：$166 [星期一至五(公眾假期外)每24小時之最高收費]",
        ],
    )
    assert hong_kong.exit_code == 0, hong_kong.output
    assert "工作日每12小时最高115.00元（至当日24时止）" in hong_kong.stdout
    assert "工作日24小时最高166.00元" in hong_kong.stdout


def test_unreadable_text_exits_2_naming_what_could_not_be_read():
    result = runner.invoke(app, ["tariff", "parse", "欢迎光临请有序停放"])
    assert result.exit_code == 2
    assert "欢迎光临请有序停放" in result.stderr
    fee_result = runner.invoke(app, ["tariff", "fee", "欢迎光临请有序停放", "--minutes", "60"])
    assert fee_result.exit_code == 2 and "未能识别" in fee_result.stderr


def test_partly_read_text_gives_the_fee_with_a_warning_listing_unread_parts():
    text = "首小时5元，之后每小时2元，节假日另行规定加收8元服务费"
    result = runner.invoke(app, ["tariff", "fee", text, "--minutes", "61", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["fee"] == "7.00"
    assert "节假日另行规定加收8元服务费" in result.stderr


def test_bad_arguments_are_refused_clearly(tmp_path):
    assert runner.invoke(app, ["tariff", "fee", ISSUE, "--minutes", "60", "--vehicle", "bus"]).exit_code == 2
    bad_start = runner.invoke(app, ["tariff", "fee", ISSUE, "--minutes", "60", "--start", "tomorrow"])
    assert bad_start.exit_code == 2 and "tomorrow" in bad_start.stderr
    missing = runner.invoke(app, ["tariff", "fee", "--file", str(tmp_path / "nope.txt"), "--minutes", "60"])
    assert missing.exit_code == 2 and "nope.txt" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert runner.invoke(app, ["tariff", "fee", "--tariff-json", str(broken), "--minutes", "60"]).exit_code == 2
    no_price = runner.invoke(app, ["tariff", "fee", "小型车每小时2元", "--minutes", "60", "--vehicle", "large"])
    assert no_price.exit_code == 2 and "large" in no_price.stderr
