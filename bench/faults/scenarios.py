"""One function per fault. Each breaks something, waits out the fault, and puts it back.

Durations are the issue's (Redis stopped 60 s, frozen 45 s) except beat's ten minutes,
shortened by default (`--beat-down`, see run.py) so the whole set fits the bench budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench.faults.harness import RESTART_AFTER, Fault, Scenario
from bench.faults.servers import Hold
from bench.faults.verify import ALERT_SUBJECT, REMINDER_SUBJECT

READ_ONLY = 45.0
REDIS_DOWN = 60.0
REDIS_FROZEN = 45.0


def nothing(fault: Fault) -> None:
    """The baseline: the same load and checks with nothing broken."""


def postgres_fast_restart(fault: Fault) -> None:
    fault.run.pg.restart_fast()


def postgres_crash(fault: Fault) -> None:
    fault.run.pg.crash()
    time.sleep(RESTART_AFTER)
    fault.run.pg.start()  # crash recovery replays the WAL
    fault.note(f"postgres killed -9, started again after {RESTART_AFTER:.0f} s")


def redis_stopped(fault: Fault) -> None:
    fault.run.redis.stop()
    time.sleep(REDIS_DOWN)
    fault.run.redis.start()  # the same port, the same append-only file


def redis_frozen(fault: Fault) -> None:
    fault.run.redis.freeze()
    time.sleep(REDIS_FROZEN)
    fault.run.redis.thaw()


def _kill_worker_mid_send(what: str) -> Callable[[Fault], None]:
    def inject(fault: Fault) -> None:
        hold = fault.run.sink.hold
        assert hold is not None
        if not hold.arrived.wait(timeout=150):
            fault.note(f"no {what} reached the sink within 150 s: worker not killed")
            return
        fault.started = time.time()  # the fault is the kill, not the wait for it
        assert fault.app.worker is not None
        fault.app.worker.kill()
        hold.released.set()
        fault.note(f"worker SIGKILLed (whole group) with {what} #{hold.seen} awaiting its 250")
        time.sleep(RESTART_AFTER)
        fault.app.start_worker()

    return inject


def beat_down(seconds: float) -> Callable[[Fault], None]:
    def inject(fault: Fault) -> None:
        fault.app.beats[0].stop()
        time.sleep(seconds)
        fault.app.start_beat()

    return inject


def two_beats(seconds: float) -> Callable[[Fault], None]:
    def inject(fault: Fault) -> None:
        second = fault.app.start_beat()
        time.sleep(seconds)
        second.stop()

    return inject


def read_only(fault: Fault) -> None:
    pg, db = fault.run.pg, fault.database
    pg.execute(f"ALTER DATABASE {db} SET default_transaction_read_only = on")
    # Connections made before keep their setting: end them, as a failover would.
    pg.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        (db,),
    )
    time.sleep(READ_ONLY)
    # Back: new connections may write. Those opened while read-only keep that setting until
    # they close (Django's CONN_MAX_AGE is 60 s): the app must notice them itself.
    pg.execute(f"ALTER DATABASE {db} RESET default_transaction_read_only")


def all_scenarios(beat_seconds: float) -> list[Scenario]:
    return [
        Scenario("baseline", "nothing broken", nothing, 0),
        Scenario("pg-restart", "PostgreSQL pg_ctl -m fast restart", postgres_fast_restart, 3),
        Scenario("pg-crash", "PostgreSQL postmaster kill -9, restart 5 s later", postgres_crash, 8),
        Scenario("redis-stopped", "Redis stopped 60 s", redis_stopped, REDIS_DOWN),
        Scenario("redis-frozen", "Redis SIGSTOP 45 s", redis_frozen, REDIS_FROZEN),
        Scenario(
            "worker-kill-reminders",
            "worker SIGKILLed while sending reminders",
            _kill_worker_mid_send("a reminder"),
            30,
            sink_delay=0.05,
            hold=lambda: Hold(REMINDER_SUBJECT, after=30),
        ),
        Scenario(
            "worker-kill-alerts",
            "worker SIGKILLed while emailing counselors",
            _kill_worker_mid_send("an alert email"),
            30,
            sink_delay=0.05,
            hold=lambda: Hold(ALERT_SUBJECT, after=20),
        ),
        Scenario(
            "beat-down", f"beat down {beat_seconds:.0f} s", beat_down(beat_seconds), beat_seconds
        ),
        Scenario(
            "two-beats",
            f"two beats for {beat_seconds:.0f} s",
            two_beats(beat_seconds),
            beat_seconds,
        ),
        Scenario("read-only", "database read-only 45 s", read_only, READ_ONLY),
    ]
