"""A fake Nominatim on 127.0.0.1: real HTTP, canned answers, every request recorded.

What it answers depends on the query: "slow ..." waits two seconds, "status NNN" answers
with that HTTP status, "nothing" finds nothing; anything else is one place named after
the query.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    at: float
    path: str
    query: dict[str, list[str]]
    user_agent: str


@dataclass
class FakeNominatim:
    url: str
    requests: list[Request] = field(default_factory=list)


def answer(q: str) -> list[dict[str, object]]:
    if q == "nothing":
        return []
    return [
        {
            "place_id": 1,
            "lat": "35.6768601",
            "lon": "139.7638947",
            "display_name": f"{q}, Chiyoda, Tokyo, Japan",
            "address": {"city": q, "state": "Tokyo", "country": "Japan", "country_code": "jp"},
            "extratags": {"population": "9733276"},
        },
        {
            "place_id": 2,
            "lat": "-33.8",
            "lon": "151.2",
            "display_name": f"{q} Street, Sydney, New South Wales, Australia",
            "address": {"road": f"{q} Street", "state": "New South Wales", "country": "Australia", "country_code": "au"},
        },
    ]


@contextlib.contextmanager
def fake_nominatim() -> Iterator[FakeNominatim]:
    server: ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            fake.requests.append(Request(time.monotonic(), parts.path, query, self.headers.get("User-Agent", "")))
            q = query.get("q", [""])[0]
            if q.startswith("slow"):
                time.sleep(2)
            if q.startswith("status "):
                self.send_response(int(q.split()[1]))
                self.end_headers()
                return
            body = json.dumps(answer(q)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that gave up on a slow answer: expected here

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake = FakeNominatim(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """A URL where nothing listens: what no network looks like to a client."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
