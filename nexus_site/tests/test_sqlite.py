"""SQLite, the embedded default, is opened with write-ahead logging, IMMEDIATE transactions and a
busy timeout: two requests that read then write at the same moment both succeed, one after the
other, instead of one failing with "database is locked".

The file database here is a real one in a temporary folder, not the test database (in memory,
or PostgreSQL), reached through Django's own SQLite backend and ``transaction.atomic``.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connections, transaction

from nexus_site.config import SQLITE_BUSY_TIMEOUT_SECONDS, database_from_url

ALIAS = "sqlite_file"
WRITERS = 2


def test_sqlite_gets_wal_immediate_transactions_and_a_busy_timeout(tmp_path):
    options = database_from_url(url=f"sqlite:///{tmp_path / 'shop.sqlite3'}")["OPTIONS"]
    pragmas = {p.strip() for p in options["init_command"].split(";") if p.strip()}
    assert pragmas == {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"}
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == SQLITE_BUSY_TIMEOUT_SECONDS >= 10


def test_options_written_in_a_sqlite_url_win(tmp_path):
    options = database_from_url(url=f"sqlite:///{tmp_path / 'shop.sqlite3'}?timeout=3")["OPTIONS"]
    assert options["timeout"] == 3
    assert options["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(
    "url", ["postgres://shop:pw@db.internal:5432/shop", "postgresql://shop@db.internal/shop"]
)
def test_postgresql_gets_none_of_the_sqlite_options(url):
    options = database_from_url(url=url).get("OPTIONS", {})
    assert not {"init_command", "transaction_mode", "timeout"} & set(options)


# --- Two writers at once on a file database ------------------------------------------------


@pytest.fixture
def file_database(tmp_path, monkeypatch, django_db_blocker):
    """``connections[ALIAS]``: a SQLite file in ``tmp_path``, with the settings' options (the
    test may replace them first with ``file_database(options)``)."""

    def open_database(options: dict | None = None):
        config = database_from_url(url=f"sqlite:///{tmp_path / 'shop.sqlite3'}")
        if options is not None:
            config["OPTIONS"] = options
        (configured,) = connections.configure_settings({"default": config}).values()
        monkeypatch.setitem(connections.settings, ALIAS, configured)
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
            cursor.execute("CREATE TABLE entry (writer INTEGER PRIMARY KEY)")
            cursor.execute("INSERT INTO counter (name, value) VALUES ('orders', 0)")
        return connections[ALIAS]

    with django_db_blocker.unblock():
        yield open_database
        if ALIAS in connections.settings:
            connections[ALIAS].close()
            del connections[ALIAS]


def read_then_write_at_once(
    writers: int = WRITERS, *, all_read_first: bool = False
) -> list[BaseException]:
    """``writers`` threads each read the counter, wait, then write it back plus one and record
    themselves, inside one transaction; they start together so their transactions overlap.

    ``all_read_first``: each waits until all have read before it writes (only possible where
    transactions do not wait for each other at their start)."""
    start = threading.Barrier(writers, timeout=30)
    all_read = threading.Barrier(writers, timeout=30)
    errors: list[BaseException] = []

    def writer(index: int) -> None:
        try:
            start.wait()
            with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                cursor.execute("SELECT value FROM counter WHERE name = 'orders'")
                (value,) = cursor.fetchone()
                if all_read_first:
                    all_read.wait()
                else:
                    time.sleep(0.3)  # the other transaction starts meanwhile
                cursor.execute("UPDATE counter SET value = %s WHERE name = 'orders'", [value + 1])
                cursor.execute("INSERT INTO entry (writer) VALUES (%s)", [index])
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=writer, args=(index,)) for index in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def stored(connection) -> tuple[int, list[int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE name = 'orders'")
        (value,) = cursor.fetchone()
        cursor.execute("SELECT writer FROM entry ORDER BY writer")
        return value, [writer for (writer,) in cursor.fetchall()]


def test_two_transactions_that_read_then_write_at_once_both_commit(file_database):
    connection = file_database()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"

    errors = read_then_write_at_once()

    assert errors == []
    # Both stored, and neither wrote over the other: the second read what the first wrote.
    assert stored(connection) == (WRITERS, list(range(WRITERS)))


def test_without_the_options_one_of_them_is_told_database_is_locked(file_database):
    """The same two transactions on SQLite's defaults (DEFERRED): what the options prevent."""
    connection = file_database({"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})

    errors = read_then_write_at_once(all_read_first=True)

    assert len(errors) == 1 and isinstance(errors[0], OperationalError), errors
    assert "database is locked" in str(errors[0])
    value, writers = stored(connection)
    assert value == 1 and len(writers) == 1
