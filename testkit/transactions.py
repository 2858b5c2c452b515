"""Commits as tests see them: the test's transaction never commits, so on-commit work is run
explicitly."""

from __future__ import annotations


def committed():
    """Run what the block queues with ``on_commit`` as it leaves, as a real commit would.

    Tests run inside a transaction that never commits, so tasks queued through the outbox
    (payment verification, refunds) would otherwise never run.
    """
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)
