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
    "demo_label": ("演示数据", "demo data"),
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
    "session_ended": ("登录已过期或已退出，请重新登录。", "Your sign-in expired or was ended; sign in again."),
    "not_found_title": ("未找到页面", "Page not found"),
    "not_found": ("没有地址为 {path} 的页面。", "There is no page at {path}."),
    "back_to_front": ("返回停车场地图与列表", "Back to the lots map and list"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "yuan": ("元", "yuan"),
    "item": ("项目", "Item"),
    "amount_yuan": ("金额（元）", "Amount (yuan)"),
    "page": ("页码", "Page"),
    "of_pages": ("共 {pages} 页，{total} 条", "{pages} pages, {total} rows"),
    # pages
    "page_map": ("停车场地图与列表", "Lots: map and list"),
    "page_lot": ("停车场详情", "Lot details"),
    "page_bill": ("核对停车费", "Was my bill right?"),
    "page_totals": ("全市统计", "City totals"),
    "page_data": ("开放数据", "Open data"),
    "page_upload": ("上传价目牌照片", "Upload board photos"),
    "page_review": ("核实照片识别", "Review photo readings"),
    "page_findings": ("规则核查与处理", "Rules and findings"),
    "page_inspection": ("记录检查", "Record an inspection"),
    "page_queue": ("待复核队列", "Review queue"),
    "page_sources": ("数据源状态", "Source health"),
    "page_campaign": ("专项行动统计", "Campaign totals"),
    "page_audit": ("审计记录与通知", "Audit trail and notifications"),
    "page_signin": ("登录 / 退出", "Sign in / out"),
    # map and list
    "search": ("搜索停车场名称或地址", "Search lot name or address"),
    "filters": ("筛选：区县、定价形式、合规状态", "Filters: district, pricing form, compliance"),
    "map_schematic": (
        "区县轮廓为示意（按各区县中心划分），不是实际行政边界。",
        "District outlines are schematic (cells around each district centre), not real boundaries.",
    ),
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
    "choose_placeholder": ("请选择", "Choose"),
    "lot_id": ("停车场编号", "Lot ID"),
    "lot_not_found": ("未找到该停车场。", "Lot not found."),
    "lot_not_found_id": (
        "未找到编号为“{lot}”的停车场。请在下面搜索或选择。",
        "There is no lot “{lot}”. Search or choose one below.",
    ),
    "stay_fee": ("停放{stay}", "{stay} stay"),
    "check_this_bill": ("核对在这里停车的费用", "Check a bill from this lot"),
    "provenance": ("来源：{source}", "Source: {source}"),
    "from_web": ("网上公示（自动抓取，{day}）", "published online (crawled, {day})"),
    "from_photo": ("现场价目牌照片（检查员已核实，{day}）", "board photo on site (confirmed by an inspector, {day})"),
    "from_photo_unreviewed": (
        "现场价目牌照片（检查员上传，{day}）",
        "board photo on site (uploaded by an inspector, {day})",
    ),
    "from_other": ("其他记录（{day}）", "other record ({day})"),
    "col_source": ("来源", "Source"),
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
    "entry": ("入场日期", "Entry date"),
    "exit": ("出场日期", "Exit date"),
    "entry_time": ("入场时刻", "Entry time"),
    "exit_time": ("出场时刻", "Exit time"),
    "bad_amount": ("请输入正确的金额（元）。", "Enter an amount in yuan."),
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
        "可拨打 12315 热线，或通过全国12315平台（[www.12315.cn](https://www.12315.cn/)）、"
        "“全国12315平台”微信小程序投诉。请保留停车票据或支付记录。以下文字可复制使用：",
        "Call the 12315 hotline or use the national 12315 platform ([www.12315.cn](https://www.12315.cn/)) "
        "or its WeChat mini program. Keep your receipt. You may copy this text:",
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
    "locked_out": ("尝试次数过多，请 {seconds} 秒后再试。", "Too many attempts; try again in {seconds} s."),
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
    "st_pending": ("待核实", "pending"),
    "st_public": ("已公开", "public"),
    "st_rejected": ("已退回", "sent back"),
    # keys of the audit trail's before/after
    "key_name": ("名称", "name"),
    "key_role": ("角色", "role"),
    "key_is_demo": ("演示数据", "demo data"),
    "key_lot_id": ("停车场编号", "lot"),
    "key_evidence": ("证据", "evidence"),
    "key_status": ("状态", "status"),
    "key_reason": ("理由", "reason"),
    "key_fields": ("字段", "fields"),
    "key_correction_id": ("更正记录", "correction"),
    "key_tariff_text": ("价格文字", "price wording"),
    "key_tariff": ("收费标准", "tariff"),
    "key_decision": ("决定", "decision"),
    "key_finding_id": ("问题编号", "finding"),
    "key_version": ("版本", "version"),
    "key_kind": ("类型", "kind"),
    "key_ocr_engine": ("识别引擎", "OCR engine"),
    "key_outcome": ("处理结果", "outcome"),
    "key_staff_count": ("出动人次", "staff"),
    "key_vehicle_count": ("出动车辆台次", "vehicles"),
    "key_fines_yuan": ("罚没款（元）", "fines (yuan)"),
    "key_refunds_yuan": ("退还（元）", "refunds (yuan)"),
    "key_rectification_deadline": ("整改期限", "deadline"),
    "key_inspectors": ("检查人员", "inspectors"),
    "key_disclosure_ok": ("明码标价符合要求", "prices disclosed"),
    "key_rectified": ("已整改", "rectified"),
    "key_reinspection_of_id": ("复查的检查", "re-inspection of"),
    "key_address": ("地址", "address"),
    "key_district": ("区县", "district"),
    "key_start_date": ("开始日期", "start"),
    "key_end_date": ("结束日期", "end"),
    "key_districts": ("区县", "districts"),
    "key_targets": ("目标", "targets"),
    "key_path": ("原件位置", "original"),
    "key_public_path": ("公开版位置", "public copy"),
    "key_purged_at": ("清除时间", "purged"),
    "key_retention_days": ("保存天数", "retention days"),
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
    "per_week": ("每周出动人次与检查停车场数", "Staff person-times and lots inspected per week"),
    "per_district": ("各区县发现问题", "Problems per district"),
    "per_rule": ("按规则统计违规", "Violations per rule"),
    "export_excel": ("导出 Excel", "Export to Excel"),
    "audit_trail": ("审计记录", "Audit trail"),
    "notifications": ("通知记录", "Notifications"),
    "actor": ("操作人", "Actor"),
    "entity": ("对象", "Entity"),
    # labels, codes in words
    "severity_error": ("违规", "violation"),
    "severity_alert": ("需复核", "to review"),
    "conf_none": ("未识别", "not read"),
    "conf_sure": ("{c} 可信", "{c} reliable"),
    "conf_check": ("{c} 需核对", "{c} check"),
    "conf_low": ("{c} 置信度低，必须核对", "{c} low, must check"),
    "dk_operator": ("经营者自行公示", "the operator"),
    "dk_authority": ("主管部门公示", "an authority"),
    "dk_repost": ("转载", "a repost"),
    "not_checked": ("未检查", "not checked"),
    "deadline_help": (
        "责令改正时必填；其他处理结果可留空。",
        "Required for a rectification order; leave empty otherwise.",
    ),
    "decision_reason": ("处理理由", "Reason given"),
    # upload and review
    "prices_read": ("识别出的收费标准", "Prices read"),
    "no_prices_read": (
        "未识别到收费价格：请在下面“价格文字”中填写，或核对照片。",
        "No prices were read: write them under “Price wording” below, or check the photo.",
    ),
    "price_wording": ("价格文字（可改写，改写后重新识别）", "Price wording (rewrite it to have it read again)"),
    "price_wording_help": (
        "照片上与价格有关的文字。只有改写后才会重新识别并作为更正保存。",
        "The price lines of the photo. Only a rewritten wording is read again and saved as a correction.",
    ),
    "more_fields": ("其他字段（{n} 项）", "Other fields ({n})"),
    "weak_reading": (
        "识别结果不完整，保存后须经核实才会公开：{reasons}",
        "This reading is incomplete and will not be public until reviewed: {reasons}",
    ),
    "board_notice": (
        "价目牌上的价格可能被改动，保存后须经核实才会公开：{notices}",
        "A price on the board may have been changed; the reading will not be public until reviewed: {notices}",
    ),
    "saved_pending": (
        "该识别结果待核实：经检查员在“核实照片识别”页确认后才会公开。",
        "This reading waits for review: it becomes public once an inspector confirms it on “Review photo readings”.",
    ),
    "mismatch_lot_name": (
        "价目牌上的停车场名称“{read}”与所选停车场“{registered}”不一致。",
        "The board names the lot “{read}”, the lot chosen is “{registered}”.",
    ),
    "mismatch_operator": (
        "价目牌上的收费单位“{read}”与登记的经营者“{registered}”不一致。",
        "The board names the operator “{read}”, the lot's registered operator is “{registered}”.",
    ),
    "mismatch_address": (
        "价目牌上的地址“{read}”与登记地址“{registered}”不一致。",
        "The board gives the address “{read}”, the lot's registered address is “{registered}”.",
    ),
    "review_intro": (
        "上传照片的识别结果在确认前不会公开。请核对价格与停车场是否对应，再确认或退回。",
        "Readings of uploaded photos are not public until confirmed. Check the prices and the lot, then "
        "confirm or send back.",
    ),
    "review_unavailable": (
        "此数据库尚未启用“待核实”状态，上传的识别结果目前直接保存。升级数据库后即可使用此页。",
        "This database has no review status yet: uploaded readings are stored as they are. Upgrade the "
        "database to use this page.",
    ),
    "review_empty": ("没有待核实的识别结果。", "No readings wait for review."),
    "review_no_lot": ("未指定停车场：请重新上传并选择停车场。", "No lot chosen: upload again and choose the lot."),
    "review_buttons_missing": (
        "确认与退回功能尚未接入存储层。",
        "Confirming and sending back are not connected to the storage layer yet.",
    ),
    "review_confirm": ("确认并公开", "Confirm and publish"),
    "review_reason": ("退回理由（退回时必填）", "Reason for sending back (required to send back)"),
    "review_reject": ("退回（不公开）", "Send back (not public)"),
    "review_done": ("观测记录 {id} 已处理。", "Observation {id} done."),
    "pending_count": ("{n} 条识别结果待核实", "{n} readings wait for review"),
    # queue, sources, audit: column names and codes in words
    "col_finding": ("问题编号", "Finding"),
    "col_observation": ("观测记录", "Observation"),
    "col_taken_at": ("拍摄时间", "Taken"),
    "col_weak_fields": ("低置信度字段", "Low-confidence fields"),
    "col_engine": ("识别引擎", "OCR engine"),
    "col_kind": ("类型", "Kind"),
    "col_last_run": ("上次运行", "Last run"),
    "col_last_status": ("状态", "Status"),
    "col_items": ("条目", "Items"),
    "col_valid_items": ("有效条目", "Valid items"),
    "col_errors": ("错误", "Errors"),
    "col_url": ("网址", "URL"),
    "col_started": ("开始时间", "Started"),
    "sources_failed": ("{n} 个数据源最近一次运行失败", "{n} sources failed on their last run"),
    "run_ok": ("正常", "ok"),
    "run_failed": ("运行失败", "failed"),
    "run_running": ("运行中", "running"),
    "kind_web": ("网站", "web page"),
    "kind_api": ("数据接口", "data API"),
    "kind_photo": ("照片", "photo"),
    "col_at": ("时间", "Time"),
    "col_action": ("操作", "Action"),
    "col_entity_id": ("对象编号", "Entity id"),
    "col_before": ("修改前", "Before"),
    "col_after": ("修改后", "After"),
    "col_channel": ("通道", "Channel"),
    "col_attempts": ("尝试次数", "Attempts"),
    "col_last_error": ("最近错误", "Last error"),
    "col_sent_at": ("发送时间", "Sent"),
    "action_campaign_create": ("新建专项行动", "campaign created"),
    "action_evidence_purge": ("清除证据原件", "evidence purged"),
    "action_finding_confirm": ("确认违规", "finding confirmed"),
    "action_finding_dismiss": ("驳回问题", "finding dismissed"),
    "action_finding_rectify": ("确认已整改", "finding rectified"),
    "action_finding_undo": ("撤销决定", "decision undone"),
    "action_inspection_create": ("记录检查", "inspection recorded"),
    "action_inspection_reinspect": ("记录复查", "re-inspection recorded"),
    "action_observation_correct": ("更正识别结果", "reading corrected"),
    "action_observation_upload": ("上传照片", "photo uploaded"),
    "action_observation_confirm": ("核实并公开识别结果", "reading confirmed"),
    "action_observation_reject": ("退回识别结果", "reading sent back"),
    "action_user_add": ("新增账号", "account added"),
    "action_seed": ("初始化数据", "seeded"),
    "entity_finding": ("问题", "finding"),
    "entity_inspection": ("检查", "inspection"),
    "entity_observation": ("观测记录", "observation"),
    "entity_user": ("账号", "account"),
    "entity_evidence": ("证据", "evidence"),
    "entity_campaign": ("专项行动", "campaign"),
    "entity_lot": ("停车场", "lot"),
    "note_new_error": ("新违规", "new violation"),
    "note_price_change": ("价格变动", "price change"),
    "note_source_failed": ("数据源运行失败", "source failed"),
    "send_pending": ("待发送", "pending"),
    "send_sent": ("已发送", "sent"),
    "send_failed": ("发送失败", "failed"),
    # campaign
    "m_staff": ("出动人次", "Staff person-times"),
    "m_lots": ("检查停车场", "Lots inspected"),
    "m_problems": ("发现问题", "Problems found"),
    "m_rectified": ("已整改", "Rectified"),
    "m_rectification_rate": ("整改率", "Rectification rate"),
    "m_orders": ("责令改正", "Rectification orders"),
    "m_cases": ("立案", "Cases opened"),
    "m_fines": ("罚没款", "Fines"),
    "m_refunds": ("退还", "Refunds"),
    "m_complaints": ("投诉", "Complaints"),
    "axis_count": ("数量", "Count"),
    "axis_measure": ("指标", "Measure"),
    "axis_week": ("周", "Week"),
    "week_of": ("{year}年第{week}周", "{year} week {week}"),
    "session_lasts": (
        "登录在 {hours} 小时内有效（刷新、书签和复制的链接都保持登录）；退出后立即失效。",
        "The sign-in lasts {hours} hours (reloads, bookmarks and copied links keep it); signing out ends it at once.",
    ),
    # cities (issue #16): the city choice of the public pages
    "city": ("城市", "City"),
    "all_cities": ("全部城市", "All cities"),
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
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "lot_name": ("停车场名称", "lot name"),
    "operator": ("收费单位", "operator"),
    "operator_credit_code": ("统一社会信用代码", "credit code"),
    "pricing_form": ("定价形式", "pricing form"),
    "fee_basis": ("收费依据", "fee basis"),
    "approval_number": ("批准文号", "approval number"),
    "approval_valid_until": ("有效期至", "valid until"),
    "hotlines": ("举报电话", "hotlines"),
    "charging_hours": ("收费时间", "charging hours"),
    "free_minutes": ("免费时长（分钟）", "free minutes"),
    "billing_unit": ("计费单位", "billing unit"),
    "rounding": ("不足部分计法", "rounding"),
    "cap": ("封顶", "cap"),
    "exempt_vehicles": ("免费车辆", "exempt vehicles"),
    "berths": ("泊位数", "berths"),
    "issuer": ("监制单位", "issuer"),
    "service_items": ("服务项目", "service items"),
    "bare_prices": ("无单位价格", "bare prices"),
    "unconditioned_prices": ("无条件价格", "unconditioned prices"),
    "non_arabic_amounts": ("中文数字金额", "non-Arabic amounts"),
    "disclosure_kind": ("公示主体", "who published it"),
}

# Vehicle classes of parkwatch.core.tariff (unknown classes keep their own name).
VEHICLE_LABELS: dict[str, tuple[str, str]] = {
    "small": ("小型车", "small vehicle"),
    "large": ("大型车", "large vehicle"),
    "motorcycle": ("摩托车", "motorcycle"),
    "nev": ("新能源车", "new-energy vehicle"),
    "all": ("所有车辆", "all vehicles"),
}


def _pick(pair: tuple[str, str] | None, fallback: str, lang: str | None) -> str:
    if pair is None:
        return fallback
    return pair[1] if (lang or current_language()) == "en" else pair[0]


def field_label(name: str, lang: str | None = None) -> str:
    return _pick(FIELD_LABELS.get(name), name, lang)


def vehicle_label(vehicle: str, lang: str | None = None) -> str:
    return _pick(VEHICLE_LABELS.get(vehicle), vehicle, lang)
