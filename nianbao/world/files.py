"""The demo world's files: a truth (samples.make_truth) rendered as the bytes of an HTML, text,
DOCX, PDF, DOC or scan file, and corpora of them with their truths."""
from __future__ import annotations

import json
from pathlib import Path

from nianbao.world.samples import BROKEN, EXT, MISREPORTED_CARRY, VARIANTS, Truth, make_truth  # noqa: F401 (the truths, re-exported beside their files)
from nianbao.world.samples_docx import render_docx
from nianbao.world import samples_office
from nianbao.world.samples_html import render_html
from nianbao.world.samples_text import render_text

def render(t: Truth, fmt: str, variant: str = "standard", **opts) -> bytes:
    """The report as the bytes of a file of format `fmt` (see VARIANTS)."""
    if variant not in VARIANTS.get(fmt, []):
        raise ValueError(f"unknown format/variant {fmt}/{variant}; see samples.VARIANTS")
    if fmt == "html":
        return render_html(t.for_variant(variant), variant)
    if fmt == "text":
        return render_text(t, variant)
    if fmt == "docx":
        return render_docx(t, variant)
    # PDF, DOC and scans are made from the DOCX
    return samples_office.convert(render(t, "docx", variant), fmt, **opts)


def write_corpus(folder, n: int, formats=("html", "text", "docx"), seed: int = 0,
                 variants: str = "cycle") -> list[Path]:
    """Write n reports (seeds seed..seed+n-1) in each format, plus truth.jsonl.

    variants: "cycle" gives report i the i-th variant of each format (n ≥ 12 covers every
    HTML variant), "all" writes every variant, "standard" only the standard one.
    Files are named {seed}-{fmt}-{variant}.{ext}; truth.jsonl has one line per file:
    {"file", "format", "variant", "truth": the truth dict of that file}.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths, lines = [], []
    for i in range(n):
        t = make_truth(seed + i)
        for fmt in formats:
            vs = VARIANTS[fmt]
            chosen = {"all": vs, "standard": ["standard"], "cycle": [vs[i % len(vs)]]}[variants]
            for v in chosen:
                p = folder / f"{seed + i}-{fmt}-{v}.{EXT[fmt]}"
                p.write_bytes(render(t, fmt, v))
                paths.append(p)
                lines.append(json.dumps({"file": p.name, "format": fmt, "variant": v,
                                         "truth": t.for_variant(v).to_dict()}, ensure_ascii=False))
    (folder / "truth.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths
