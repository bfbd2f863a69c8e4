"""What a crawl carries over from earlier runs: validators of archived documents (for
conditional requests) and the Scrapy JOBDIR, kept only after a clean pause.

Scrapy writes its queue state to JOBDIR only when it closes; after SIGKILL the folder holds a
`requests.seen` without the queue, which would silently drop every pending link. So a JOBDIR
is resumed only if the last run paused cleanly; otherwise it is wiped and the crawl starts
over, which costs little because every archived document is then asked for conditionally.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

MARK = "nianbao-run.json"


def prepare_jobdir(jobdir: str | None) -> str:
    """'resume' when the last run paused cleanly, else 'fresh' (after wiping a stale folder)."""
    if not jobdir:
        return "fresh"
    path = Path(jobdir)
    mark = path / MARK
    status = json.loads(mark.read_text())["status"] if mark.exists() else None
    if status == "paused":
        mark_jobdir(jobdir, "running")
        return "resume"
    if path.exists():
        shutil.rmtree(path)
    mark_jobdir(jobdir, "running")
    return "fresh"


def mark_jobdir(jobdir: str | None, status: str) -> None:
    if jobdir:
        Path(jobdir).mkdir(parents=True, exist_ok=True)
        (Path(jobdir) / MARK).write_text(json.dumps({"status": status}))
