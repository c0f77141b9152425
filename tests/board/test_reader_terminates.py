"""The board reader ends on every text, however broken: OCR output is never trusted to be well formed."""

from __future__ import annotations

import multiprocessing

import pytest

from parkwatch.core.board_reader import read_board

# Texts that once made the reader loop for ever (a tesseract reading of a held-out photo, issue 15).
BROKEN = ["小型车;: 10元", "小型车；：10元", ";:5元", "大型车;;: 8元/次"]


def _read(text: str) -> None:
    read_board(text)


@pytest.mark.parametrize("text", BROKEN)
def test_a_broken_line_is_read_to_the_end(text: str) -> None:
    process = multiprocessing.get_context("fork").Process(target=_read, args=(text,))
    process.start()
    process.join(20)
    hung = process.is_alive()
    if hung:
        process.kill()
    assert not hung, f"read_board did not return on {text!r}"
    assert process.exitcode == 0
