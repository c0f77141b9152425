"""UI strings: Simplified Chinese by default, English by the sidebar switch.

`t(key, **values)` looks the key up in the current language (st.session_state["lang"]) and formats it.
A missing English string falls back to the Chinese one; a missing key shows the key (and a test fails).
"""

from __future__ import annotations

from typing import Any

LANGUAGES = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"

STRINGS: dict[str, tuple[str, str]] = {
    # frame
    "app_title": ("停车收费价格监测", "Parking-fee price monitoring"),
    "language": ("语言 Language", "Language 语言"),
    "demo_label": ("演示数据 demo data", "演示数据 demo data"),
    "signed_in_as": ("已登录：{name}（{role}）", "Signed in: {name} ({role})"),
    "not_signed_in": ("未登录（公众）", "Not signed in (public)"),
    "section_public": ("公众查询", "Public"),
    "section_inspector": ("检查员工作台", "Inspector's desk"),
    "section_manager": ("专项行动", "Campaign room"),
    "section_account": ("账号", "Account"),
    "refused": (
        "无权访问此页面。请使用具有相应权限的账号登录。",
        "You may not open this page. Sign in with an account that has the role.",
    ),
    "refused_role": ("此页面需要“{role}”权限。", "This page needs the role “{role}”."),
    "role_public": ("公众", "public"),
    "role_inspector": ("检查员", "inspector"),
    "role_manager": ("专项行动负责人", "campaign manager"),
    "role_admin": ("管理员", "admin"),
    "no_data": ("暂无数据", "No data yet"),
    "page": ("页码", "Page"),
    "of_pages": ("共 {pages} 页，{total} 条", "{pages} pages, {total} rows"),
    # pages
    "page_map": ("停车场地图与列表", "Lots: map and list"),
    "page_lot": ("停车场详情", "Lot details"),
    "page_bill": ("核对停车费", "Was my bill right?"),
    "page_totals": ("全市统计", "City totals"),
    "page_data": ("开放数据", "Open data"),
    "page_upload": ("上传价目牌照片", "Upload board photos"),
    "page_findings": ("规则核查与处理", "Rules and findings"),
    "page_inspection": ("记录检查", "Record an inspection"),
    "page_queue": ("待复核队列", "Review queue"),
    "page_sources": ("数据源状态", "Source health"),
    "page_campaign": ("专项行动统计", "Campaign totals"),
    "page_audit": ("审计记录与通知", "Audit trail and notifications"),
    "page_signin": ("登录 / 退出", "Sign in / out"),
    # map and list
    "search": ("搜索停车场名称或地址", "Search lot name or address"),
    "district": ("区县", "District"),
    "pricing_form": ("定价形式", "Pricing form"),
    "compliance": ("合规状态", "Compliance"),
    "all": ("全部", "all"),
    "status_violation": ("有确认违规", "confirmed violation"),
    "status_rectified": ("已整改", "rectified"),
    "status_ok": ("未发现违规", "no confirmed violation"),
    "form_market": ("市场调节价", "market price"),
    "form_guided": ("政府指导价", "government-guided"),
    "form_government": ("政府定价", "government-set"),
    "form_unknown": ("未知", "unknown"),
    "lots_found": ("共找到 {n} 个停车场", "{n} lots found"),
    "map_limited": (
        "地图仅显示前 {n} 个结果；请用筛选缩小范围。",
        "The map shows the first {n} results; filter to narrow.",
    ),
    "show_map": ("显示地图", "Show the map"),
    "map_hint": (
        "结果超过 {n} 个，地图默认不显示；请按区县等筛选，或打开“显示地图”。",
        "More than {n} results: the map is off by default; filter by district, or switch the map on.",
    ),
    "open_lot": ("查看停车场", "Open lot"),
    "col_id": ("编号", "ID"),
    "col_name": ("名称", "Name"),
    "col_address": ("地址", "Address"),
    "col_status": ("状态", "Status"),
    "col_operator": ("经营者", "Operator"),
    "col_category": ("类别", "Category"),
    "col_berths": ("泊位", "Berths"),
    # lot page
    "choose_lot": ("选择停车场", "Choose a lot"),
    "lot_id": ("停车场编号", "Lot ID"),
    "lot_not_found": ("未找到该停车场。", "Lot not found."),
    "posted_tariff": ("公示收费标准", "Posted tariff"),
    "posted_text": ("公示原文", "Posted wording"),
    "no_tariff": ("尚无可读的收费标准。", "No readable tariff yet."),
    "common_stays": ("常见停放时长的费用（08:00 入场）", "Fee for common stays (entering 08:00)"),
    "vehicle": ("车型", "Vehicle"),
    "price_history": ("历史公示价格", "Posted price history"),
    "valid_from": ("起始", "From"),
    "confirmed_findings": ("已确认的违规", "Confirmed findings"),
    "no_findings": ("暂无已确认的违规。", "No confirmed findings."),
    "rule": ("规则", "Rule"),
    "basis": ("法律依据", "Legal basis"),
    "message": ("说明", "Message"),
    "found_at": ("发现时间", "Found"),
    "board_photo": ("价目牌照片（公开版，已模糊处理）", "Board photo (public copy, blurred)"),
    "free_minutes": ("免费时长（分钟）", "Free minutes"),
    "cap_24h": ("24小时封顶（元）", "24 h cap (yuan)"),
    "cap_day": ("白天封顶（元）", "Day cap (yuan)"),
    # bill check
    "entry": ("入场时间", "Entry"),
    "exit": ("出场时间", "Exit"),
    "paid": ("实付金额（元）", "Amount paid (yuan)"),
    "check": ("核对", "Check"),
    "fee_is": (
        "按公示标准应收 {fee} 元（停放 {minutes} 分钟）",
        "The posted tariff gives {fee} yuan ({minutes} minutes)",
    ),
    "breakdown": ("计费明细", "Breakdown"),
    "overcharged": ("您多付了 {diff} 元。", "You paid {diff} yuan too much."),
    "paid_ok": ("实付金额未超过公示标准。", "You did not pay more than the posted tariff."),
    "exit_before_entry": ("出场时间必须晚于入场时间。", "Exit must be after entry."),
    "complain_how": (
        "可拨打 12315 热线，或通过全国12315平台（www.12315.cn）、“全国12315平台”微信小程序投诉。"
        "请保留停车票据或支付记录。以下文字可复制使用：",
        "Call the 12315 hotline or use the national 12315 platform (www.12315.cn) or its WeChat mini program. "
        "Keep your receipt. You may copy this text:",
    ),
    "complaint_text": (
        "本人于{entry}至{exit}在{lot}（{address}）停放{vehicle}，共{minutes}分钟，实付{paid}元。按该停车场公示的收费标准应收{fee}元，多收{diff}元。请依法核查处理，并责令退还多收费用。",
        "本人于{entry}至{exit}在{lot}（{address}）停放{vehicle}，共{minutes}分钟，实付{paid}元。按该停车场公示的收费标准应收{fee}元，多收{diff}元。请依法核查处理，并责令退还多收费用。",
    ),
    # totals
    "lots_monitored": ("监测停车场", "Lots monitored"),
    "disclosure_rate": ("明码标价公示率", "Disclosure rate"),
    "violations_confirmed": ("确认违规", "Violations confirmed"),
    "violations_rectified": ("已整改", "Rectified"),
    "per_lot_counts": ("各停车场执法情况（可点击表头排序）", "Enforcement per lot (click a header to sort)"),
    "col_inspections": ("检查次数", "Inspections"),
    "col_confirmed": ("确认违规", "Confirmed"),
    "col_by_rule": ("按规则", "By rule"),
    "col_rectified": ("已整改", "Rectified"),
    "col_open": ("未整改", "Open"),
    # open data
    "download_lots_csv": ("下载停车场 CSV", "Download lots CSV"),
    "download_lots_geojson": ("下载停车场 GeoJSON", "Download lots GeoJSON"),
    "download_tariffs_csv": ("下载公示收费标准 CSV", "Download posted tariffs CSV"),
    "download_findings_csv": ("下载已确认违规 CSV", "Download public findings CSV"),
    "open_data_intro": (
        "以下数据可自由下载使用。仅包含公开信息：不含检查人员、未确认的发现、原始照片或投诉内容。",
        "Free to download. Public information only: no inspectors, unconfirmed findings, original photos "
        "or complaint texts.",
    ),
    # sign in
    "username": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出登录", "Sign out"),
    "sign_in_oidc": ("使用单位账号登录", "Sign in with your organisation account"),
    "bad_login": ("用户名或密码错误。", "Wrong user name or password."),
    "locked_out": ("尝试次数过多，请稍后再试。", "Too many attempts; try again later."),
    "signed_in_ok": ("登录成功：{name}", "Signed in: {name}"),
    # upload
    "upload_photos": (
        "选择一张或多张价目牌照片（可直接用手机拍照）",
        "Choose one or more board photos (phone camera works)",
    ),
    "file_too_large": (
        "{name}：文件过大（{size} MB，上限 {limit} MB）",
        "{name}: file too large ({size} MB, limit {limit} MB)",
    ),
    "rejected": ("{name}：{message}", "{name}: {message}"),
    "read_fields": ("识别结果（可修改）", "What was read (editable)"),
    "confidence": ("置信度 {c}", "confidence {c}"),
    "low_conf": ("低置信度，请核对", "low confidence, please check"),
    "assign_lot": ("所属停车场", "Lot"),
    "save_reading": ("保存", "Save"),
    "saved_reading": ("已保存：观测记录 {obs}{corr}", "Saved: observation {obs}{corr}"),
    "saved_correction": ("，更正记录 {id}", ", correction {id}"),
    "already_saved": ("该照片已保存（观测记录 {obs}）。", "This photo is saved (observation {obs})."),
    "raw_text": ("识别全文", "Full text read"),
    "unread_parts": ("未能解析的部分", "Parts not understood"),
    # findings
    "run_rules": ("运行规则核查", "Run the rules"),
    "rules_done": ("规则核查完成：{summary}", "Rules run: {summary}"),
    "findings": ("发现的问题", "Findings"),
    "severity": ("级别", "Severity"),
    "status": ("状态", "Status"),
    "reason": ("理由（必填）", "Reason (required)"),
    "confirm": ("确认违规", "Confirm"),
    "dismiss": ("驳回", "Dismiss"),
    "undo": ("撤销", "Undo"),
    "reason_required": ("请填写理由。", "Give a reason."),
    "changed_elsewhere": ("该记录已被他人修改，请刷新后再试。", "Someone else changed this record; reload and retry."),
    "decision_saved": ("已保存：{status}", "Saved: {status}"),
    "st_open": ("待处理", "open"),
    "st_confirmed": ("已确认", "confirmed"),
    "st_dismissed": ("已驳回", "dismissed"),
    "st_rectified": ("已整改", "rectified"),
    # inspection
    "inspected_on": ("检查日期", "Date"),
    "staff_count": ("出动人次", "Staff (person-times)"),
    "vehicle_count": ("出动车辆台次", "Vehicles"),
    "outcome": ("处理结果", "Outcome"),
    "deadline": ("整改期限", "Rectification deadline"),
    "fines": ("罚没款（元）", "Fines (yuan)"),
    "refunds": ("退还（元）", "Refunds (yuan)"),
    "disclosure_ok": ("明码标价符合要求", "Prices disclosed as required"),
    "notes": ("备注", "Notes"),
    "campaign": ("专项行动", "Campaign"),
    "none": ("无", "none"),
    "save_inspection": ("保存检查记录", "Save inspection"),
    "inspection_saved": ("检查记录已保存（编号 {id}）", "Inspection saved (id {id})"),
    "out_none": ("无", "none"),
    "out_warning": ("提醒告诫", "warning"),
    "out_interview": ("约谈", "interview"),
    "out_rectification_order": ("责令改正", "rectification order"),
    "out_case_opened": ("立案", "case opened"),
    "out_case_closed": ("结案", "case closed"),
    # queue / sources
    "queue_alerts": ("待复核的提示", "Alerts to review"),
    "queue_low_conf": ("低置信度识别", "Low-confidence reads"),
    "sources": ("数据源", "Sources"),
    "source_runs": ("最近运行", "Recent runs"),
    # manager
    "period": ("时间段", "Period"),
    "summary_sentence": ("工作小结", "Summary"),
    "per_week": ("每周检查次数", "Inspections per week"),
    "per_district": ("各区县发现问题", "Problems per district"),
    "per_rule": ("按规则统计违规", "Violations per rule"),
    "export_excel": ("导出 Excel", "Export to Excel"),
    "audit_trail": ("审计记录", "Audit trail"),
    "notifications": ("通知记录", "Notifications"),
    "actor": ("操作人", "Actor"),
    "entity": ("对象", "Entity"),
}


def current_language() -> str:
    try:
        import streamlit as st

        lang: str = st.session_state.get("lang", DEFAULT_LANGUAGE)
        return lang
    except Exception:  # outside a Streamlit run (tests of pure helpers)
        return DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, **values: Any) -> str:
    lang = lang or current_language()
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" and pair[1] else pair[0]
    return text.format(**values) if values else text


# Board field names (parkwatch.core.board.FIELD_NAMES) as inspectors know them.
FIELD_LABELS: dict[str, str] = {
    "lot_name": "停车场名称 lot name",
    "operator": "收费单位 operator",
    "operator_credit_code": "统一社会信用代码 credit code",
    "pricing_form": "定价形式 pricing form",
    "fee_basis": "收费依据 fee basis",
    "approval_number": "批准文号 approval number",
    "approval_valid_until": "有效期至 valid until",
    "hotlines": "举报电话 hotlines",
    "charging_hours": "收费时间 charging hours",
    "free_minutes": "免费时长（分钟） free minutes",
    "billing_unit": "计费单位 billing unit",
    "rounding": "不足部分计法 rounding",
    "cap": "封顶 cap",
    "exempt_vehicles": "免费车辆 exempt vehicles",
    "berths": "泊位数 berths",
    "issuer": "监制单位 issuer",
    "service_items": "服务项目 service items",
    "bare_prices": "无单位价格 bare prices",
    "unconditioned_prices": "无条件价格 unconditioned prices",
    "non_arabic_amounts": "中文数字金额 non-Arabic amounts",
}

# Vehicle classes of parkwatch.core.tariff (unknown classes keep their Chinese name).
VEHICLE_LABELS: dict[str, str] = {
    "small": "小型车 small",
    "large": "大型车 large",
    "motorcycle": "摩托车 motorcycle",
    "nev": "新能源车 NEV",
    "all": "所有车辆 all",
}
