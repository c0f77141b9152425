"""A board text written line by line, as the board tests build it."""

from __future__ import annotations

from parkwatch.core.board import BoardRecord
from parkwatch.core.board_reader import read_board


def read_lines(*lines: str) -> BoardRecord:
    """The record of the board whose lines are `lines`."""
    return read_board("\n".join(lines))
