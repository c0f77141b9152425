"""The board reader never fails on odd text and its spans always point into the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parkwatch.core.board import FIELD_NAMES
from parkwatch.core.board_reader import read_board

# characters boards are made of: labels, digits, punctuation of both widths, spaces, newlines
SCATTERED = {"hotlines", "bare_prices", "unconditioned_prices", "non_arabic_amounts", "service_items"}

ALPHABET = st.sampled_from(
    list(
        "收费单位定价形式市场调节价政府指导依据批复号〔〕[]（）()【】：:，,。；;、|\t \n"
        "0123456789０１２３元角小时分钟每首次免不足按计封顶最高举报电话监督投诉有效期至年月日"
        "泊位车型大小白天夜间—-~/¥￥□☑物价局监制五两壹拾"
    )
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=200))
def test_any_text_reads_without_error_and_spans_stay_inside_it(text: str) -> None:
    record = read_board(text)
    assert set(record.fields) <= set(FIELD_NAMES)
    for name, reading in record.fields.items():
        assert reading.span is not None, name
        start, end = reading.span
        assert 0 <= start <= end <= len(text), (name, reading.span, text)
        assert reading.confidence == 1.0


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "收费单位：岳阳停车有限公司",
                "定价形式：市场调节价",
                "收费标准：小型车每小时2元",
                "举报电话：12315",
                "免费时长：15分钟",
                "岳阳市物价局监制",
                "收费依据：岳发改价〔2019〕12号",
                "最高收费：每日最高20元",
            ]
        ),
        min_size=1,
        max_size=8,
    ),
    st.data(),
)
def test_confidences_are_always_the_minimum_of_some_lines(lines: list[str], data: st.DataObject) -> None:
    text = "\n".join(lines)
    confidences = data.draw(st.lists(st.floats(0.0, 1.0), min_size=len(lines), max_size=len(lines)))
    record = read_board(text, confidences)
    for name, reading in record.fields.items():
        assert reading.confidence in confidences
        first_line = text.count("\n", 0, reading.span[0])
        last_line = text.count("\n", 0, max(reading.span[0], reading.span[1] - 1))
        lowest = min(confidences[first_line : last_line + 1])
        if name in SCATTERED:
            # items gathered from several lines: the span runs from the first to the last item, the
            # confidence is the lowest of the lines an item is on
            assert reading.confidence >= lowest
            assert reading.confidence <= min(confidences[first_line], confidences[last_line])
        else:
            assert reading.confidence == lowest


def test_long_and_repetitive_texts_are_read_in_linear_time() -> None:
    import time

    texts = [
        "1 " * 10000,
        "15分钟免费" * 3000,
        "由" + "岳阳" * 5000 + "公司经营，" + "免费" * 3000,
        "最高" * 5000 + "5元",
        "白天5元夜间2元\n" * 3000,
        "车型 首小时 之后每小时\n" + "小型车 5元 2元\n" * 2000,
    ]
    for text in texts:
        started = time.process_time()
        read_board(text)
        assert time.process_time() - started < 5.0, text[:30]
