"""Counting the queries a request runs, and listing the ones it runs twice.

``queries_of(client.get, url)`` answers the response and what it ran; ``assert_queries`` fails
with the list of queries when there are more than allowed or when one ran twice, so a failure
shows what to fix. Counts are taken on the second request: the first warms what a process keeps
for its life (content types, Wagtail's site root paths, compiled templates).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class RequestQueries:
    response: object
    sql: list[str]

    @property
    def count(self) -> int:
        return len(self.sql)

    @property
    def duplicates(self) -> list[str]:
        return [sql for sql, times in Counter(self.sql).items() if times > 1]

    def listing(self) -> str:
        return "\n".join(f"  {number}. {sql}" for number, sql in enumerate(self.sql, 1))


def queries_of(call: Callable, *args, warm: bool = True, **kwargs) -> RequestQueries:
    """Call ``call(*args, **kwargs)`` (a test client's ``get``) and capture its queries."""
    if warm:
        call(*args, **kwargs)
    with CaptureQueriesContext(connection) as captured:
        response = call(*args, **kwargs)
    return RequestQueries(response=response, sql=[q["sql"] for q in captured.captured_queries])


def assert_queries(measured: RequestQueries, *, at_most: int) -> None:
    """Fail when the request ran more than ``at_most`` queries or the same query twice."""
    assert not measured.duplicates, (
        "queries run more than once:\n"
        + "\n".join(f"  {sql}" for sql in measured.duplicates)
        + f"\nall {measured.count} queries:\n{measured.listing()}"
    )
    assert measured.count <= at_most, (
        f"{measured.count} queries, at most {at_most} allowed:\n{measured.listing()}"
    )
