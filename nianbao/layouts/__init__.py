"""The national layouts (nianbao/layouts/layouts.yml) compiled for matching labels to keys."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from nianbao.layouts.labels import closest, norm

LAYOUTS_FILE = Path(__file__).with_name("layouts.yml")


@dataclass
class Key:
    code: str
    label: str
    patterns: list  # str (substring) or compiled regex
    under: str = ""
    formats: tuple = ("2019", "2021")
    group_of: tuple = ()  # rows this row is the heading of, when they are printed too
    not_under: tuple = ()  # parents that rule this key out

    @property
    def norm_label(self) -> str:
        return norm(self.label)

    def match(self, text: str) -> int:
        """Length of the best match of a normalised label (0: no match)."""
        best = 0
        for p in self.patterns:
            if isinstance(p, str):
                if p in text:
                    best = max(best, len(p) + 1)
            elif p.search(text):
                best = max(best, len(text) + 2)  # an anchored regex is the most specific
        return best


@dataclass
class TableLayout:
    code: str
    title: str
    section: int
    rows: list[Key]
    cols: list[Key]
    rows_from: str  # "row": row keys only from row labels; "any": from row or column labels
    order: list[str]
    row_order: dict[str, list[str]]
    shape: dict[str, dict[str, list[str]]]
    groups: dict[str, dict] = field(default_factory=dict)
    col_groups: list[str] = field(default_factory=list)

    def expected(self, template: str) -> list[tuple[str, str]]:
        if self.shape:
            return [(r, c) for r, cols in self.shape.get(template, {}).items() for c in cols]
        cols = [c for c in self.order if c != "org_subtotal"]
        return [(r, c) for r in self.row_order.get(template, []) for c in cols]


def compile_key(code: str, spec: dict) -> Key:
    patterns = [re.compile(p[1:]) if p.startswith("~") else norm(p) for p in spec["match"]]
    return Key(code, spec.get("label", code), patterns, norm(spec.get("under", "")),
               tuple(spec.get("formats", ("2019", "2021"))), tuple(spec.get("group_of", ())),
               tuple(norm(n) for n in spec.get("not_under", ())))


@lru_cache(maxsize=1)
def data() -> dict:
    """layouts.yml as written (tables, decoration): the one place it is read. Readers, checks,
    publication and the fixture generator all take it from here."""
    return yaml.safe_load(LAYOUTS_FILE.read_text("utf-8"))


def tables() -> dict:
    """The tables of layouts.yml as written (labels, shapes, orders)."""
    return data()["tables"]


@lru_cache(maxsize=1)
def layouts() -> dict[str, TableLayout]:
    out = {}
    for code, t in tables().items():
        out[code] = TableLayout(
            code=code, title=t["title"], section=t["section"],
            rows=[compile_key(k, v) for k, v in t["rows"].items()],
            cols=[compile_key(k, v) for k, v in t["cols"].items()],
            rows_from=t.get("rows_from", "row"), order=t.get("order") or list(t["cols"]),
            row_order=t.get("row_order", {}), shape=t.get("shape", {}),
            groups=t.get("groups", {}), col_groups=t.get("col_groups", []),
        )
        _KEYSETS[id(out[code].rows)] = out[code].rows
        _KEYSETS[id(out[code].cols)] = out[code].cols
    return out


def best_key(keys: list[Key], text: str, context: str = "") -> Key | None:
    """The key whose pattern fits `text` best; `under` must appear in `context`.
    Falls back to a close match of the printed label, for typos (「其他法律行政止公开」)."""
    if not text:
        return None
    parents = _PARENTS.get(id(keys))
    if parents is None:
        parents = _PARENTS[id(keys)] = sorted({u for k in keys for u in (k.under, *k.not_under) if u})
    present = tuple(u for u in parents if u in context)
    return _best_key(id(keys), text, present)


_KEYSETS: dict[int, list[Key]] = {}
_PARENTS: dict[int, list[str]] = {}  # per key list: the parent labels its keys ask about


@lru_cache(maxsize=65536)
def _best_key(keys_id: int, text: str, present: tuple[str, ...]) -> Key | None:
    keys = [k for k in _KEYSETS[keys_id]
            if (not k.under or k.under in present) and not any(n in present for n in k.not_under)]
    scored = [(k.match(text) and k.match(text) + bool(k.under), k) for k in keys]  # in its group: more specific
    scored = [(s, k) for s, k in scored if s]
    if scored:
        scored.sort(key=lambda sk: -sk[0])
        return scored[0][1]
    return closest(text, {k.norm_label: k for k in keys})


@lru_cache(maxsize=1)
def decorations() -> list:
    """Labels that carry numbers no canonical key takes (序号, a group's 小计): layouts.yml `decoration`."""
    return [re.compile(p[1:]) if p.startswith("~") else norm(p) for p in data().get("decoration", [])]


# --- what a label names, in any table (readers without table context ask this) ---------------
def row_named(text: str, context: str = "") -> str | None:
    """The code of the row any table's layout gives this label, or None."""
    return next((k.code for t in layouts().values() if (k := best_key(t.rows, norm(text), context))), None)


def column_named(text: str, context: str = "") -> Key | None:
    """The key a column label names: a column, or a row of a table that prints its rows as
    columns too (table 4: 行政复议 | 未经复议直接起诉 | 复议后起诉)."""
    return next((k for t in layouts().values() for keys in ([t.cols, t.rows] if t.rows_from == "any" else [t.cols])
                 if (k := best_key(keys, norm(text), context))), None)


def names_group(text: str) -> list[str]:
    """The column groups (法人或其他组织) a text names."""
    t = norm(text)
    return [g for table in layouts().values() for g in table.col_groups if norm(g) in t]


@lru_cache(maxsize=65536)
def is_decoration(label: str) -> bool:
    """A label that carries numbers no key takes (layouts.yml `decoration`)."""
    return bool(label) and any(p.search(label) if hasattr(p, "search") else p == label for p in decorations())


def table_of_rows(labels: list[str]) -> str | None:
    """The table whose row labels these are (most of them named by one table's rows), or None."""
    votes = {code: sum(1 for label in labels if label and best_key(t.rows, norm(label), label))
             for code, t in layouts().items() if t.rows_from == "row"}
    code = max(votes, key=votes.get, default=None)
    return code if code and votes[code] >= max(1, (len(labels) + 1) // 2) else None
