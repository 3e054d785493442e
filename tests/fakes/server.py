"""A threaded HTTP/1.1 server on 127.0.0.1 with a port of its own, shared by the fake providers.

Each fake records every message it accepted (`received`), can be told to stall on an address (the
request is recorded, then held until released: a provider that is slow to answer), to answer a
scripted error for an address once, and to throttle above a rate as the provider does.
"""

import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import httpx

# What the SMS providers' content review treats as a link inside a variable.
LINK = re.compile(r"(?i)(://|www\.|\b[a-z0-9-]+\.(cn|com|net|org|gov)\b)")


def has_link(value: str) -> bool:
    return bool(LINK.search(str(value)))


def push(url: str, report: list, client=None):
    """POST a delivery report as the provider does: through a Django test client, or over HTTP (live_server)."""
    body = json.dumps(report, ensure_ascii=False)
    if client is not None:
        return client.post(url, body, content_type="application/json")
    return httpx.post(url, content=body.encode(), headers={"Content-Type": "application/json"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave together, not 40 ms apart (Nagle + delayed ACK)
    wbufsize = 64 * 1024

    def log_message(self, *args):  # quiet
        pass

    def _handle(self, method: str):
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, answer = self.server.fake.handle(method, parts.path, dict(parse_qsl(parts.query)), self.headers, body)
        data = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that died mid-request (the killed worker) is part of the test, not an error


class FakeServer:
    def __init__(self, rate: float = 0):
        self.rate = rate  # requests per window allowed before throttling answers; 0 = unlimited
        self.window = 1  # seconds, windows aligned on the clock as the providers count them
        self.lock = threading.Lock()
        self.received: list[dict] = []
        self.rejected: list[dict] = []
        self.scripted: dict[str, list] = {}
        self.stall_addresses: set[str] = set()
        self.release = threading.Event()
        self.stalled = threading.Event()
        self._window = (0, 0)
        self.throttled = 0

    # -- life cycle ---------------------------------------------------------------------------------
    def start(self) -> "FakeServer":
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.fake = self
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    # -- behaviour helpers --------------------------------------------------------------------------
    def script(self, address: str, *answers) -> None:
        """Answer these provider codes for `address`, one per request, before behaving normally."""
        self.scripted.setdefault(address, []).extend(answers)

    def next_scripted(self, address: str):
        with self.lock:
            queue = self.scripted.get(address)
            return queue.pop(0) if queue else None

    def over_rate(self) -> bool:
        if not self.rate:
            return False
        with self.lock:
            window = int(time.time() // self.window)
            start, count = self._window
            count = count + 1 if start == window else 1
            self._window = (window, count)
            if count > self.rate:
                self.throttled += 1
                return True
            return False

    def accept(self, address: str, **details) -> None:
        with self.lock:
            self.received.append({"address": address, "at": time.time(), **details})
        if address in self.stall_addresses:
            self.stalled.set()
            self.release.wait(timeout=120)

    def reject(self, reason: str, **details) -> None:
        with self.lock:
            self.rejected.append({"reason": reason, **details})

    def counts(self) -> Counter:
        with self.lock:
            return Counter(item["address"] for item in self.received)

    def handle(self, method, path, query, headers, body) -> tuple[int, dict]:
        raise NotImplementedError
