"""Run the fault scenarios and print one table.

    python bench/faults/run.py                      # all of them
    python bench/faults/run.py redis-stopped pg-crash
    python bench/faults/run.py --beat-down 600      # beat down the full ten minutes

Needs Debian's PostgreSQL binaries (/usr/lib/postgresql/*/bin) and redis-server; starts its
own servers on spare ports and leaves the shared ones alone. Logs stay in the run's folder
(printed at the end). Exits 1 when a scenario broke a promise (the table's verdict).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.faults import report
from bench.faults.harness import Result, Run, run_scenario
from bench.faults.scenarios import all_scenarios
from bench.results import write_section


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", help="names (default: all)")
    parser.add_argument(
        "--beat-down",
        type=float,
        default=90,
        help="seconds beat is down, and two beats run together (the issue says 600; "
        "90 keeps the whole set within the bench budget)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=240,
        help="seconds to wait after a fault for the app to catch up by itself (a send cut "
        "off by a killed worker is resolved after the outbox's 1-minute lease and its "
        "1-minute sweep)",
    )
    parser.add_argument("--dir", type=Path, default=None, help="run folder (logs, servers)")
    args = parser.parse_args()
    known = {s.name: s for s in all_scenarios(args.beat_down)}
    unknown = [name for name in args.scenarios if name not in known]
    if unknown:
        parser.error(f"unknown scenario(s) {unknown}; known: {', '.join(known)}")
    chosen = [known[name] for name in args.scenarios] if args.scenarios else list(known.values())
    directory = (
        args.dir
        or Path(tempfile.gettempdir()) / f"waypoint-faults-{time.strftime('%Y%m%d-%H%M%S')}"
    )
    # Stopped from outside (Ctrl-C, timeout): still stop every server this run started.
    signal.signal(signal.SIGTERM, lambda _sig, _frame: sys.exit(143))
    run = Run(directory, settle=args.settle)
    began = time.time()
    results: list[Result] = []
    try:
        print(f"fault run in {directory}: starting servers and seeding", flush=True)
        run.start()
        for scenario in chosen:
            print(f"--- {scenario.name}: {scenario.what}", flush=True)
            try:
                result = run_scenario(run, scenario)
            except Exception as exc:  # one broken scenario must not hide the others
                print(f"    could not run: {exc.__class__.__name__}: {exc}", flush=True)
                continue
            results.append(result)
            print(report.details(result), flush=True)
    finally:
        run.stop()
    print()
    print(report.table(results))
    print()
    print(report.LEGEND)
    print(f"\n{len(results)} scenarios in {time.time() - began:.0f} s; logs in {directory}")
    (directory / "results.json").write_text(
        json.dumps(
            [
                {
                    **{
                        k: dict(v) if isinstance(v, dict) else v for k, v in vars(r.figures).items()
                    },
                    "scenario": r.scenario.name,
                    "recover": r.recover,
                    "users_saw": r.users_saw,
                    "healthz": r.healthz,
                    "notes": r.notes,
                    "fault_seconds": r.fault_seconds,
                    "settled_after": r.settled_after,
                }
                for r in results
            ],
            indent=2,
            default=str,
        )
    )
    failed = len(results) < len(chosen) or any(report.problems(r) for r in results)
    if not args.scenarios:  # the whole set, as make bench runs it: the README's table
        write_section(
            "Faults",
            f"`make faults`: {len(results)} scenarios in {time.time() - began:.0f} s, "
            f"beat down {args.beat_down:.0f} s.\n\n```\n{report.table(results)}\n```\n\n"
            f"{report.LEGEND}\n\n{'Problems found.' if failed else 'Every promise kept.'}",
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
