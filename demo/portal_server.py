"""A small threaded HTTP server for the demo portal (and for tests that need a misbehaving site).

`DemoServer(site_dir).start()` serves the folder on 127.0.0.1 at a free port (port 0) and returns the
base URL. Tests can replace a page (`set_page`), make a path answer with errors first
(`fail(path, 503, 429)`), and read which paths were requested (`request_log`, `requested_paths()`).
"""

from __future__ import annotations

import mimetypes
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from demo.portal_site import SITE_DIR


@dataclass(frozen=True)
class LoggedRequest:
    at: float  # time.monotonic()
    method: str
    path: str
    status: int
    user_agent: str


class DemoServer:
    def __init__(self, site_dir: Path = SITE_DIR, host: str = "127.0.0.1", port: int = 0):
        self.site_dir = Path(site_dir).resolve()
        self.host, self.port = host, port
        self.overrides: dict[str, tuple[bytes, str]] = {}
        self.failures: dict[str, list[int]] = {}
        self.request_log: list[LoggedRequest] = []
        self.delay_seconds = 0.0  # artificial latency per response
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- control ----------------------------------------------------------------------------------
    def start(self) -> str:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server._handle(self)

            def log_message(self, *args: object) -> None:  # quiet
                return

        self._httpd = ThreadingHTTPServer((self.host, self.port), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="demo-portal", daemon=True)
        self._thread.start()
        return self.url

    @property
    def url(self) -> str:
        assert self._httpd is not None, "start() first"
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8") -> None:
        """Serve `body` at `path` from now on (simulates a page that changed)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self.overrides[_norm(path)] = (data, content_type)

    def fail(self, path: str, *statuses: int) -> None:
        """Answer the next requests of `path` with these statuses (e.g. 503, 429), then normally.
        `path` "*" applies to every path except robots.txt."""
        with self._lock:
            self.failures.setdefault(_norm(path) if path != "*" else "*", []).extend(statuses)

    def fail_always(self, path: str, status: int = 500, times: int = 10_000) -> None:
        self.fail(path, *([status] * times))

    def reset(self) -> None:
        with self._lock:
            self.overrides.clear()
            self.failures.clear()
            self.request_log.clear()

    def requested_paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.request_log]

    def read_page(self, path: str) -> str:
        path = _norm(path)
        if path in self.overrides:
            return self.overrides[path][0].decode("utf-8")
        return (self.site_dir / path.lstrip("/")).read_text(encoding="utf-8")

    # --- serving ----------------------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = _norm(urlsplit(handler.path).path)
        status, body, ctype = self._respond(path)
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        with self._lock:
            self.request_log.append(
                LoggedRequest(time.monotonic(), handler.command, path, status, handler.headers.get("User-Agent", ""))
            )
        handler.send_response(status)
        handler.send_header("Content-Type", ctype)
        handler.send_header("Content-Length", str(len(body)))
        if status == 429:
            handler.send_header("Retry-After", "1")
        handler.end_headers()
        handler.wfile.write(body)

    def _respond(self, path: str) -> tuple[int, bytes, str]:
        with self._lock:
            for key in (path, "*"):
                queue = self.failures.get(key)
                if queue and not (key == "*" and path == "/robots.txt"):
                    status = queue.pop(0)
                    return status, f"error {status} (演示 demo)".encode(), "text/plain; charset=utf-8"
            if path in self.overrides:
                data, ctype = self.overrides[path]
                return 200, data, ctype
        file = (self.site_dir / path.lstrip("/")).resolve()
        if path.endswith("/"):
            file = file / "index.html"
        if not file.is_relative_to(self.site_dir) or not file.is_file():
            return 404, "not found (演示 demo)".encode(), "text/plain; charset=utf-8"
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        data = file.read_bytes()
        if (ctype.startswith("text/") or ctype == "application/json") and _is_utf8(data):
            # a page in another encoding (GBK) gets no charset here: its own <meta charset> says it
            ctype += "; charset=utf-8"
        return 200, data, ctype


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _norm(path: str) -> str:
    path = unquote(path)
    return path if path.startswith("/") else "/" + path


def main() -> None:
    """`python -m demo.portal_server`: serve the demo portal until Ctrl-C."""
    server = DemoServer()
    print(f"demo portal (演示数据) at {server.start()}/lots/page-1.html — Ctrl-C to stop", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
