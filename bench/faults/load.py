"""The load during a fault: signed-in members checking in, and a /healthz probe.

Each member opens /checkin/ (the form carries the CSRF token and its one-time key), taps
Save, and follows the redirect to the page that thanks them: only that page counts as
"confirmed". On anything else the member sees a page (its status is kept, and whether it
still gave the crisis lines, 988) or nothing at all, waits a few seconds and tries again
from a fresh form, as a person would, until a deadline. Each try's answers carry a token in
the private note, so the verification can tell which try was stored.

Cookies are kept by hand: with DEBUG off the session and CSRF cookies are Secure, and this
client talks plain HTTP to 127.0.0.1 (SECURE_SSL_REDIRECT=0).
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

CONFIRMED = "Thanks for checking in"
CRISIS = "988"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_KEY_INPUT = re.compile(r'name="submission_key" value="([^"]+)"')
_CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")
# A check-in that trips the craving rule (yesterday's was 9 too): each one opens an alert.
ANSWERS = {
    "hungry": "0",
    "angry": "0",
    "lonely": "1",
    "tired": "1",
    "craving": "9",
    "mood": "3",
    "sleep_hours": "7",
    "medication": "yes",
    "support_contact": "True",
    "used_today": "False",
    "self_harm": "",
}


@dataclass
class Try:
    """One try by one member: what they saw."""

    member: str
    token: str
    started: float
    ended: float = 0.0
    step: str = ""  # where it stopped: form, save, thanks; "" when confirmed
    status: int | str = 0  # HTTP status, or "no answer" / "timeout"
    crisis_lines: bool = False
    title: str = ""  # the page's <title>, when there was a page
    confirmed: bool = False


@dataclass
class Member:
    email: str
    session: str
    csrf: str = ""
    tries: list[Try] = field(default_factory=list)

    @property
    def confirmed(self) -> Try | None:
        return next((t for t in self.tries if t.confirmed), None)


class _Answer:
    def __init__(self, status: int, body: str, headers: list[tuple[str, str]]) -> None:
        self.status, self.body, self.headers = status, body, headers

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


class Client:
    def __init__(self, port: int, timeout: float = 35) -> None:
        self.port, self.timeout = port, timeout

    def request(
        self, method: str, path: str, cookies: dict[str, str], body: str | None = None
    ) -> _Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items() if v)}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
            return _Answer(response.status, text, response.getheaders())
        finally:
            conn.close()


_TITLE = re.compile(r"<title>\s*([^<]*?)\s*</title>", re.S)


def _failure(attempt: Try, step: str, status: int | str, body: str = "") -> Try:
    attempt.step, attempt.status, attempt.crisis_lines = step, status, CRISIS in body
    found = _TITLE.search(body)
    attempt.title = found.group(1)[:60] if found else ""
    attempt.ended = time.time()
    return attempt


def check_in_once(client: Client, member: Member, token: str) -> Try:
    attempt = Try(member.email, token, time.time())
    cookies = {"sessionid": member.session, "csrftoken": member.csrf}
    step = "form"
    try:
        form = client.request("GET", "/checkin/", cookies)
        if form.status != 200:
            return _failure(attempt, step, form.status, form.body)
        found = _CSRF_COOKIE.search(form.header("Set-Cookie"))
        if found:
            member.csrf = cookies["csrftoken"] = found.group(1)
        csrf, key = _CSRF_INPUT.search(form.body), _KEY_INPUT.search(form.body)
        if not (csrf and key):
            return _failure(attempt, step, "no form", form.body)
        step = "save"
        posted = {
            **ANSWERS,
            "note": token,
            "csrfmiddlewaretoken": csrf.group(1),
            "submission_key": key.group(1),
        }
        saved = client.request("POST", "/checkin/", cookies, urlencode(posted))
        if saved.status != 302:
            return _failure(attempt, step, saved.status, saved.body)
        step = "thanks"
        location = saved.header("Location")
        thanks = client.request("GET", location, cookies)
        if thanks.status != 200 or CONFIRMED not in thanks.body:
            return _failure(attempt, step, thanks.status, thanks.body)
    except TimeoutError:
        return _failure(attempt, step, "timeout")
    except OSError:
        return _failure(attempt, step, "no answer")
    attempt.ended, attempt.confirmed = time.time(), True
    return attempt


def run_member(
    client: Client,
    member: Member,
    start: float,
    deadline: float,
    retry: float,
    in_flight: threading.Semaphore,
) -> None:
    time.sleep(max(0.0, start - time.time()))
    while time.time() < deadline:
        with in_flight:
            attempt = check_in_once(client, member, f"bench-{member.email}-{len(member.tries)}")
        member.tries.append(attempt)
        if attempt.confirmed:
            return
        time.sleep(retry)


@dataclass
class Load:
    """300 members arriving evenly over `spread` seconds from `start`, each trying until done
    or `deadline`; run() returns at once, wait() joins."""

    client: Client
    members: list[Member]
    start: float
    spread: float
    deadline: float
    retry: float = 5.0
    # At most this many members in the middle of a try at once: this machine's two shared
    # cores, not the app, would otherwise set the pace (and collapse under the retries).
    in_flight: int = 12
    threads: list[threading.Thread] = field(default_factory=list)

    def run(self) -> None:
        step = self.spread / max(1, len(self.members))
        in_flight = threading.Semaphore(self.in_flight)
        for i, member in enumerate(self.members):
            thread = threading.Thread(
                target=run_member,
                args=(
                    self.client,
                    member,
                    self.start + i * step,
                    self.deadline,
                    self.retry,
                    in_flight,
                ),
                daemon=True,
            )
            thread.start()
            self.threads.append(thread)

    def wait(self) -> None:
        for thread in self.threads:
            thread.join()

    def tries(self) -> list[Try]:
        return [t for m in self.members for t in m.tries]


def what_users_saw(tries: list[Try]) -> str:
    """'thanks x300; 500 "Something went wrong" at save x12 (988 on 12)': each kind once."""
    failed = Counter((t.status, t.step, t.title) for t in tries if not t.confirmed)
    crisis = Counter(
        (t.status, t.step, t.title) for t in tries if not t.confirmed and t.crisis_lines
    )
    confirmed = sum(t.confirmed for t in tries)
    parts = [f"thanks x{confirmed}"]
    for (status, step, title), count in failed.most_common():
        lines = crisis[(status, step, title)]
        page = f' "{title}"' if title else ""
        parts.append(f"{status}{page} at {step} x{count}" + (f" (988 on {lines})" if lines else ""))
    return "; ".join(parts)


# --- /healthz/deep ----------------------------------------------------------------------------


@dataclass
class Probe:
    """GET /healthz/deep (what a monitor watches: database, broker, worker, beat and what
    waits for them) every `every` seconds: (time, status or None, the parts not ok)."""

    port: int
    every: float = 1.0
    samples: list[tuple[float, int | None, str]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _loop(self) -> None:
        client = Client(self.port, timeout=5)
        while not self._stop.is_set():
            at = time.time()
            try:
                answer = client.request("GET", "/healthz/deep", {})
                try:
                    body = json.loads(answer.body)
                    parts = {
                        k: v["status"] if isinstance(v, dict) else v
                        for k, v in body.items()
                        if k != "status"
                    }
                    verdict = ",".join(f"{k}={v}" for k, v in parts.items() if v != "ok")
                except ValueError:
                    verdict = "not json"
                self.samples.append((at, answer.status, verdict))
            except OSError:
                self.samples.append((at, None, "no answer"))
            self._stop.wait(max(0.0, self.every - (time.time() - at)))
