from celery import shared_task

from search import services
from search.backends.base import SearchUnavailable


@shared_task(
    autoretry_for=(SearchUnavailable,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=None,
)
def search_index_flush() -> int:
    """Drain the indexing outbox; retried with backoff while the search server is down (beat
    also runs it every minute, so a change is never left behind)."""
    return services.search_index_flush()


@shared_task(autoretry_for=(SearchUnavailable,), retry_backoff=5, max_retries=None)
def search_settings_apply() -> None:
    services.search_setup()
