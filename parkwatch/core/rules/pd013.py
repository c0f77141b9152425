"""PD013 — 金额未使用阿拉伯数字 (amounts not in Arabic numerals and RMB).

What:
    Amounts must be written in Arabic numerals in RMB (5元, not 五元 / 伍元). The board reader lists
    amounts in Chinese numerals in the field `non_arabic_amounts`.

Why:
    "伍元" next to "5元" is easy to misread, and the rule exists to make prices comparable at a glance.

Legal basis:
    明码标价和禁止价格欺诈规定第九条：标示价格时，一般应当使用阿拉伯数字标明人民币金额。

Example:
    "首小时伍元" → alert naming "伍元".
"""

from __future__ import annotations

from datetime import date

from parkwatch.core.rules.base import listed_items_rule

RULE = listed_items_rule(
    "non_arabic_amounts",
    "arabic_numerals_required",
    "金额{shown}未使用阿拉伯数字标明人民币金额。",
    module=__name__,
    severity="alert",
    basis="明码标价和禁止价格欺诈规定第九条（摘要）：标示价格时，一般应当使用阿拉伯数字标明人民币金额",
    effective_from=date(2022, 7, 1),
)
