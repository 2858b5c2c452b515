"""One small base for the clients of JSON-over-HTTP APIs (the payment and SMS providers).

:class:`JsonApiClient` owns what every such client repeats: a ``requests.Session`` carrying the
credentials and ``Accept: application/json``, (connect, read) timeouts, retries of what is safe
to repeat, and one reading of what came back:

- no answer (a refused connection, a timeout, broken TLS), HTTP 429 or 5xx:
  :class:`JsonApiTemporaryError`, the same call may get through later;
- any other HTTP error status: :class:`JsonApiRejectedError`, the request, the credentials or
  the data must change first; both carry the HTTP status and the answer's body;
- a success whose body is not a JSON object: :class:`JsonApiInvalidAnswerError`; whether the
  API acted is unknown, so it is not a temporary error either.

A provider's client subclasses it, names the service, reads the provider's own wording out of an
error body (:meth:`JsonApiClient._error_detail`) and turns these errors into its package's
exceptions.

Retries happen inside a call (urllib3's ``Retry``), and only where repeating cannot do a thing
twice: a connection that could not be opened (nothing was sent), and HTTP 502, 503 or 504 (a
proxy or the API itself briefly unavailable) to an idempotent method, or to a call that carries
an idempotency key. A POST that may have moved money or sent a message is never repeated here,
and neither is a call that timed out reading the answer: the API may have acted, and the
caller has already waited the whole timeout. Trying again later is the caller's (its task's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

# Opening a connection takes milliseconds or does not happen; slightly over a multiple of 3 s
# (TCP's first retransmission window), as requests' documentation advises.
CONNECT_TIMEOUT = 3.05
# How much of an error answer goes into an exception's message.
ERROR_TEXT_LIMIT = 300

_RETRY = Retry(
    total=None,
    connect=2,
    # False, not 0: urllib3 then raises the read error itself, which requests reports as a
    # Timeout (a spent retry budget would come out as a ConnectionError).
    read=False,
    other=False,
    status=2,
    status_forcelist=(502, 503, 504),
    allowed_methods=Retry.DEFAULT_ALLOWED_METHODS,
    # The first retry is immediate, the second waits half a second.
    backoff_factor=0.25,
    # A Retry-After of an hour would hold a checkout for an hour.
    respect_retry_after_header=False,
    # The last answer is read like any other once the retries are spent.
    raise_on_status=False,
)
# A call carrying an idempotency key may be repeated whatever its method: the API answers a
# repeat with the first call's outcome instead of acting twice.
_RETRY_KEYED = _RETRY.new(allowed_methods=None)


class JsonApiError(Exception):
    """A call to a JSON API failed; ``temporary`` says whether the same call may succeed later."""

    temporary: ClassVar[bool]

    def __init__(
        self, message: str, *, status_code: int | None = None, body: Any = None, text: str = ""
    ):
        super().__init__(message)
        self.message = message
        self.status_code = status_code  # the HTTP status, when an answer came back at all
        self.body = body  # the answer's JSON; None when there was no answer or it was not JSON
        self.text = text  # the answer's text, whitespace folded, cut to ERROR_TEXT_LIMIT

    @property
    def cause(self) -> BaseException:
        """What a client's own exception is raised from: the transport error when no answer
        came (a timeout, a refused connection), else this error."""
        return self.__cause__ or self


class JsonApiTemporaryError(JsonApiError):
    """No answer, HTTP 429 or a 5xx status: a later retry may get through."""

    temporary = True


class JsonApiRejectedError(JsonApiError):
    """A 4xx status other than 429: the API will not take this call as it is."""

    temporary = False


class JsonApiInvalidAnswerError(JsonApiError):
    """A success status with a body that is not a JSON object."""

    temporary = False


@dataclass(frozen=True)
class JsonAnswer:
    status_code: int
    body: dict[str, Any]


class JsonApiClient:
    """A subclass sets ``service_name`` and calls :meth:`_call`; see the module's docstring."""

    service_name: ClassVar[str] = "The API"  # how messages name the API: "Chapa", "Twilio"
    idempotency_header: ClassVar[str] = "Idempotency-Key"

    def __init__(
        self,
        *,
        api_base: str,
        timeout: float,
        connect_timeout: float = CONNECT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
    ):
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout  # seconds to wait for an answer
        self.connect_timeout = min(connect_timeout, timeout)
        self._headers = {"Accept": "application/json", **(headers or {})}
        self._auth = auth
        self._sessions: dict[bool, requests.Session] = {}

    def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        idempotency_key: str = "",
    ) -> JsonAnswer:
        """``method`` ``path`` (under ``api_base``) with a JSON or a form body; the answer's JSON
        object, or a :class:`JsonApiError`."""
        headers = {self.idempotency_header: idempotency_key} if idempotency_key else None
        try:
            response = self._session(keyed=bool(idempotency_key)).request(
                method,
                f"{self.api_base}{path}",
                headers=headers,
                json=json,
                data=data,
                timeout=(self.connect_timeout, self.timeout),
            )
        except requests.ConnectTimeout as error:
            raise JsonApiTemporaryError(
                f"{self.service_name} could not be reached for {method} {path} within "
                f"{self.connect_timeout:g} seconds"
            ) from error
        except requests.Timeout as error:
            raise JsonApiTemporaryError(
                f"{self.service_name} did not answer {method} {path} within "
                f"{self.timeout:g} seconds"
            ) from error
        except requests.RequestException as error:
            raise JsonApiTemporaryError(
                f"{self.service_name} could not be reached for {method} {path}: {error}"
            ) from error
        return self._answer_read(method=method, path=path, response=response)

    def _error_detail(self, body: Any) -> str:
        """The API's own words for an error, out of an answer's JSON (or None); "" for none.

        A subclass reads its API's error shape; the answer's text stands in when this is empty.
        """
        return ""

    def _answer_read(self, *, method: str, path: str, response: requests.Response) -> JsonAnswer:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:  # requests' JSONDecodeError, whatever JSON library it uses
            body = None
        if status < 400 and isinstance(body, dict):
            return JsonAnswer(status_code=status, body=body)
        text = " ".join(response.text.split())[:ERROR_TEXT_LIMIT]
        if status < 400:
            raise JsonApiInvalidAnswerError(
                f"{self.service_name} answered {method} {path} with HTTP {status} "
                "and no JSON object",
                status_code=status,
                body=body,
                text=text,
            )
        detail = self._error_detail(body) or text or "no message"
        verb = "failed on" if status >= 500 else "refused"
        error_class = (
            JsonApiTemporaryError if status == 429 or status >= 500 else JsonApiRejectedError
        )
        raise error_class(
            f"{self.service_name} {verb} {method} {path} (HTTP {status}): {detail}",
            status_code=status,
            body=body,
            text=text,
        )

    def _session(self, *, keyed: bool) -> requests.Session:
        """One session per retry policy, made on first use and kept for the client's life."""
        session = self._sessions.get(keyed)
        if session is None:
            session = requests.Session()
            session.headers.update(self._headers)
            session.auth = self._auth
            adapter = HTTPAdapter(max_retries=_RETRY_KEYED if keyed else _RETRY)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            self._sessions[keyed] = session
        return session
