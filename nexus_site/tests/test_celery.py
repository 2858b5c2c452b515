"""The project's Celery app is the current one: apps reach it through ``celery.current_app``
(they never import ``nexus_site``), so they must get this one."""

from celery import current_app

from nexus_site.celery import app


def test_the_project_app_is_the_current_celery_app():
    assert current_app._get_current_object() is app


def test_the_outbox_sends_through_the_project_app():
    from commerce.outbox import services

    assert services.app._get_current_object() is app
    # As a worker starting up: the apps' tasks modules found by autodiscovery.
    app.loader.import_default_modules()
    assert "commerce.outbox.tasks.outbox_dispatch_pending" in services.app.tasks
