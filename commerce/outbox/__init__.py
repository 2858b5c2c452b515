"""Task outbox: tasks recorded in the same transaction as the change, dispatched on commit."""
