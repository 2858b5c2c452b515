"""A FAKE Meilisearch server, for tests only: an in-process HTTP server answering the documented
endpoints (https://www.meilisearch.com/docs/reference/api) the product uses, so the real
``meilisearch`` client is exercised over HTTP: health, indexes, documents (add/replace/delete),
settings and sub-settings, search, swap-indexes and tasks. Writes answer 202 with a task that is
already finished (succeeded, or failed as Meilisearch would) when fetched.

Search: a query word matches a word of a searchable field case-insensitively, exactly or (the
last word) as a prefix, within the index's typo tolerance (Damerau-Levenshtein 1 or 2 from
``minWordSizeForTypos``), or through synonyms; every word must match; fewest typos rank first.
Filters: ``=``, ``!=``, ``>=``, ``>``, ``<=``, ``<``, ``IN [..]``, ``AND``/``OR``/parentheses and
arrays (AND; inner arrays OR), on filterable fields only; a list field matches if any element
does. Facet counts (``*``: every filterable field), sort (sortable fields, missing values last),
``page``/``hitsPerPage`` or ``limit``/``offset``, ``attributesToRetrieve``/``SearchOn``.
"""

from __future__ import annotations

import functools
import json
import math
import operator
import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def _default_settings() -> dict:
    typos = {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}}
    return {"searchableAttributes": ["*"], "filterableAttributes": [], "sortableAttributes": [],
            "synonyms": {}, "typoTolerance": typos, "pagination": {"maxTotalHits": 1000},
            "faceting": {"maxValuesPerFacet": 100}}  # fmt: skip


_NESTED_SETTINGS = {"typoTolerance", "pagination", "faceting"}  # updated field by field


@dataclass
class FakeIndex:
    uid: str
    primary_key: str | None = None
    documents: dict[str, dict] = field(default_factory=dict)  # str(primary key) -> document
    settings: dict = field(default_factory=_default_settings)
    created_at: str = ""

    def info(self) -> dict:
        created = self.created_at
        return {"uid": self.uid, "primaryKey": self.primary_key, "createdAt": created,
                "updatedAt": created}  # fmt: skip


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def body(self) -> dict:
        kind = "invalid_request" if self.status < 500 else "internal"
        link = f"https://docs.meilisearch.com/errors#{self.code}"
        return {"message": self.message, "code": self.code, "type": kind, "link": link}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _camel(kebab: str) -> str:
    first, *rest = kebab.split("-")
    return first + "".join(part.title() for part in rest)


def _words(text: str) -> list[str]:
    # Meilisearch's tokenizer folds case and removes Latin diacritics ("café" = "cafe").
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.findall(r"\w+", folded.lower())


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _flatten(value) -> Iterator:
    if isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _flatten(item)
    elif value is not None:
        yield value


def _facet_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_OPERATORS = {"=": operator.eq, ">=": operator.ge, "<=": operator.le, ">": operator.gt,
              "<": operator.lt}  # fmt: skip
_TOKEN = re.compile(
    r'\s*("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|>=|<=|!=|[=<>\[\](),]|[^\s=<>!\[\](),]+)'
)


class _Filter:
    """Parses a Meilisearch filter expression into a predicate; records the fields it uses."""

    def __init__(self, expression: str):
        self.tokens = [m.group(1) for m in _TOKEN.finditer(expression)]
        self.pos, self.fields = 0, set()
        self.predicate = self._or()
        if self.pos != len(self.tokens):
            self._fail(f"cannot parse filter {expression!r}")

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self) -> str:
        token = self._peek() or self._fail("unexpected end of filter")
        self.pos += 1
        return token

    @staticmethod
    def _fail(message: str):
        raise ApiError(400, "invalid_search_filter", message)

    def _or(self):
        parts = [self._and()]
        while (self._peek() or "").upper() == "OR" and self._take():
            parts.append(self._and())
        return lambda doc: any(part(doc) for part in parts)

    def _and(self):
        parts = [self._term()]
        while (self._peek() or "").upper() == "AND" and self._take():
            parts.append(self._term())
        return lambda doc: all(part(doc) for part in parts)

    def _term(self):
        if self._peek() == "(" and self._take():
            inner = self._or()
            return inner if self._take() == ")" else self._fail("expected )")
        name, op = self._take(), self._take()
        self.fields.add(name)
        if op.upper() == "IN":
            values = [] if self._take() == "[" else self._fail("expected [ after IN")
            while (token := self._take()) != "]":
                if token != ",":
                    values.append(self._literal(token))
            return lambda doc: any(self._compare(doc, name, "=", v) for v in values)
        if op != "!=" and op not in _OPERATORS:
            self._fail(f"unknown operator {op!r}")
        value = self._literal(self._take())
        if op == "!=":
            return lambda doc: not self._compare(doc, name, "=", value)
        return lambda doc: self._compare(doc, name, op, value)

    @staticmethod
    def _literal(token: str) -> str:
        if token[:1] in "\"'":
            return re.sub(r"\\(.)", r"\1", token[1:-1])
        return token

    @staticmethod
    def _compare(doc: dict, name: str, op: str, literal: str) -> bool:
        value = doc.get(name)
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if isinstance(item, int | float) and not isinstance(item, bool):
                if re.fullmatch(r"-?\d+(\.\d+)?", literal) and _OPERATORS[op](item, float(literal)):
                    return True
            elif op == "=" and _facet_value(item).lower() == literal.lower():
                return True
        return False


class FakeMeilisearch:
    """A TEST FAKE of a Meilisearch server, state inspectable: ``indexes`` (uid -> FakeIndex),
    ``tasks``, ``requests`` (method, path) log; switches ``unavailable`` (every request answers
    503) and ``fail_tasks`` (every write's task fails). Use as a context manager: ``url``."""

    def __init__(self) -> None:
        self.indexes: dict[str, FakeIndex] = {}
        self.tasks: dict[int, dict] = {}
        self.requests: list[tuple[str, str]] = []
        self.unavailable = False
        self.fail_tasks = False
        self.url = ""
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None

    # -- assertions helpers
    def documents(self, uid: str) -> list[dict]:
        return list(self.indexes[uid].documents.values())

    def settings(self, uid: str) -> dict:
        return self.indexes[uid].settings

    # -- server lifecycle
    def __enter__(self) -> FakeMeilisearch:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- routing
    def handle(self, method: str, target: str, body) -> tuple[int, object]:
        parts = urlsplit(target)
        path = [p for p in parts.path.split("/") if p]
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            self.requests.append((method, parts.path))
            if self.unavailable:
                raise ApiError(503, "unavailable", "the fake is switched to unavailable")
            uid = path[1] if len(path) > 1 and path[0] == "indexes" else None
            task = functools.partial(self._task, uid=uid)
            sub = _camel(path[3]) if len(path) == 4 else None
            match method, path:
                case "GET", ["health"]:
                    return 200, {"status": "available"}
                case "GET", ["tasks", number] if number.isdigit() and int(number) in self.tasks:
                    return 200, self.tasks[int(number)]
                case "GET", ["indexes"]:
                    results = [index.info() for index in self.indexes.values()]
                    return 200, {
                        "results": results,
                        "offset": 0,
                        "limit": 20,
                        "total": len(results),
                    }
                case "POST", ["indexes"]:
                    return self._task("indexCreation", self._create, body, uid=body["uid"])
                case "GET", ["indexes", _]:
                    return 200, self._index(uid).info()
                case "DELETE", ["indexes", _]:
                    return task("indexDeletion", lambda: self.indexes.pop(self._index(uid).uid))
                case "POST" | "PUT", ["indexes", _, "documents"]:
                    return task(
                        "documentAdditionOrUpdate", self._add, uid, body, query, method == "PUT"
                    )
                case "DELETE", ["indexes", _, "documents"]:
                    return task("documentDeletion", lambda: self._index(uid).documents.clear())
                case "POST", ["indexes", _, "documents", "delete-batch"]:
                    return task("documentDeletion", self._delete, uid, body)
                case "GET", ["indexes", _, "settings"]:
                    return 200, self._index(uid).settings
                case "PATCH", ["indexes", _, "settings"]:
                    return task("settingsUpdate", self._update_settings, uid, body, True)
                case "GET", ["indexes", _, "settings", _]:
                    return 200, self._index(uid).settings.get(sub)
                case "PUT" | "PATCH", ["indexes", _, "settings", _]:
                    return task(
                        "settingsUpdate", self._update_settings, uid, {sub: body}, method == "PATCH"
                    )
                case "DELETE", ["indexes", _, "settings", _]:
                    return task("settingsUpdate", self._update_settings, uid, {sub: None}, False)
                case "POST", ["indexes", _, "search"]:
                    return 200, self._search(self._index(uid), body or {})
                case "POST", ["swap-indexes"]:
                    return self._task("indexSwap", self._swap, body, uid=None)
            raise ApiError(404, "not_found", f"{method} {parts.path} is not served by the fake")

    def _index(self, uid: str) -> FakeIndex:
        if uid not in self.indexes:
            raise ApiError(404, "index_not_found", f"Index `{uid}` not found.")
        return self.indexes[uid]

    def _task(self, kind: str, operation, *args, uid: str | None) -> tuple[int, dict]:
        task_uid, now = len(self.tasks), _now()
        status, error = "succeeded", None
        try:
            if self.fail_tasks:
                raise ApiError(500, "internal", "the fake is switched to failing tasks")
            operation(*args)
        except ApiError as failure:
            status, error = "failed", failure.body()
        self.tasks[task_uid] = {
            "uid": task_uid, "batchUid": task_uid, "indexUid": uid, "status": status,
            "type": kind, "canceledBy": None, "details": {}, "error": error, "duration": "PT0S",
            "enqueuedAt": now, "startedAt": now, "finishedAt": now,
        }  # fmt: skip
        info = {"taskUid": task_uid, "indexUid": uid, "status": "enqueued", "type": kind}
        return 202, {**info, "enqueuedAt": now}

    # -- writes (run inside a task)
    def _create(self, body: dict, uid: str | None = None) -> FakeIndex:
        uid = uid or body["uid"]
        if uid in self.indexes:
            raise ApiError(409, "index_already_exists", f"Index `{uid}` already exists.")
        self.indexes[uid] = FakeIndex(uid, body.get("primaryKey"), created_at=_now())
        return self.indexes[uid]

    def _add(self, uid: str, documents: list, query: dict, merge: bool) -> None:
        index = self.indexes.get(uid) or self._create({}, uid)
        if index.primary_key is None:
            index.primary_key = query.get("primaryKey") or next(
                (key for key in documents[0] if key.lower().endswith("id")), None
            )
        key = index.primary_key
        if any(doc.get(key) is None for doc in documents):
            raise ApiError(400, "missing_document_id", f"a document has no `{key}`")
        for doc in documents:
            old = index.documents.get(str(doc[key]), {}) if merge else {}
            index.documents[str(doc[key])] = {**old, **doc}

    def _delete(self, uid: str, ids: list) -> None:
        index = self._index(uid)
        for document_id in ids:
            index.documents.pop(str(document_id), None)

    def _update_settings(self, uid: str, change: dict, merge: bool) -> None:
        index = self.indexes.get(uid) or self._create({}, uid)
        for name, value in change.items():
            if value is None:
                value = _default_settings().get(name)
            current = index.settings.get(name)
            if merge and name in _NESTED_SETTINGS and isinstance(value, dict):
                value = {**current, **value}
            index.settings[name] = value

    def _swap(self, swaps: list[dict]) -> None:
        for swap in swaps:
            first, second = (self._index(uid) for uid in swap["indexes"])
            first.uid, second.uid = second.uid, first.uid
            self.indexes[first.uid], self.indexes[second.uid] = first, second

    # -- search
    def _search(self, index: FakeIndex, body: dict) -> dict:
        settings = index.settings
        filterable = {
            name
            for entry in settings["filterableAttributes"]
            for name in (entry.get("attributePatterns", []) if isinstance(entry, dict) else [entry])
        }
        facets = body.get("facets") or []
        if facets == ["*"]:
            facets = sorted(filterable)
        predicates = []
        filters = body.get("filter") or []
        for expression in [filters] if isinstance(filters, str) else filters:
            parsed = [
                _Filter(e) for e in ([expression] if isinstance(expression, str) else expression)
            ]
            unknown = set().union(*(p.fields for p in parsed)) - filterable
            if unknown:
                raise ApiError(400, "invalid_search_filter", f"{sorted(unknown)} not filterable")
            predicates.append(lambda doc, ps=parsed: any(p.predicate(doc) for p in ps))
        if set(facets) - filterable:
            raise ApiError(400, "invalid_search_facets", f"{facets} not all filterable")
        sorts = [tuple(s.split(":")) for s in body.get("sort") or []]
        if any(name not in settings["sortableAttributes"] for name, _ in sorts):
            raise ApiError(400, "invalid_search_sort", f"{sorts} not all sortable")
        searchable = body.get("attributesToSearchOn") or settings["searchableAttributes"]
        if "*" not in settings["searchableAttributes"] and set(searchable) - set(
            settings["searchableAttributes"]
        ):
            raise ApiError(400, "invalid_search_attributes_to_search_on", f"{searchable}")

        q = body.get("q") or ""
        scored = []
        for doc in index.documents.values():
            if all(predicate(doc) for predicate in predicates):
                typos = self._text_match(doc, q, searchable, settings)
                if typos is not None:
                    scored.append((typos, doc))
        matches = [doc for _, doc in sorted(scored, key=lambda pair: pair[0])]
        for name, direction in reversed(sorts):
            present = [d for d in matches if d.get(name) is not None]
            missing = [d for d in matches if d.get(name) is None]
            matches = sorted(present, key=lambda d: d[name], reverse=direction == "desc") + missing

        answer: dict = {"query": q, "processingTimeMs": 0}
        reachable = matches[: settings["pagination"]["maxTotalHits"]]
        if "page" in body or "hitsPerPage" in body:
            page, per_page = body.get("page", 1), body.get("hitsPerPage", 20)
            hits = reachable[(page - 1) * per_page : page * per_page] if page > 0 else []
            total_pages = math.ceil(len(reachable) / per_page) if per_page else 0
            answer.update(
                page=page, hitsPerPage=per_page, totalHits=len(reachable), totalPages=total_pages
            )
        else:
            limit, offset = body.get("limit", 20), body.get("offset", 0)
            hits = reachable[offset : offset + limit]
            answer.update(limit=limit, offset=offset, estimatedTotalHits=len(reachable))
        retrieve = body.get("attributesToRetrieve") or ["*"]
        answer["hits"] = [
            doc if "*" in retrieve else {k: v for k, v in doc.items() if k in retrieve}
            for doc in hits
        ]
        if facets:
            distribution = {}
            for name in facets:
                counts: dict[str, int] = {}
                for doc in matches:
                    for value in {_facet_value(v) for v in _flatten(doc.get(name))}:
                        counts[value] = counts.get(value, 0) + 1
                distribution[name] = dict(sorted(counts.items()))
            answer["facetDistribution"] = distribution
        return answer

    @staticmethod
    def _text_match(doc: dict, q: str, searchable: list[str], settings: dict) -> int | None:
        """Total typos of the best match of every query word, or None when one doesn't match."""
        query_words = _words(q)
        if not query_words:
            return 0
        fields = doc.keys() if "*" in searchable else searchable
        doc_words = {w for name in fields for v in _flatten(doc.get(name)) for w in _words(str(v))}
        typo = settings["typoTolerance"]
        sizes = typo.get("minWordSizeForTypos", {})
        prefix_last = not q[-1:].isspace()

        def word_typos(word: str, prefix: bool) -> int | None:
            allowed = 0
            if typo.get("enabled", True):
                allowed = (len(word) >= sizes.get("oneTypo", 5)) + (
                    len(word) >= sizes.get("twoTypos", 9)
                )
            best = None
            for candidate in doc_words:
                forms = [candidate, candidate[: len(word)]] if prefix else [candidate]
                typos = min(_distance(word, form) for form in forms)
                if typos <= allowed and (best is None or typos < best):
                    best = typos
            return best

        total = 0
        for position, word in enumerate(query_words):
            prefix = prefix_last and position == len(query_words) - 1
            options = [[word]] + [_words(s) for s in settings["synonyms"].get(word, [])]
            results = []
            for option in options:
                typos = [word_typos(w, prefix and w == word) for w in option]
                if None not in typos:
                    results.append(sum(typos))
            if not results:
                return None
            total += min(results)
        return total


class _Handler(BaseHTTPRequestHandler):
    fake: FakeMeilisearch

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw.strip() else None
            status, answer = self.fake.handle(self.command, self.path, body)
        except ApiError as error:
            status, answer = error.status, error.body()
        except Exception as error:  # noqa: BLE001 - a fake's bug must show, not drop the line
            status, answer = 500, ApiError(500, "fake_error", repr(error)).body()
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _dispatch  # noqa: N815 - http.server naming

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        return


@contextmanager
def fake_meilisearch() -> Iterator[str]:
    """Serve the fake on a free loopback port; yields its base URL (see ``FakeMeilisearch`` for
    access to its state)."""
    with FakeMeilisearch() as fake:
        yield fake.url
