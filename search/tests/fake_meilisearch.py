"""A FAKE Meilisearch server for tests: a small in-process HTTP server that answers the
documented endpoints the product uses, so the real ``meilisearch`` client is exercised over HTTP.

Only ``GET /health`` is served so far (https://www.meilisearch.com/docs/reference/api/health).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _FakeMeilisearchHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        if self.path == "/health":
            self._send(200, {"status": "available"})
        else:
            self._send(
                404, {"message": f"{self.path} is not served by the fake", "code": "not_found"}
            )

    def _send(self, status: int, body: dict) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        return


@contextmanager
def fake_meilisearch() -> Iterator[str]:
    """Serve the fake on a free loopback port; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeMeilisearchHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
