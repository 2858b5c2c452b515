"""manage.py load_demo: refused in production mode, and a summary with the logins otherwise."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cms.models import HomePage
from commerce.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from commerce.demo.management.commands import load_demo

pytestmark = pytest.mark.django_db


def test_refused_when_debug_is_off(settings, monkeypatch):
    settings.DEBUG = False

    def must_not_run(**kwargs):
        pytest.fail("demo_load ran although DEBUG is off")

    monkeypatch.setattr(load_demo, "demo_load", must_not_run)
    with pytest.raises(CommandError) as refused:
        call_command("load_demo", stdout=StringIO(), stderr=StringIO())

    message = str(refused.value)
    assert message == load_demo.REFUSED_MESSAGE
    assert "\n" not in message
    assert "DEBUG is off" in message and "password" in message


def test_loads_the_demo_and_prints_the_logins(settings):
    settings.DEBUG = True  # the test runner turns it off
    out = StringIO()

    call_command("load_demo", stdout=out, stderr=StringIO())

    output = out.getvalue()
    assert "Demo shop loaded" in output
    assert DEMO_PASSWORD in output
    for account in DEMO_ACCOUNTS:
        assert account.email in output
        assert account.role_label in output
    assert HomePage.objects.filter(live=True).exists()


def test_second_run_reports_nothing_changed(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0, stdout=StringIO())
    out = StringIO()

    call_command("load_demo", verbosity=0, stdout=out)

    assert "nothing changed" in out.getvalue()


def test_if_missing_keeps_a_loaded_shop_as_it_is(settings, monkeypatch):
    from oscar.core.loading import get_model

    settings.DEBUG = True
    record = get_model("partner", "StockRecord").objects.order_by("pk").first()
    record.price += 1
    record.save()

    def must_not_run(**kwargs):
        pytest.fail("demo_load ran although the demo shop is loaded")

    monkeypatch.setattr(load_demo, "demo_load", must_not_run)
    out = StringIO()
    call_command("load_demo", "--if-missing", stdout=out)

    assert "already loaded" in out.getvalue()
    assert all(account.email in out.getvalue() for account in DEMO_ACCOUNTS)
    refreshed = get_model("partner", "StockRecord").objects.get(pk=record.pk)
    assert refreshed.price == record.price


def test_if_missing_loads_an_empty_database(settings):
    from oscar.core.loading import get_model

    settings.DEBUG = True
    get_model("partner", "Partner").objects.filter(code="nexus-demo-store").delete()

    out = StringIO()
    call_command("load_demo", "--if-missing", verbosity=0, stdout=out)

    assert "Demo shop loaded" in out.getvalue()
    assert get_model("partner", "Partner").objects.filter(code="nexus-demo-store").exists()
