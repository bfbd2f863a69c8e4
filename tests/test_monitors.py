"""The night's Spidermon monitors (nianbao.monitors) on simulator nights: a healthy one, one
where a portal breaks, one where a portal's reports vanish; verdicts in `nightly_runs`, and a
webhook told when a monitor fails (notification is off unless configured)."""
from __future__ import annotations

import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from nianbao.world.simulator import CRAWL_ARGS, Simulator

SPECS = [{"family": f, "formats": ["html", "docx"], "years": [2022, 2023, 2024]} for f in ("static", "trs", "jsonapi")]


class Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        Hook.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def night(sim, data, *extra) -> dict:
    from nianbao.nightly import nightly

    code = nightly(str(sim.registry_path), str(data / "nianbao.db"), str(data), [*CRAWL_ARGS, *extra])
    assert code == 0  # a broken portal is the monitors' business, not a failed night
    row = sqlite3.connect(data / "nianbao.db").execute(
        "SELECT monitors, empty_portals FROM nightly_runs ORDER BY id DESC LIMIT 1").fetchone()
    return {"verdicts": {v["monitor"]: v for v in json.loads(row[0])}, "empty": json.loads(row[1])}


def failed(n: dict) -> set[str]:
    return {m for m, v in n["verdicts"].items() if v["status"] in ("FAIL", "ERROR")}


def test_monitors_on_a_broken_portal_and_on_vanished_reports(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook = ["-s", f"NIANBAO_NOTIFY_WEBHOOK=http://127.0.0.1:{server.server_port}/hook"]
    data = tmp_path / "data"
    try:
        with Simulator(portals=SPECS, seed=5) as sim:
            broken, emptied = sim.portals[1].id, sim.portals[2].id
            first = night(sim, data, *hook)
            assert failed(first) == set() and first["verdicts"]["item count"]["status"] == "SKIPPED"
            assert Hook.received == []  # nothing to say

            sim.break_portal(broken)  # every request answers 500
            second = night(sim, data, *hook)
            assert {"portals with zero reports", "item count"} <= failed(second)
            assert broken in second["verdicts"]["portals with zero reports"]["reason"]
            assert second["empty"] == [broken]
            assert len(Hook.received) == 1 and broken in Hook.received[0]["text"]

            sim.break_portal(broken, 0)
            sim.vanish(emptied)  # the portal answers, its reports are gone
            third = night(sim, data)  # no webhook configured: nobody is told
            last = sqlite3.connect(data / "nianbao.db").execute(
                "SELECT per_portal FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
            assert "portals with zero reports" in failed(third), (last, sim.request_log[-40:])
            reason = third["verdicts"]["portals with zero reports"]["reason"]
            assert emptied in reason and broken not in reason and third["empty"] == [emptied]
            assert third["verdicts"]["finish reason"]["status"] == "OK"
            assert len(Hook.received) == 1
    finally:
        server.shutdown()
