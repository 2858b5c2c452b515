"""A base for in-process fakes of HTTP APIs, served over real HTTP; it serves tests only.

:class:`FakeHTTPService` owns what every such fake repeats: a threaded HTTP server on
127.0.0.1 (a free port) in a daemon thread, ``with fake:`` to start and stop it, the request
log, a bearer-token check, and "next call" controls that hang a call, fail it as a broken
server would, or refuse it as the API would. A subclass names its token and its answers and
routes the calls it knows in :meth:`FakeHTTPService.handle`; it knows nothing of any provider.
"""

from __future__ import annotations

import json
import sys
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class RecordedRequest:
    """A call as the fake received it; ``path`` keeps the query string and escapes."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        """A form-encoded body, the last value of each field."""
        return {key: values[-1] for key, values in parse_qs(self.body.decode()).items()}


@dataclass(frozen=True)
class Reply:
    """An answer: ``body`` is sent as it is when bytes, else as JSON."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class NextCall:
    """What happens to one coming call instead of the fake's usual answer."""

    hang: float = 0.0  # seconds to hold the call back first (the fake stopping ends it sooner)
    failure: Reply | None = None  # answered before anything else, as a broken server would
    refusal: Reply | None = None  # answered to an authorised call instead of handling it


class FakeHTTPService:
    """The server, its thread and the request log of a fake; ``with fake:`` serves on ``url``.

    A subclass overrides :meth:`handle` (called under ``self._lock``), and as needed
    ``bearer_token``, ``api_prefix``, :meth:`unauthorized`, :meth:`refusal`, :meth:`record`
    and :meth:`response_headers`.
    """

    # A short poll keeps stop() (which waits for the loop to notice) from slowing each test.
    poll_interval = 0.02
    # Where the API sits on the server, as ``base_url`` gives it to the client under test.
    api_prefix = ""
    # None: every call is authorised; else calls must send ``Authorization: Bearer <token>``.
    bearer_token: str | None = None
    # How long hang_next() holds a call back: well past any client's timeout in the tests.
    hang_seconds = 5.0

    def __init__(self) -> None:
        self.requests: list[Any] = []
        self._next: deque[NextCall] = deque()
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.service = self
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------

    def start(self):
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": self.poll_interval},
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # let a hanging call finish so its thread ends
        if self._thread is not None:
            self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return self.url + self.api_prefix

    # --- what tests look at and control ----------------------------------------------------

    def requests_to(self, method: str, path: str) -> list[Any]:
        return [r for r in self.requests if r.method == method and r.path == path]

    def fail_next(self) -> None:
        """The next call gets HTTP 500 with a body that is not JSON."""
        self._next_call().failure = Reply(500, b"<html>Internal Server Error</html>")

    def hang_next(self) -> None:
        """The next call gets no answer until well after the client's timeout (then HTTP 500)."""
        call = self._next_call()
        call.hang = self.hang_seconds
        call.failure = Reply(500, b"too late")

    def refuse_next(self, message: str) -> None:
        """The next authorised call is refused with ``message``, as the API refuses one."""
        self._next_call().refusal = _reply(self.refusal(message))

    def _next_call(self, *, queue: bool = True) -> NextCall:
        """A new call at the end of the queue to set up; ``queue=False``: the call already
        waiting (made if none), so that several controls apply to the same call."""
        with self._lock:
            if queue or not self._next:
                self._next.append(NextCall())
            return self._next[-1]

    # --- what a subclass answers -----------------------------------------------------------

    def record(self, request: RecordedRequest) -> Any:
        """What goes into ``requests`` and on to :meth:`handle`."""
        return request

    def unauthorized(self) -> Reply | tuple[int, Any]:
        return Reply(401, {"message": "Unauthorized"})

    def refusal(self, message: str) -> Reply | tuple[int, Any]:
        """The API's answer to a call it turns down, for :meth:`refuse_next`."""
        return Reply(400, {"message": message})

    def response_headers(self) -> dict[str, str]:
        """Headers every answer carries, besides ``Content-Type`` and ``Content-Length``."""
        return {}

    def handle(self, request: Any) -> Reply | tuple[int, Any]:
        """The answer to an authorised call: a :class:`Reply` or ``(status, body)``."""
        raise NotImplementedError

    # --- serving ---------------------------------------------------------------------------

    def _answer(self, request: RecordedRequest) -> Reply:
        recorded = self.record(request)
        with self._lock:
            self.requests.append(recorded)
            call = self._next.popleft() if self._next else NextCall()
        if call.hang:
            self._release.wait(call.hang)
        if call.failure is not None:
            return call.failure
        token = self.bearer_token
        if token is not None and recorded.headers.get("authorization") != f"Bearer {token}":
            return _reply(self.unauthorized())
        if call.refusal is not None:
            return call.refusal
        with self._lock:
            return _reply(self.handle(recorded))


def _reply(answer: Reply | tuple[int, Any]) -> Reply:
    return answer if isinstance(answer, Reply) else Reply(*answer)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    service: FakeHTTPService

    def handle_error(self, request, client_address) -> None:
        # A hung call's client has gone when the fake finally answers; that is expected.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        request = RecordedRequest(
            method=self.command,
            path=self.path,
            headers={key.lower(): value for key, value in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        service = self.server.service
        reply = service._answer(request)
        body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for key, value in {**service.response_headers(), **reply.headers}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up waiting, which is what a hang test wants
