"""Signals the search app sends."""

from django.dispatch import Signal

# Sent once per committed transaction that recorded index changes, after the commit
# (``search.services.index_changes_record``); ``search.receivers`` queues the flush task on it.
index_changes_committed = Signal()
