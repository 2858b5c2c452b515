"""``manage.py outbox_dispatch``: send the pending outbox tasks now (see commerce.outbox)."""

from django.core.management.base import BaseCommand

from commerce.outbox.models import TaskMessage
from commerce.outbox.services import outbox_dispatch_pending


class Command(BaseCommand):
    help = (
        "Send the tasks recorded in the outbox that the broker has not taken yet (after a broker "
        "outage, or without a broker where they run in-process), then print a one-line summary."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=500, help="Send at most this many tasks (default 500)."
        )
        parser.add_argument(
            "--due-only",
            action="store_true",
            help="Leave the tasks whose last attempt failed until their next attempt time "
            "(as the periodic dispatch does); by default every pending task is sent now.",
        )

    def handle(self, *args, **options):
        sent = outbox_dispatch_pending(limit=options["limit"], due_only=options["due_only"])
        pending = TaskMessage.objects.filter(dispatched_at__isnull=True).count()
        line = f"Outbox: {sent} task(s) dispatched, {pending} still pending."
        self.stdout.write(self.style.SUCCESS(line) if not pending else self.style.WARNING(line))
