"""Spidermon monitors over one night: was the crawl healthy, and did it find what it found before?

`nianbao nightly` runs `NightSuite` with Spidermon's runner once the night's crawl and
extraction are done, on the night's figures (`night_stats`: Scrapy's finish reasons and the
crawl's counts from `crawl_runs`, per portal, plus the extraction's). Five monitors:

- finish reason: every crawl process of the night ended `finished`;
- error ratio: errors per page fetched at most NIANBAO_MONITOR_MAX_ERROR_RATIO;
- item count: reports found (new + unchanged) at least NIANBAO_MONITOR_MIN_ITEM_RATIO of the
  previous night's;
- portals with zero reports: none of the portals that have reports in the archive found none;
- extraction failures: at most NIANBAO_MONITOR_MAX_FAILED_SHARE of the night's extractions failed.

The verdicts go into the night's summary (`nightly_runs.monitors`, stdout). When a monitor
fails, `Notify` posts them to NIANBAO_NOTIFY_WEBHOOK and/or mails NIANBAO_NOTIFY_EMAIL_TO;
both are empty (off) by default (crawler/settings.py, or `-s NAME=value` on the command line).
"""
from __future__ import annotations

import json
import smtplib
import urllib.request
from email.message import EmailMessage

from spidermon import Action, Monitor, MonitorRunner, MonitorSuite, monitors

DEFAULTS = {"NIANBAO_MONITOR_MAX_ERROR_RATIO": 0.2, "NIANBAO_MONITOR_MIN_ITEM_RATIO": 0.9,
            "NIANBAO_MONITOR_MAX_FAILED_SHARE": 0.1, "NIANBAO_NOTIFY_WEBHOOK": "",
            "NIANBAO_NOTIFY_EMAIL_TO": "", "NIANBAO_NOTIFY_EMAIL_FROM": "nianbao@localhost",
            "NIANBAO_NOTIFY_SMTP_HOST": "localhost"}


def night_stats(db, after_run: int, before: dict, after: dict, previous: dict | None) -> dict:
    """The night's figures from the store: the crawl runs after run `after_run` (one per crawl
    process; by id, not by time: a night may start in the second the last one's crawl did),
    the counts before and after, and the previous night's row."""
    runs = list(db.query("SELECT finish_reason, pages_fetched, errors, per_portal FROM crawl_runs "
                         "WHERE id > ? ORDER BY id", [after_run])) if db["crawl_runs"].exists() else []
    per: dict[str, dict] = {}
    for run in runs:
        for pid, c in json.loads(run["per_portal"] or "{}").items():
            p = per.setdefault(pid, {"pages": 0, "reports": 0, "errors": 0})
            p["pages"] += c.get("pages", 0)
            p["reports"] += c.get("reports_new", 0) + c.get("reports_unchanged", 0)
            p["errors"] += sum((c.get("errors") or {}).values())
    had_reports = {pid for (pid,) in db.execute("SELECT DISTINCT portal_id FROM documents WHERE portal_id IS NOT NULL")}
    return {
        "finish_reasons": [r["finish_reason"] for r in runs],
        "pages": sum(r["pages_fetched"] or 0 for r in runs),
        "errors": sum(r["errors"] or 0 for r in runs),
        "reports_found": sum(p["reports"] for p in per.values()),
        "previous_reports_found": (previous or {}).get("reports_found"),
        "empty_portals": sorted(pid for pid, p in per.items() if not p["reports"]),
        "emptied_portals": sorted(pid for pid, p in per.items() if not p["reports"] and pid in had_reports),
        "extracted": after["reports"] - before["reports"],
        "failed_extractions": max(0, after["failed"] - before["failed"]),
    }


class NightMonitor(Monitor):
    def stat(self, key):
        return self.data.stats[key]

    def setting(self, key):
        return float(self.data.settings.get(key, DEFAULTS[key]))


@monitors.name("finish reason")
class FinishReason(NightMonitor):
    @monitors.name("every crawl process finished")
    def test_finished(self):
        reasons = self.stat("finish_reasons")
        self.assertTrue(reasons, "no crawl ran")
        bad = [r for r in reasons if r != "finished"]
        self.assertFalse(bad, f"crawl processes ended {', '.join(bad)}")


@monitors.name("error ratio")
class ErrorRatio(NightMonitor):
    @monitors.name("errors per page fetched")
    def test_error_ratio(self):
        pages, errors = self.stat("pages"), self.stat("errors")
        ratio = errors / max(pages, 1)
        limit = self.setting("NIANBAO_MONITOR_MAX_ERROR_RATIO")
        self.assertLessEqual(ratio, limit, f"{errors} errors for {pages} pages ({ratio:.0%} > {limit:.0%})")


@monitors.name("item count")
class ItemCount(NightMonitor):
    @monitors.name("reports found against the previous night")
    def test_item_count(self):
        previous, found = self.stat("previous_reports_found"), self.stat("reports_found")
        if not previous:
            self.skipTest("no previous night to compare with")
        share = self.setting("NIANBAO_MONITOR_MIN_ITEM_RATIO")
        self.assertGreaterEqual(found, share * previous,
                                f"{found} reports found, the previous night {previous} (< {share:.0%})")


@monitors.name("portals with zero reports")
class ZeroReports(NightMonitor):
    @monitors.name("portals with reports in the archive found some")
    def test_no_portal_emptied(self):
        emptied = self.stat("emptied_portals")
        self.assertFalse(emptied, f"found no report tonight: {', '.join(emptied)}")


@monitors.name("extraction failures")
class ExtractionFailures(NightMonitor):
    @monitors.name("share of extractions that failed")
    def test_failed_share(self):
        failed, done = self.stat("failed_extractions"), self.stat("extracted")
        limit = self.setting("NIANBAO_MONITOR_MAX_FAILED_SHARE")
        self.assertLessEqual(failed, limit * max(done, 1), f"{failed} of {done} extractions failed")


class Notify(Action):
    """Send the failed verdicts to a webhook (JSON POST) and/or by mail, if configured."""

    def run_action(self):
        settings = self.data.settings
        verdicts = [v for v in verdicts_of(self.result) if v["status"] != "OK" and v["status"] != "SKIPPED"]
        text = "nianbao nightly: " + "; ".join(f"{v['monitor']}: {v['reason']}" for v in verdicts)
        hook = settings.get("NIANBAO_NOTIFY_WEBHOOK") or ""
        to = settings.get("NIANBAO_NOTIFY_EMAIL_TO") or ""
        if not hook and not to:
            return
        if hook:
            body = json.dumps({"text": text, "failed": verdicts}, ensure_ascii=False).encode()
            req = urllib.request.Request(hook, body, {"Content-Type": "application/json"})
            urllib.request.urlopen(req, timeout=20).close()
        if to:
            msg = EmailMessage()
            msg["Subject"], msg["From"] = "nianbao nightly: monitors failed", settings.get(
                "NIANBAO_NOTIFY_EMAIL_FROM", DEFAULTS["NIANBAO_NOTIFY_EMAIL_FROM"])
            msg["To"] = to if isinstance(to, str) else ", ".join(to)
            msg.set_content(text)
            with smtplib.SMTP(settings.get("NIANBAO_NOTIFY_SMTP_HOST", "localhost"), timeout=20) as smtp:
                smtp.send_message(msg)


class NightSuite(MonitorSuite):
    monitors = [FinishReason, ErrorRatio, ItemCount, ZeroReports, ExtractionFailures]
    monitors_failed_actions = [Notify]


def verdicts_of(result) -> list[dict]:
    out = []
    for r in result.monitor_results:
        reason = (r.reason or "").split("\n")[0]
        out.append({"monitor": r.item.monitor_name, "status": r.status,
                    "reason": reason.split(" : ", 1)[-1][:300]})
    return out


def run(stats: dict, settings: dict | None = None) -> list[dict]:
    """Run the night's monitors; returns one verdict per monitor: monitor, status (OK, FAILURE,
    ERROR, SKIPPED), reason. Notification failures are reported, never raised."""
    runner = MonitorRunner()
    result = runner.run(NightSuite(), stats=stats, settings=dict(settings or {}))
    out = verdicts_of(result)
    for action in result.monitors_failed_action_results:
        if action.status == "ERROR":
            out.append({"monitor": "notify", "status": "ERROR", "reason": (action.error or "").strip().splitlines()[-1]})
    return out
