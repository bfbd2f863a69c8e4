"""The time a worker has left for its document, so that a reader starting a helper process
(LibreOffice) gives it no more than that, and the helpers a killed worker leaves behind.

The worker that runs one document calls `start(seconds)`; readers ask `remaining()`. Helper
process groups are registered while they run: a worker stopped by the pool (SIGTERM) kills
them before it goes, so no converter outlives its document.
"""
from __future__ import annotations

import os
import shutil
import signal
import time

_deadline: float | None = None
_groups: dict[int, str | None] = {}  # process group → its temporary folder


def start(seconds: float | None) -> None:
    global _deadline
    _deadline = time.monotonic() + seconds if seconds else None


def remaining(default: float, margin: float = 0.0) -> float:
    """Seconds left for this document less `margin` (at most `default`; `default` when no
    document is timed)."""
    if _deadline is None:
        return default
    return max(0.0, min(default, _deadline - time.monotonic() - margin))


def register(pgid: int, folder: str | None = None) -> None:
    _groups[pgid] = folder


def release(pgid: int) -> None:
    _groups.pop(pgid, None)


def kill_helpers() -> None:
    """Kill every registered helper group and remove its temporary folder (profile and all)."""
    for pgid, folder in list(_groups.items()):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    _groups.clear()


def on_terminate(signum, frame) -> None:  # noqa: ARG001 — a signal handler's signature
    kill_helpers()
    os._exit(128 + signum)


def install() -> None:
    """In a worker process: SIGTERM (the pool stopping a document past its time) kills helpers too."""
    signal.signal(signal.SIGTERM, on_terminate)
