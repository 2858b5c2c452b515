"""Editors' workflow: drafts stay private, publish and schedules take effect, preview, revisions."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.models import ContentPage
from cms.tasks import scheduled_pages_publish

pytestmark = pytest.mark.django_db


def text_page(make_page, text, **fields):
    return make_page(
        ContentPage,
        title="About us",
        slug="about-test",
        body=[("rich_text", f"<p>{text}</p>")],
        **fields,
    )


def set_text(page, text):
    page.body = [("rich_text", f"<p>{text}</p>")]
    return page.save_revision()


def api_body(client, page):
    response = client.get(f"/api/cms/pages/{page.pk}/")
    return response.content.decode() if response.status_code == 200 else ""


def test_a_draft_is_private_until_published(client, make_page):
    page = text_page(make_page, "Published words")
    revision = set_text(page, "Draft words")

    html = client.get("/en/about-test/").content.decode()
    assert "Published words" in html and "Draft words" not in html
    assert "Draft words" not in api_body(client, page)
    assert "Published words" in api_body(client, page)

    revision.publish()

    html = client.get("/en/about-test/").content.decode()
    assert "Draft words" in html and "Published words" not in html
    assert "Draft words" in api_body(client, page)


def test_a_page_that_was_never_published_is_not_served(client, make_page):
    page = text_page(make_page, "Secret", publish=False)
    assert client.get("/en/about-test/").status_code == 404
    assert client.get(f"/api/cms/pages/{page.pk}/").status_code == 404


def test_scheduled_publishing(client, home):
    go_live = timezone.now() + datetime.timedelta(days=2)
    page = home.add_child(
        instance=ContentPage(
            title="Summer sale",
            slug="summer-sale",
            live=False,
            go_live_at=go_live,
            body=[("rich_text", "<p>Coming soon</p>")],
        )
    )
    page.save_revision().publish()
    page.refresh_from_db()

    assert not page.live
    assert client.get("/en/summer-sale/").status_code == 404
    call_command("publish_scheduled")
    assert client.get("/en/summer-sale/").status_code == 404

    later = go_live + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        # What Celery beat runs every minute (CELERY_BEAT_SCHEDULE "pages-publish-scheduled").
        scheduled_pages_publish.delay()

    page.refresh_from_db()
    assert page.live
    response = client.get("/en/summer-sale/")
    assert response.status_code == 200
    assert "Coming soon" in response.content.decode()


def test_preview_shows_the_draft_to_the_editor(client, make_page, superuser):
    page = text_page(make_page, "Published words")
    revision = set_text(page, "Draft words")

    preview = revision.as_object().make_preview_request()
    assert preview.status_code == 200
    assert "Draft words" in preview.content.decode()

    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]))
    assert response.status_code == 200
    assert "Draft words" in response.content.decode()

    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200


def test_revisions_are_listed_and_an_old_one_can_be_restored(client, make_page, superuser):
    page = text_page(make_page, "First version")
    first = page.latest_revision
    set_text(page, "Second version").publish()
    page.refresh_from_db()
    assert page.revisions.count() == 2

    client.force_login(superuser)
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert history.status_code == 200
    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first.pk]))
    assert revert.status_code == 200
    assert "First version" in revert.content.decode()

    first.publish()
    assert "First version" in client.get("/en/about-test/").content.decode()


def test_beat_runs_scheduled_publishing_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["pages-publish-scheduled"]
    assert entry["task"] == scheduled_pages_publish.name
    assert entry["schedule"] <= 60


@pytest.mark.parametrize(
    "model_name, parent_model",
    [
        ("contentpage", "homepage"),
        ("articleindexpage", "homepage"),
        ("articlepage", "articleindexpage"),
        ("categorylandingpage", "homepage"),
        ("productpage", "homepage"),
    ],
)
def test_editors_can_open_the_create_form_of_every_page_type(
    client, superuser, home, model_name, parent_model
):
    from wagtail.models import Page

    parent = (
        home
        if parent_model == "homepage"
        else Page.objects.child_of(home).filter(content_type__model=parent_model).first()
    )
    assert parent is not None, f"the demo has a {parent_model}"
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:add", args=["cms", model_name, parent.pk]))
    assert response.status_code == 200


def test_editors_can_open_every_demo_page_with_its_blocks_in_the_editor(client, superuser, home):
    from wagtail.models import Page

    client.force_login(superuser)
    pages = Page.objects.descendant_of(home, inclusive=True).filter(locale=home.locale)
    kinds = set()
    for page in pages:
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page.url_path
        kinds.add(page.content_type.model)
    assert {"homepage", "contentpage", "articleindexpage", "articlepage"} <= kinds
    assert {"categorylandingpage", "productpage"} <= kinds
