"""A fake SMS gateway on loopback, both of its sides over real HTTP: it takes Waypoint's
texts (messaging.transports.HttpSmsBackend posts them) and hands members' texts to the
webhook, signed as a gateway signs them (texting.signature)."""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from texting.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = self.headers.get("Idempotency-Key", "")
        with self.server.lock:
            if key not in self.server.accepted:  # a repeated key is the same text
                self.server.texts.append((body["to"], body["text"]))
                self.server.accepted[key] = f"gw-out-{len(self.server.texts)}"
            answer = json.dumps({"id": self.server.accepted[key]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.texts: list[tuple[str, str]] = []
        self.accepted: dict[str, str] = {}


class FakeGateway:
    def __init__(self, webhook_url: str, secret: str) -> None:
        self.webhook_url = webhook_url
        self.secret = secret
        self.server = _Server()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._ids = itertools.count(1)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/send"

    def start(self) -> FakeGateway:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def deliver(self, sender: str, text: str, message_id: str | None = None) -> int:
        """A member's text reaches the gateway: it posts it to the webhook; the status."""
        body = json.dumps(
            {"id": message_id or f"gw-in-{next(self._ids)}", "from": sender, "text": text}
        ).encode()
        timestamp = str(int(time.time()))
        request = urllib.request.Request(  # noqa: S310 (the live server on loopback)
            self.webhook_url,
            data=body,
            headers={
                "Content-Type": "application/json",
                TIMESTAMP_HEADER: timestamp,
                SIGNATURE_HEADER: sign(self.secret, timestamp, body),
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status

    def texts_to(self, phone: str) -> list[str]:
        with self.server.lock:
            return [text for to, text in self.server.texts if to == phone]
