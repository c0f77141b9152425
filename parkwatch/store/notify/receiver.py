"""A local webhook receiver on loopback that stands in for a group robot (demo and tests).

It answers like the WeCom/DingTalk robots (`{"errcode": 0, "errmsg": "ok"}`) and keeps every
request it got. `fail_with` makes it answer the next requests with those HTTP statuses.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Receiver:
    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    fail_with: list[int] = field(default_factory=list)
    robot_errcode: int = 0

    @property
    def bodies(self) -> list[Any]:
        return [r["json"] for r in self.requests]


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver(url="")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                receiver.requests.append(
                    {
                        "path": self.path,
                        "json": json.loads(raw.decode("utf-8")),
                        "content_type": self.headers.get("Content-Type"),
                    }
                )
                status = receiver.fail_with.pop(0) if receiver.fail_with else 200
            body = json.dumps({"errcode": receiver.robot_errcode if status == 200 else 500, "errmsg": "ok"})
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/robot/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
