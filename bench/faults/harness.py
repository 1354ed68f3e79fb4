"""One fault run: the servers, a fresh database per scenario, the load, the verdict.

The run makes one PostgreSQL cluster, one Redis and one SMTP sink, seeds a template
database once, and gives each scenario a copy of it (CREATE DATABASE ... TEMPLATE), its
own gunicorn, worker and beat, an empty Redis and an empty sink. A scenario's `inject`
breaks something while the members check in and returns when the fault is over; then the
harness waits until the app has caught up by itself (or `settle` seconds passed) and
measures (bench.faults.verify).
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.faults.load import Client, Load, Member, Probe, Try, what_users_saw
from bench.faults.people import ZONE
from bench.faults.servers import (
    PYTHON,
    REPO,
    App,
    Hold,
    Postgres,
    Redis,
    SmtpSink,
    app_env,
)
from bench.faults.verify import Figures, measure

TEMPLATE = "faults_template"
PRE = 10.0  # seconds of load before the fault
POST = 20.0  # members keep arriving this long after the fault's planned end
MIN_SPREAD = 45.0  # 300 members over no less than this: about 7 check-ins a second
GIVE_UP = 60.0  # a member stops trying this long after the last one arrived
RESTART_AFTER = 5.0  # a supervisor (docker's restart policy) starts a dead process again
HEALTH_AGAIN = 60.0  # after settling, how long /healthz/deep may take to say ok again


@dataclass
class Run:
    directory: Path
    settle: float
    pg: Postgres = field(init=False)
    redis: Redis = field(init=False)
    sink: SmtpSink = field(init=False)
    sessions: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pg = Postgres(self.directory / "postgres")
        self.redis = Redis(self.directory / "redis")
        self.sink = SmtpSink()

    @property
    def var(self) -> Path:
        # Static files collected once and kept between runs (DEBUG off needs the manifest).
        return REPO / "var" / "faults"

    def env(self, database: str) -> dict[str, str]:
        return app_env(self.pg.url(database), self.redis.url, self.sink.port, self.var)

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.pg.init()
        self.pg.start()
        self.redis.start()
        self.sink.start()
        self.pg.execute(f"CREATE DATABASE {TEMPLATE}")
        env = self.env(TEMPLATE)
        sessions = self.directory / "sessions.json"
        for args in (
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            [PYTHON, "bench/faults/seed.py", str(sessions)],
        ):
            done = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(f"{' '.join(args[1:])} failed:\n{done.stdout}{done.stderr}")
        self.sessions = json.loads(sessions.read_text())

    def stop(self) -> None:
        self.sink.stop()
        self.redis.stop()
        self.pg.stop()


@dataclass
class Fault:
    """What a scenario's `inject` gets: the run, the scenario's app and database."""

    run: Run
    app: App
    database: str
    started: float = 0.0
    ended: float = 0.0
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        self.notes.append(text)


@dataclass(frozen=True)
class Scenario:
    name: str
    what: str
    inject: Callable[[Fault], None]
    duration: float  # planned length of the fault, for spreading the members' arrivals
    sink_delay: float = 0.0
    hold: Callable[[], Hold] | None = None


@dataclass
class Result:
    scenario: Scenario
    figures: Figures
    fault_seconds: float
    recover: float | None  # first thanks after the fault ended, seconds after it
    errors_after: int  # failed tries that ended after the fault did
    users_saw: str
    healthz: str
    settled_after: float | None
    seconds: float
    notes: list[str]
    confirm_p95: float
    longest: float  # the slowest try, confirmed or not
    no_crisis_lines: int  # failed tries that showed no page with the crisis lines
    healthz_unanswered: int  # probes during or after the fault that got no answer in 5 s
    healthz_ok_again: bool  # /healthz/deep said 200 after the fault


def _local(at: float) -> datetime:
    return datetime.fromtimestamp(at, UTC).astimezone(ZoneInfo(ZONE))


def _due_minute(after: float) -> datetime:
    """The first whole minute at least a second after `after`, in the members' zone."""
    moment = _local(after + 1)
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)


def _healthz(probe: Probe, fault: Fault) -> str:
    during = Counter(
        str(status) for at, status, _v in probe.samples if fault.started <= at <= fault.ended
    )
    down = [
        v for at, status, v in probe.samples if fault.started <= at <= fault.ended and status != 200
    ]
    after = [(at, status) for at, status, _v in probe.samples if at > fault.ended]
    ok_again = next((at - fault.ended for at, status in after if status == 200), None)
    relapse = [
        at
        for at, status in after
        if ok_again is not None and at - fault.ended > ok_again and status != 200
    ]
    text = "during " + (",".join(f"{s}x{n}" for s, n in during.most_common()) or "-")
    if down:
        text += f" [{Counter(down).most_common(1)[0][0]}]"
    text += f"; 200 again +{ok_again:.0f}s" if ok_again is not None else "; never 200 again"
    if relapse:
        text += f" (then not 200 x{len(relapse)})"
    return text


def _unanswered(probe: Probe, fault: Fault) -> int:
    return sum(status is None for at, status, _v in probe.samples if at >= fault.started)


def _ok_again(probe: Probe, fault: Fault) -> bool:
    return any(status == 200 for at, status, _v in probe.samples if at > fault.ended)


def _await_health(probe: Probe, fault: Fault, deadline: float) -> None:
    """Keep probing until /healthz/deep says ok again (or `deadline`), so "200 again" is a
    measured time rather than cut off by the app settling first."""
    while not _ok_again(probe, fault) and time.time() < deadline:
        time.sleep(probe.every)


def _p95(tries: list[Try]) -> float:
    spans = sorted(t.ended - t.started for t in tries if t.confirmed)
    return spans[max(0, int(len(spans) * 0.95) - 1)] if spans else 0.0


_ERROR = re.compile(r"\bERROR\b|^Traceback|\bCRITICAL\b")


def _process_notes(app: App, fault: Fault) -> list[str]:
    notes = [f"{text} at {at - fault.started:+.0f}s" for at, text in app.events]
    for process in app.processes():
        text = process.text()
        errors = [line for line in text.splitlines() if _ERROR.search(line)]
        if errors:
            notes.append(f"{process.name}: {len(errors)} error lines, first: {errors[0][:160]}")
    return notes


def run_scenario(run: Run, scenario: Scenario) -> Result:
    began = time.time()
    database = f"faults_{scenario.name.replace('-', '_')}"
    run.pg.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    run.pg.execute(f"CREATE DATABASE {database} TEMPLATE {TEMPLATE}")
    run.redis.flush()
    run.sink.reset()
    run.sink.delay = scenario.sink_delay
    app = App(run.env(database), run.directory / scenario.name)
    fault = Fault(run, app, database)
    members = [Member(email, session) for email, session in run.sessions.items()]
    probe = Probe(app.web_port)
    try:
        app.start_web()
        app.start_worker()
        app.start_beat()
        app.supervise(RESTART_AFTER)
        _warm_up(app, members[:6])
        start = time.time()
        planned_at = start + PRE
        due = _due_minute(planned_at)
        run.pg.execute(
            "UPDATE reminders_reminderschedule SET local_time = %s", (due.time(),), database
        )
        # As on a server that has been running: the reminders' last tick was a moment ago (a
        # fresh database has none, and its first tick would look back one minute only).
        run.pg.execute(
            "INSERT INTO reminders_tickmark (name, at) VALUES ('reminders', now())", (), database
        )
        fault.note(f"reminders due {due:%H:%M} local (+{due.timestamp() - planned_at:.0f}s)")
        spread = max(MIN_SPREAD, PRE + scenario.duration + POST)
        load = Load(Client(app.web_port), members, start, spread, start + spread + GIVE_UP)
        probe.start()
        load.run()
        time.sleep(max(0.0, planned_at - time.time()))
        if scenario.hold is not None:
            run.sink.hold = scenario.hold()
        fault.started = time.time()
        say("fault")
        scenario.inject(fault)
        fault.ended = fault.ended or time.time()
        say(f"fault over after {fault.ended - fault.started:.0f} s; members still checking in")
        load.wait()
        say("load done; waiting for the app to catch up")
        last = max((t.ended for t in load.tries() if t.confirmed), default=fault.ended)
        settled_after = _settle(run, database, members, fault, max(last, fault.ended))
        _await_health(probe, fault, time.time() + HEALTH_AGAIN)
        probe.stop()
        conn = run.pg.connect(database)
        try:
            figures = measure(conn, members, run.sink, _local(time.time()).date())
        finally:
            conn.close()
        tries = load.tries()
        _write_traces(app.logs, fault, probe, tries)
        after = [t for t in tries if t.confirmed and t.started >= fault.ended]
        recover = min((t.ended for t in after), default=None)
        return Result(
            scenario=scenario,
            figures=figures,
            fault_seconds=fault.ended - fault.started,
            recover=None if recover is None else recover - fault.ended,
            errors_after=sum(not t.confirmed and t.ended > fault.ended for t in tries),
            users_saw=what_users_saw(tries),
            healthz=_healthz(probe, fault),
            settled_after=settled_after,
            seconds=time.time() - began,
            notes=fault.notes + _process_notes(app, fault),
            confirm_p95=_p95(tries),
            longest=max((t.ended - t.started for t in tries), default=0.0),
            no_crisis_lines=sum(not t.confirmed and not t.crisis_lines for t in tries),
            healthz_unanswered=_unanswered(probe, fault),
            healthz_ok_again=_ok_again(probe, fault),
        )
    finally:
        probe.stop()
        if run.sink.hold is not None:
            run.sink.hold.released.set()
        app.stop()
        if not run.redis.answers():
            run.redis.stop()
            run.redis.start()


def _warm_up(app: App, members: list[Member]) -> None:
    """Each gunicorn worker loads templates and URLs on its first page: not the fault's cost."""
    client = Client(app.web_port)
    threads = [
        threading.Thread(
            target=client.request, args=("GET", "/checkin/", {"sessionid": m.session}), daemon=True
        )
        for m in members
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def say(text: str) -> None:
    print(f"    {time.strftime('%H:%M:%S')} {text}", flush=True)


def _write_traces(folder: Path, fault: Fault, probe: Probe, tries: list[Try]) -> None:
    """healthz.tsv and tries.tsv: seconds from the fault's start, for reading a run later."""
    t0 = fault.started
    (folder / "healthz.tsv").write_text(
        f"# fault from 0 to {fault.ended - t0:.1f} s\n"
        + "".join(f"{at - t0:.1f}\t{status}\t{verdict}\n" for at, status, verdict in probe.samples)
    )
    (folder / "tries.tsv").write_text(
        "started\tended\tmember\tconfirmed\tstep\tstatus\t988\ttitle\n"
        + "".join(
            f"{t.started - t0:.1f}\t{t.ended - t0:.1f}\t{t.member}\t{t.confirmed}\t{t.step}\t"
            f"{t.status}\t{t.crisis_lines}\t{t.title}\n"
            for t in sorted(tries, key=lambda t: t.started)
        )
    )


def _settle(
    run: Run, database: str, members: list[Member], fault: Fault, since: float
) -> float | None:
    """Seconds after the fault and the last confirmed check-in (`since`) until the app had
    caught up by itself; None: not within `settle`."""
    deadline = time.time() + run.settle
    while True:
        try:
            conn = run.pg.connect(database)
            try:
                figures = measure(conn, members, run.sink, today())
            finally:
                conn.close()
            if figures.settled():
                return time.time() - since
        except Exception as exc:  # the database may still be coming back
            fault.note(f"settle check: {exc.__class__.__name__}")
        if time.time() > deadline:
            return None
        time.sleep(3)


def today() -> date:
    return _local(time.time()).date()
