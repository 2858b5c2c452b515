"""Our interface strings are translated: locale/fr's .po is complete, up to date, and used.

The .po is parsed with gettext's tools (msgattrib, msgfmt) and Django's makemessages, which
need GNU gettext; without it the tests are skipped with that reason. The compiled .mo is not
committed: ``make`` builds it (``make locale``), and the rendering test compiles it too.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from oscar.core.loading import get_model

PROJECT_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = PROJECT_DIR / "locale"
FR_PO = LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"
# The same as `make messages`.
MAKEMESSAGES_IGNORE = ["--ignore=.venv", "--ignore=media", "--ignore=staticfiles"]
MAKEMESSAGES_IGNORE += ["--ignore=bench", "--ignore=docs"]
# Not copied for the up-to-date check: what makemessages ignores, and local state.
NOT_COPIED = {".venv", "media", "staticfiles", "bench", "docs", ".git", "node_modules"}


def gettext_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not found: install GNU gettext (apt-get install gettext)")
    return path


def po_entries(text: str) -> list[dict[str, str]]:
    """The live entries of a .po file (no header, no obsolete ``#~`` ones), with their flags."""
    entries = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        key = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line:
                continue
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            else:
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            fields["flags"] = ",".join(sorted(flags))
            entries.append(fields)
    return entries


def msgids(entries) -> set[tuple[str, str, str]]:
    return {(e.get("msgctxt", ""), e["msgid"], e.get("msgid_plural", "")) for e in entries}


def committed_entries() -> list[dict[str, str]]:
    assert FR_PO.exists(), f"{FR_PO} is missing: run make messages and translate"
    return po_entries(FR_PO.read_text(encoding="utf-8"))


def compile_mo(po: Path, mo: Path) -> None:
    """msgfmt, as make and compilemessages run it; written next to its target, then moved."""
    msgfmt = gettext_tool("msgfmt")
    fd, partial = tempfile.mkstemp(suffix=".mo", dir=mo.parent)
    os.close(fd)
    try:
        subprocess.run(
            [msgfmt, "--check-format", "-o", partial, str(po)],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        os.replace(partial, mo)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


# --- The committed .po ---------------------------------------------------------------------------


def _untranslated_template_text(source: str) -> list[str]:
    """Words of a template a visitor would read that no translation tag covers."""
    text = re.sub(
        r"\{% *(blocktranslate|blocktrans|comment)\b.*?\{% *end\1 *%\}", " ", source, flags=re.S
    )
    text = re.sub(r"\{#.*?#\}", " ", text, flags=re.S)
    # Read attributes before tags are stripped: labels and placeholders are read aloud or shown.
    attributes = re.findall(r'(?:aria-label|placeholder|title|alt)="([^"]*)"', text)
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    text = re.sub(r"&[a-zA-Z#0-9]+;", " ", text)
    attribute_text = [re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", value) for value in attributes]
    return re.findall(r"[A-Za-zÀ-ÿ]{2,}", " ".join([text, *attribute_text]))


def test_our_templates_have_no_text_outside_translation_tags():
    offenders = {}
    for path in sorted((PROJECT_DIR / "templates").rglob("*")):
        if path.suffix in (".html", ".txt"):
            words = _untranslated_template_text(path.read_text(encoding="utf-8"))
            if words:
                offenders[str(path.relative_to(PROJECT_DIR))] = " ".join(words[:8])
    assert offenders == {}, "wrap these in {% translate %} / {% blocktranslate %}"


def test_the_template_check_finds_unmarked_text():
    assert _untranslated_template_text('<p class="x">Free delivery</p>') == ["Free", "delivery"]
    assert _untranslated_template_text('<input placeholder="Your name">') == ["Your", "name"]
    marked = '{% translate "Free delivery" %} <a href="{{ url }}" title="{{ t }}">{{ n }}</a>'
    assert _untranslated_template_text(marked) == []


def test_po_header_is_french_with_french_plurals():
    header = po_entries(
        FR_PO.read_text(encoding="utf-8").replace('msgid ""\nmsgstr', 'msgid "h"\nmsgstr', 1)
    )
    text = header[0]["msgstr"]
    assert "Language: fr\n" in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in text
    assert "Project-Id-Version: Nexus Commerce" in text


def test_every_entry_is_translated_and_none_is_fuzzy():
    msgattrib = gettext_tool("msgattrib")

    def selected(option: str) -> list[str]:
        result = subprocess.run(
            [msgattrib, option, "--no-obsolete", str(FR_PO)],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return sorted(e["msgid"] for e in po_entries(result.stdout))

    assert committed_entries(), "the .po has no entries"
    assert selected("--untranslated") == [], "untranslated in locale/fr: translate them"
    assert selected("--only-fuzzy") == [], "fuzzy in locale/fr: check and unmark them"
    # Plural entries have both French forms.
    for entry in committed_entries():
        if "msgid_plural" in entry:
            assert entry.get("msgstr[0]") and entry.get("msgstr[1]"), entry["msgid"]


def test_po_is_up_to_date_with_the_code(tmp_path):
    """makemessages on a copy of the project finds exactly the msgids the .po has."""
    gettext_tool("xgettext")
    gettext_tool("msgmerge")
    project = tmp_path / "project"
    project.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.sqlite3*")
    for entry in PROJECT_DIR.iterdir():
        if entry.name in NOT_COPIED:
            continue
        if entry.is_dir():
            shutil.copytree(entry, project / entry.name, ignore=skip)
        elif entry.suffix == ".py":
            shutil.copy2(entry, project / entry.name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", *MAKEMESSAGES_IGNORE],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    regenerated = project / FR_PO.relative_to(PROJECT_DIR)
    expected = msgids(po_entries(regenerated.read_text(encoding="utf-8")))
    committed = msgids(committed_entries())
    missing = sorted(msgid for _, msgid, _ in expected - committed)
    stale = sorted(msgid for _, msgid, _ in committed - expected)
    assert not missing, f"not in locale/fr (run make messages and translate): {missing}"
    assert not stale, f"no longer in the code (run make messages): {stale}"


def test_compiled_catalogue_translates_to_french(tmp_path):
    mo = tmp_path / "django.mo"
    compile_mo(FR_PO, mo)
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Notification preferences") == "Préférences de notification"
    assert (
        catalogue.gettext("Please choose how to pay.")
        == "Veuillez choisir votre moyen de paiement."
    )
    assert (
        catalogue.ngettext("%(counter)s message", "%(counter)s messages", 1)
        == "%(counter)s message"
    )
    assert (
        catalogue.ngettext("%(counter)s message", "%(counter)s messages", 2)
        == "%(counter)s messages"
    )
    # French plural rule: 0 and 1 are singular.
    only = "Only %(available)d left of %(title)s."
    assert catalogue.ngettext(only, only, 0) == catalogue.ngettext(only, only, 1)
    assert catalogue.ngettext(only, only, 1) != catalogue.ngettext(only, only, 2)


# --- In use --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled_locale():
    """locale/'s .mo files, compiled from their .po as `make locale` does."""
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            compile_mo(po, mo)


@pytest.fixture
def fresh_translations(compiled_locale, settings):
    # Changing a translation setting makes Django reload its catalogues (test signal).
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)


def test_django_uses_our_french(fresh_translations):
    with translation.override("fr"):
        assert translation.gettext("Template saved.") == "Modèle enregistré."
        assert str(translation.gettext_lazy("Pay with")) == "Payer avec"
    with translation.override("en"):
        assert translation.gettext("Template saved.") == "Template saved."


@pytest.mark.django_db
def test_storefront_page_under_fr_shows_our_french(fresh_translations, client):
    customer = get_model("auth", "User").objects.get(email="customer@example.com")
    client.force_login(customer)

    html = client.get("/fr/accounts/notifications/").content.decode()

    # templates/communication/account/preferences.html and its form (commerce.communication).
    assert "Choisissez comment nous vous tenons informé de vos commandes" in html
    assert "Préférences de notification" in html
    assert "Suivi des commandes par e-mail" in html
    english = client.get("/en/accounts/notifications/").content.decode()
    assert "Choose how we keep you informed about your orders" in english
