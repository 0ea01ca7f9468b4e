"""Judge the figures `privacybot status` read: OK, WARNING or CRITICAL with the reasons, as a JSON-ready dict and as a
short table for a terminal.

The levels follow monitoring plugins (exit code 0, 1, 2): CRITICAL when mail may not be getting in at all (no running
instance, a configured channel down, the database unreadable), WARNING when something needs a person (quarantined
mail, outgoing messages failing, overdue cases) or work is piling up.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.config import Settings
from storage.plain_reads import HeartbeatRow
from storage.states import STOPPED, UP
from storage.status_queries import Figures

OK, WARNING, CRITICAL = 0, 1, 2
LEVELS = ("OK", "WARNING", "CRITICAL")

FRESH = timedelta(seconds=60)  # a heartbeat older than this is silence (the service writes one every ~15 s)
WAITING_TOO_LONG = timedelta(minutes=5)  # stored mail not yet processed, or outgoing mail due and not sent
FAILED_WINDOW = timedelta(days=7)  # given-up outgoing messages warn this long after their last attempt
ALWAYS = ("smtp", "worker", "sender")  # run by every instance; imap and telegram when configured
SHOWN_REFERENCES = 20


def assess(figures: Figures, configured: Sequence[str], now: datetime, database: str) -> dict[str, Any]:
    """The status report: level, reasons and every figure."""
    running = running_instances(figures.heartbeats, now)
    reported = {row.channel for row in figures.heartbeats if row.instance in running}
    names = [*configured, *sorted(reported - set(configured))]
    channels = {name: channel_state(name, figures.heartbeats, now) for name in names}

    critical: list[str] = []
    if not running:
        critical.append(no_instance(figures.heartbeats, now))
    else:
        critical += [f"{name} is {describe(state, now)}" for name, state in channels.items() if not state["up"]]

    warning: list[str] = []
    if figures.quarantined:
        warning.append(f"{plural(figures.quarantined, 'quarantined message')} (the pipeline gave up on them)")
    if figures.inbound_oldest is not None and now - figures.inbound_oldest > WAITING_TOO_LONG:
        waiting = plural(figures.inbound_waiting, "stored message")
        warning.append(f"{waiting} not processed, the oldest received {ago(figures.inbound_oldest, now)}")
    if figures.outgoing_oldest is not None and now - figures.outgoing_oldest > WAITING_TOO_LONG:
        waiting = plural(figures.outgoing_waiting, "outgoing message")
        warning.append(f"{waiting} not sent, the oldest due {ago(figures.outgoing_oldest, now)}")
    if figures.outgoing_retrying:
        warning.append(f"{plural(figures.outgoing_retrying, 'outgoing message')} retrying after failed attempts")
    if figures.outgoing_failed:
        warning.append(f"{plural(figures.outgoing_failed, 'outgoing message')} given up in the last 7 days")
    if figures.overdue:
        shown = ", ".join(reference for reference, _ in figures.overdue[:5])
        more = ", ..." if len(figures.overdue) > 5 else ""
        warning.append(f"{plural(len(figures.overdue), 'overdue case')} ({shown}{more})")

    level = CRITICAL if critical else WARNING if warning else OK
    return {
        **header(level, critical + warning, now, database),
        "channels": channels,
        "instances": [instance_view(name, rows) for name, rows in running.items()],
        "inbound": {
            "waiting": figures.inbound_waiting,
            "oldest_waiting_received_at": iso(figures.inbound_oldest),
            "quarantined": figures.quarantined,
        },
        "outgoing": {
            "waiting": figures.outgoing_waiting,
            "oldest_due_at": iso(figures.outgoing_oldest),
            "retrying": figures.outgoing_retrying,
            "failed_last_7_days": figures.outgoing_failed,
        },
        "overdue_cases": {
            "count": len(figures.overdue),
            "oldest_deadline": figures.overdue[0][1].isoformat() if figures.overdue else None,
            "references": [reference for reference, _ in figures.overdue[:SHOWN_REFERENCES]],
        },
    }


def configured_channels(settings: Settings) -> list[str]:
    """The channels this configuration runs: the ones every instance has, and IMAP and Telegram when set."""
    return [*ALWAYS, *(["imap"] if settings.imap_host else []), *(["telegram"] if settings.telegram_token else [])]


def unavailable(reason: str, now: datetime, database: str) -> dict[str, Any]:
    """CRITICAL: the database could not be read; the figures are unknown (null), the shape stays the same."""
    empty = {"channels": None, "instances": None, "inbound": None, "outgoing": None, "overdue_cases": None}
    return {**header(CRITICAL, [reason], now, database), **empty}


def header(level: int, reasons: list[str], now: datetime, database: str) -> dict[str, Any]:
    return {
        "status": LEVELS[level],
        "exit_code": level,
        "reasons": reasons,
        "checked_at": now.isoformat(timespec="seconds"),
        "database": database,
    }


# -- heartbeats --------------------------------------------------------------------------------------------------


def running_instances(rows: Iterable[HeartbeatRow], now: datetime) -> dict[str, list[HeartbeatRow]]:
    """Instances with a fresh heartbeat that did not sign off, with their rows."""
    by_instance: dict[str, list[HeartbeatRow]] = {}
    for row in rows:
        by_instance.setdefault(row.instance, []).append(row)
    return {
        name: own
        for name, own in by_instance.items()
        if any(row.state != STOPPED and now - row.updated_at < FRESH for row in own)
    }


def channel_state(name: str, rows: Sequence[HeartbeatRow], now: datetime) -> dict[str, Any]:
    """Up when some instance's fresh heartbeat says so; else what the latest word about the channel was."""
    own = [row for row in rows if row.channel == name]  # newest first
    up = [row for row in own if row.state == UP and now - row.updated_at < FRESH]
    if up:
        return {"up": True, "state": UP, "detail": "", "instances": len(up), "last_seen": iso(up[0].updated_at)}
    if not own:
        return {"up": False, "state": "never seen", "detail": "", "instances": 0, "last_seen": None}
    latest = own[0]
    state = latest.state if latest.state == STOPPED or now - latest.updated_at < FRESH else "silent"
    detail = latest.detail if state != STOPPED else ""
    return {"up": False, "state": state, "detail": detail, "instances": 0, "last_seen": iso(latest.updated_at)}


def instance_view(name: str, rows: Sequence[HeartbeatRow]) -> dict[str, Any]:
    return {
        "instance": name,
        "started_at": iso(rows[0].started_at),
        "last_beat": iso(max(row.updated_at for row in rows)),
        "channels": {row.channel: row.state + (f" ({row.detail})" if row.detail else "") for row in rows},
    }


def no_instance(rows: Sequence[HeartbeatRow], now: datetime) -> str:
    if not rows:
        return "no privacybot instance has ever run against this database: start it with `privacybot run`"
    last = rows[0]
    how = "stopped" if last.state == STOPPED else "went silent (crashed or hung?)"
    return f"no running privacybot instance: the last one {how} {ago(last.updated_at, now)}; start `privacybot run`"


def describe(state: dict[str, Any], now: datetime) -> str:
    words = state["state"] + (f" ({state['detail']})" if state["detail"] else "")
    if state["last_seen"] and state["state"] != UP:
        words += f", last heard {ago(datetime.fromisoformat(state['last_seen']), now)}"
    return words


# -- words -------------------------------------------------------------------------------------------------------


def ago(then: datetime, now: datetime) -> str:
    seconds = max((now - then).total_seconds(), 0)
    if seconds < 90:
        return f"{seconds:.0f} s ago"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min ago"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.0f} h ago"
    return f"{seconds / 86400:.0f} days ago"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def render(report: dict[str, Any], now: datetime) -> str:
    """The terminal view: the verdict on the first line (what monitoring shows), then the figures."""
    reasons = "; ".join(report["reasons"]) or "every channel up, nothing waiting"
    lines = [f"{report['status']}: {reasons}"]
    if report["channels"] is not None:
        lines.append(f"{'CHANNEL':<10} {'STATE':<12} DETAIL")
        for name, state in report["channels"].items():
            heard = f"last heard {ago(datetime.fromisoformat(state['last_seen']), now)}" if state["last_seen"] else ""
            words = [plural(state["instances"], "instance")] if state["up"] else [state["detail"], heard]
            detail = "; ".join(word for word in words if word)
            lines.append(f"{name:<10} {state['state']:<12} {detail}".rstrip())
        inbound, outgoing, overdue = report["inbound"], report["outgoing"], report["overdue_cases"]
        lines += [
            f"instances: {len(report['instances'])} running"
            + "".join(f"\n  {i['instance']} (since {i['started_at']})" for i in report["instances"]),
            f"inbound:   {inbound['waiting']} waiting, {inbound['quarantined']} quarantined",
            f"outgoing:  {outgoing['waiting']} waiting, {outgoing['retrying']} retrying, "
            f"{outgoing['failed_last_7_days']} given up in the last 7 days",
            f"overdue:   {plural(overdue['count'], 'case')}"
            + (f", the oldest due {overdue['oldest_deadline']}" if overdue["count"] else ""),
        ]
    lines.append(f"database:  {report['database']}")
    return "\n".join(lines)
