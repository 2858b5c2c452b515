"""The indexing outbox asks for one flush per committed transaction that recorded changes."""

from unittest import mock

import pytest
from django.db import transaction

from search import services
from search.models import PendingIndexChange
from search.tasks import search_index_flush

PRODUCT = PendingIndexChange.Kind.PRODUCT
# Above any demo product's id: the outbox may already hold the demo's own changes.
UNKNOWN_ID = 10**9


class _Abandoned(Exception):
    """Raised to roll a transaction back."""


@pytest.fixture
def flushes():
    """The flush tasks queued (counted, not run)."""
    with mock.patch.object(search_index_flush, "delay") as delay:
        yield delay


def _recorded() -> set[int]:
    return set(
        PendingIndexChange.objects.filter(object_id__gte=UNKNOWN_ID).values_list(
            "object_id", flat=True
        )
    )


@transaction.atomic
def _change_recorded(*, product_id: int, abandon: bool = False) -> None:
    # Decorated, so every call reuses one ``Atomic`` object, as a service's retry would.
    services.index_changes_record(kind=PRODUCT, ids=[product_id])
    if abandon:
        raise _Abandoned


@pytest.mark.django_db
def test_many_changes_in_one_transaction_queue_one_flush(
    flushes, django_capture_on_commit_callbacks
):
    product_ids = [UNKNOWN_ID + n for n in range(28)]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for product_id in product_ids[:25]:
            services.index_changes_record(kind=PRODUCT, ids=[product_id])
        services.index_changes_record(kind=PRODUCT, ids=product_ids[25:])

    assert flushes.call_count == 1
    assert _recorded() == set(product_ids)


@pytest.mark.django_db
def test_a_rolled_back_change_queues_nothing_and_the_next_commit_flushes(
    flushes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(_Abandoned):
            _change_recorded(product_id=UNKNOWN_ID, abandon=True)
    assert flushes.call_count == 0

    with django_capture_on_commit_callbacks(execute=True):
        _change_recorded(product_id=UNKNOWN_ID + 1)

    assert flushes.call_count == 1
    assert _recorded() == {UNKNOWN_ID + 1}


@pytest.mark.django_db
def test_a_savepoint_rolled_back_inside_a_transaction_does_not_lose_its_flush(
    flushes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        # The first change is rolled back with its savepoint, the later one commits.
        with pytest.raises(_Abandoned), transaction.atomic():
            services.index_changes_record(kind=PRODUCT, ids=[UNKNOWN_ID])
            raise _Abandoned
        services.index_changes_record(kind=PRODUCT, ids=[UNKNOWN_ID + 1])
        # And a savepoint rolled back after a change leaves that change's flush in place.
        with pytest.raises(_Abandoned), transaction.atomic():
            services.index_changes_record(kind=PRODUCT, ids=[UNKNOWN_ID + 2])
            raise _Abandoned

    assert flushes.call_count == 1
    assert _recorded() == {UNKNOWN_ID + 1}


@pytest.mark.django_db
def test_each_committed_transaction_queues_its_own_flush(
    flushes, django_capture_on_commit_callbacks
):
    for product_id in (UNKNOWN_ID, UNKNOWN_ID + 1):
        with django_capture_on_commit_callbacks(execute=True):
            _change_recorded(product_id=product_id)

    assert flushes.call_count == 2


@pytest.mark.django_db(transaction=True)
def test_real_transactions_flush_once_each_commit_and_never_after_a_rollback(flushes):
    # Real commits and rollbacks (no test transaction around them). The rolled-back transaction
    # leaves nothing to flush and must not keep the next one, run through the same ``Atomic``,
    # from flushing.
    first, second, third = UNKNOWN_ID, UNKNOWN_ID + 1, UNKNOWN_ID + 2
    with pytest.raises(_Abandoned):
        _change_recorded(product_id=first, abandon=True)
    assert flushes.call_count == 0

    _change_recorded(product_id=second)
    assert flushes.call_count == 1

    # Outside a transaction (autocommit) the change is committed, and flushed, at once.
    services.index_changes_record(kind=PRODUCT, ids=[third])
    assert flushes.call_count == 2

    assert _recorded() == {second, third}
