"""Rich output for the commands: full text when the output is not a terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich loads only in the commands that draw tables
    from rich.console import Console

# Piped into a file, a pager or another program there is no screen to fit: a width this large means tables
# are drawn at their natural width and lines are never wrapped, so no cell or sentence is cut mid-word.
UNBOUNDED_WIDTH = 10_000


def console(*, stderr: bool = False) -> Console:
    """A Console for STDOUT (or STDERR): the terminal's width on a terminal, unbounded otherwise."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return Console(stderr=stderr, highlight=False)
    return Console(stderr=stderr, highlight=False, width=UNBOUNDED_WIDTH, soft_wrap=True)
