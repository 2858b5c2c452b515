"""Production static files: collected under fingerprinted names, served by WhiteNoise for one year
(``immutable``); a name without the fingerprint is only cached briefly.

Collected from a folder of the test's own (not every app's static files) into a temporary
STATIC_ROOT with the production storage, then asked for through the whole middleware stack.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

from nexus_site.static_files import ONE_YEAR_SECONDS

PRODUCTION_STATIC_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def cache_control(response) -> dict[str, str | None]:
    directives = {}
    for part in response["Cache-Control"].split(","):
        name, _, value = part.strip().partition("=")
        directives[name] = value or None
    return directives


@pytest.fixture
def collected(tmp_path):
    """DEBUG off, the production storage, and two files collected into a temporary STATIC_ROOT."""
    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "css" / "shop.css").write_text("body { background: url('../img/dot.svg'); }\n")
    (source / "img").mkdir()
    # Large enough for WhiteNoise to keep a gzip copy beside it.
    circles = "".join(f'<circle cx="{n}" cy="{n}" r="1"/>' for n in range(200))
    (source / "img" / "dot.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg">{circles}</svg>'
    )
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": PRODUCTION_STATIC_STORAGE},
    }
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=tmp_path / "staticfiles",
        STATICFILES_DIRS=[source],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STORAGES=storages,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


def test_the_production_middleware_is_ours():
    assert "nexus_site.static_files.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    assert "whitenoise.middleware.WhiteNoiseMiddleware" not in settings.MIDDLEWARE


def test_a_fingerprinted_file_is_cached_for_one_year(collected):
    url = staticfiles_storage.url("css/shop.css")
    assert url != "/static/css/shop.css" and url.startswith("/static/css/shop.")

    response = Client().get(url)

    assert response.status_code == 200
    assert b"../img/dot." in b"".join(response.streaming_content)
    directives = cache_control(response)
    assert directives == {"max-age": str(ONE_YEAR_SECONDS), "public": None, "immutable": None}
    assert ONE_YEAR_SECONDS == 31536000


def test_a_name_without_its_fingerprint_is_cached_briefly(collected):
    response = Client().get("/static/css/shop.css")

    assert response.status_code == 200
    directives = cache_control(response)
    assert "immutable" not in directives
    assert 0 < int(directives["max-age"]) <= 300


def test_a_compressed_fingerprinted_file_keeps_the_one_year_lifetime(collected):
    url = staticfiles_storage.url("img/dot.svg")

    response = Client().get(url, headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == f"max-age={ONE_YEAR_SECONDS}, public, immutable"
