"""The text the parser sees, mapped back to the document's text.

PDF-extracted reports and speeches break lines inside sentences and double their spaces,
which splits names and confuses the parser. Each chunk is given to spaCy with whitespace
collapsed (a line break inside a paragraph becomes a space, unless the line ends a sentence
or is a short heading), and every offset is mapped back, so facts still point into the
document's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WS = re.compile(r"\s+")
SHORT_LINE = 40  # a shorter line followed by a capital is a heading or header line


@dataclass(frozen=True)
class Aligned:
    """``parsed`` is what spaCy read; ``starts[i]`` is where its i-th character came from."""

    original: str
    parsed: str
    starts: tuple[int, ...]
    end: int

    def s(self, i: int) -> int:
        """Document offset of a start position in ``parsed``."""
        return self.starts[i] if i < len(self.starts) else self.end

    def e(self, j: int) -> int:
        """Document offset of an end position (exclusive) in ``parsed``."""
        return self.starts[j - 1] + 1 if j > 0 else self.s(0)

    def text(self, i: int, j: int) -> str:
        return self.original[self.s(i) : self.e(j)]


def align(original: str, start: int, end: int) -> Aligned:
    """Collapse whitespace in ``original[start:end]``, remembering where each character was."""
    out: list[str] = []
    starts: list[int] = []
    pos = start
    line_start = start
    for m in _WS.finditer(original, start, end):
        for k in range(pos, m.start()):
            out.append(original[k])
            starts.append(k)
        run = m.group(0)
        newlines = run.count("\n")
        before = original[pos : m.start()].rstrip()
        line = original[line_start : m.start()].strip()
        if newlines >= 2:
            replacement = "\n\n"
        elif newlines == 1 and (
            before.endswith((".", ":", ";", "!", "?"))
            or line.isupper()
            or (
                len(line) < SHORT_LINE
                and original[m.end() : m.end() + 1].isupper()
                and not line.endswith((",", "of", "the", "and"))
            )
        ):
            replacement = "\n"
        else:
            replacement = " "
        for ch in replacement:
            out.append(ch)
            starts.append(m.start())
        if newlines:
            line_start = m.end()
        pos = m.end()
    for k in range(pos, end):
        out.append(original[k])
        starts.append(k)
    return Aligned(original, "".join(out), tuple(starts), end)
