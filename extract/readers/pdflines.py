"""A PDF page's words as lines in reading order, each line cut into fragments at wide gaps:
the page's text, and the material pdftext finds unruled tables in."""
from __future__ import annotations

from dataclasses import dataclass, field

from extract.readers.pdfgrid import is_footer


@dataclass
class Frag:
    x0: float
    x1: float
    text: str
    words: list[tuple[float, float, str]] = field(default_factory=list)  # the words it joins

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


Line = tuple[float, list[Frag]]


def lines_of(words: list[dict], min_gap: float = 1.6) -> list[Line]:
    """Words grouped into lines (top to bottom), each split into fragments at wide gaps."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) < 3:
            rows[-1].append(w)
        else:
            rows.append([w])
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        frags: list[Frag] = []
        prev = None
        for w in row:
            size = max(w["bottom"] - w["top"], 1.0)
            if prev is not None and w["x0"] - prev["x1"] < min_gap * size:
                gap = w["x0"] - prev["x1"]
                f = frags[-1]
                sep = "" if gap < 0.3 * size and not (alnum(f.text[-1:]) and alnum(w["text"][:1])) else " "
                f.text += sep + w["text"]
                f.x1 = w["x1"]
                f.words.append((w["x0"], w["x1"], w["text"]))
            else:
                frags.append(Frag(w["x0"], w["x1"], w["text"], [(w["x0"], w["x1"], w["text"])]))
            prev = w
        out.append((row[0]["top"], frags))
    return out


def alnum(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()


def _texts(frags: list[Frag]) -> list[str]:
    return [f.text for f in frags]


def lines_text(lines: list[Line]) -> str:
    """The page's text, a line per line, page numbers left out."""
    return "\n".join(" ".join(_texts(fs)) for _, fs in lines if not (len(fs) == 1 and is_footer(fs[0].text)))
