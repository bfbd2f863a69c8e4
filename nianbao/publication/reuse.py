"""How much of a report's text is copied from the same agency's report of the year before.

Each report's prose is cut into sentences, and each sentence is normalised: years, numbers,
spaces and punctuation taken out, so 「2023年共受理申请12件」 and 「2022年共受理申请9件」 count as
the same sentence (what changes from year to year is the numbers, not the wording). A sentence
is reused when the agency's previous report has it — the same once normalised (a hash lookup),
or nearly the same (a character or a word changed): its 3-character shingles have a Jaccard
similarity of at least 0.8 with a sentence of the previous report that was not found as it is.
The share is reused / sentences; it stays within a few points of a plain sentence-set
comparison, which counts only the same sentences.

Near-duplicates are looked for among the sentences the exact lookup left on both sides. When
those make many pairs (a report rewritten at length), MinHash LSH (datasketch) finds the
candidates in time linear in the sentences; a handful of pairs — the usual case, a report that
kept most of last year's text — are compared directly, which costs less than hashing them
(~1 µs a pair against ~70 µs a sentence for a MinHash and its LSH insert or query).
Either way a candidate counts only at the exact Jaccard, so both give the same answer but for
LSH's rare misses near the threshold.

One pass over the reports in (agency, year) order, holding one previous report at a time: the
cost grows with the number of reports, not its square, and the memory does not grow at all, so
it runs the same at a million reports. A report is only ever compared with its own agency's.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import sqlite_utils
from datasketch import MinHash, MinHashLSH

TABLE = "text_reuse"
SENTENCE_END = re.compile(r"[。；;！？!?\n]")
NOISE = re.compile(r"[\s\d０-９〇零一二三四五六七八九十百千万.,，、:：%％()（）\"“”'‘’《》〈〉【】\[\]]+")
MIN_CHARS = 8  # shorter pieces (「一、总体情况」) are headings, not prose
SHINGLE = 3  # characters per shingle
SIMILAR = 0.8  # Jaccard of shingles from which two sentences are one sentence, lightly edited
NUM_PERM = 64
# LSH bands for candidates at ~0.7 and above (a candidate pair at 0.8 is found 99 times in 100);
# every candidate is then confirmed on its exact Jaccard, so a loose band costs only a set
# comparison, never a wrong match
LSH_THRESHOLD, LSH_WEIGHTS = 0.7, (0.1, 0.9)
LSH_FROM_PAIRS = 4096  # unmatched pairs from which LSH is cheaper than comparing every pair
METHOD = f"sentences; {SHINGLE}-shingles same at {SIMILAR}, MinHash LSH {NUM_PERM} from {LSH_FROM_PAIRS} pairs; bands"
BANDS = [(0.9, "90–100%"), (0.7, "70–90%"), (0.5, "50–70%"), (0.3, "30–50%"), (0.0, "0–30%")]


def sentences(text: str) -> set[str]:
    out = set()
    for piece in SENTENCE_END.split(text or ""):
        s = NOISE.sub("", piece)
        if len(s) >= MIN_CHARS:
            out.add(s)
    return out


def shingles(sentence: str) -> set[str]:
    return {sentence[i:i + SHINGLE] for i in range(max(1, len(sentence) - SHINGLE + 1))}


def jaccard(a: set, b: set) -> float:
    common = len(a & b)
    return common / (len(a) + len(b) - common) if a or b else 1.0


def band(share: float) -> str:
    return next(label for low, label in BANDS if share >= low)


@dataclass
class Text:
    """One report's normalised sentences, with their shingles and MinHashes made when first asked."""
    report_id: str
    agency: str
    year: int
    sentences: set[str]
    _shingles: dict[str, set] = field(default_factory=dict)
    _minhash: dict[str, MinHash] = field(default_factory=dict)

    def shingles(self, s: str) -> set:
        if s not in self._shingles:
            self._shingles[s] = shingles(s)
        return self._shingles[s]

    def inherit(self, prev: "Text", same: set[str]) -> None:
        """Shingles and MinHashes of the sentences carried from `prev`, made there once already."""
        for s in same:
            if s in prev._shingles:
                self._shingles[s] = prev._shingles[s]
            if s in prev._minhash:
                self._minhash[s] = prev._minhash[s]

    def minhashes(self, wanted) -> dict[str, MinHash]:
        todo = [s for s in wanted if s not in self._minhash]
        made = MinHash.bulk([[g.encode() for g in self.shingles(s)] for s in todo], num_perm=NUM_PERM,
                            hashfunc=zlib.crc32)  # deterministic, and faster than the default sha1
        self._minhash.update(zip(todo, made))
        return {s: self._minhash[s] for s in wanted}


class Matcher:
    """Counts a report's sentences found in another report (its agency's previous one)."""

    def __init__(self):
        probe = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
        self.params = (probe.b, probe.r)  # worked out once (an integral): each index below reuses them

    def reused(self, mine: Text, prev: Text) -> tuple[int, int]:
        """(sentences of `mine` the same as one of `prev`, of them only nearly the same)."""
        same = mine.sentences & prev.sentences
        mine.inherit(prev, same)
        rest = sorted(mine.sentences - prev.sentences)
        theirs = sorted(prev.sentences - mine.sentences)
        if not rest or not theirs:
            return len(same), 0
        if len(rest) * len(theirs) >= LSH_FROM_PAIRS:
            near = self.near_lsh(mine, rest, prev, theirs)
        else:
            candidates = [prev.shingles(c) for c in theirs]
            near = sum(1 for s in rest if self.similar(mine.shingles(s), candidates))
        return len(same) + near, near

    @staticmethod
    def similar(a: set, candidates) -> bool:
        """Whether one of `candidates` has a Jaccard of at least SIMILAR with `a` (the hot loop:
        sizes too far apart are skipped, and the union is counted, not built)."""
        n = len(a)
        lo, hi = SIMILAR * n, n / SIMILAR
        for b in candidates:
            m = len(b)
            if lo <= m <= hi:
                common = len(a & b)
                if common >= SIMILAR * (n + m - common):
                    return True
        return False

    def near_lsh(self, mine: Text, rest: list[str], prev: Text, theirs: list[str]) -> int:
        index = MinHashLSH(num_perm=NUM_PERM, params=self.params)
        for s, m in prev.minhashes(theirs).items():
            index.insert(s, m, check_duplication=False)
        return sum(1 for s, m in mine.minhashes(rest).items()
                   if self.similar(mine.shingles(s), (prev.shingles(c) for c in index.query(m))))


def report_texts(db: sqlite_utils.Database):
    """Every report with an agency and a year, its sections joined, in (agency, year, id) order."""
    rows = db.execute("""
        SELECT r.id, r.agency, r.year, group_concat(s.text, '\n')
        FROM reports r JOIN sections s ON s.report_id = r.id
        WHERE r.duplicate_of IS NULL AND r.agency IS NOT NULL AND r.agency != '' AND r.year IS NOT NULL
        GROUP BY r.id ORDER BY r.agency, r.year, r.id""")
    for report_id, agency, year, text in rows:
        yield Text(report_id, agency, year, sentences(text))


def compare(texts) -> list[dict]:
    """One row per report that has a previous report of its agency: what it reuses from it.

    `texts` come in (agency, year) order; only the agency's latest earlier report is held."""
    matcher, out, prev = Matcher(), [], None
    for mine in texts:
        if prev and prev.agency == mine.agency and prev.year < mine.year and mine.sentences:
            reused, near = matcher.reused(mine, prev)
            share = round(reused / len(mine.sentences), 3)
            out.append({"report_id": mine.report_id, "agency": mine.agency, "year": mine.year,
                        "previous_report_id": prev.report_id, "previous_year": prev.year,
                        "sentences": len(mine.sentences), "reused": reused, "nearly_same": near,
                        "reused_share": share, "reuse_band": band(share)})
        if not prev or prev.agency != mine.agency or prev.year < mine.year:
            prev = mine
    return out


def build(db: sqlite_utils.Database) -> None:
    """(Re)build text_reuse: per report, its previous report and the share of sentences reused."""
    out = compare(report_texts(db))
    db.execute(f"DROP TABLE IF EXISTS [{TABLE}]")
    db[TABLE].create({"report_id": str, "agency": str, "year": int, "previous_report_id": str,
                      "previous_year": int, "sentences": int, "reused": int, "nearly_same": int,
                      "reused_share": float, "reuse_band": str},
                     pk="report_id")
    db[TABLE].insert_all(out, batch_size=2000)
    db[TABLE].create_index(["reused_share"])
    db[TABLE].create_index(["year"])
    db[TABLE].create_index(["reuse_band"])
    if db["published"].exists():  # how it was built: publish() rebuilds a table of an older method
        db.execute("INSERT OR REPLACE INTO published VALUES (?, ?, datetime('now'))", [TABLE, METHOD])


def current(db: sqlite_utils.Database) -> bool:
    """Whether text_reuse was built by this method (an archive of an earlier version was not)."""
    if not (db[TABLE].exists() and db["published"].exists()):
        return False
    row = db.execute("SELECT fingerprint FROM published WHERE name = ?", [TABLE]).fetchone()
    return bool(row) and row[0] == METHOD
