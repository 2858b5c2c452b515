from celery import shared_task
from django.core.management import call_command


@shared_task
def scheduled_pages_publish() -> None:
    # Wagtail publishes pages whose "go live" time has come (and unpublishes expired ones) only
    # when its publish_scheduled command runs; beat runs it every minute.
    call_command("publish_scheduled")
