"""Static files served by WhiteNoise, fingerprinted ones cached for one year.

In production the manifest storage gives every collected file a name carrying a hash of its
content (``css/shop.3c5e1f0a9b2d.css``): such a file never changes under its name, so browsers and
CDNs may keep it for a year without asking again (``immutable``). WhiteNoise's own lifetime for
them is ten years; a year is the longest lifetime HTTP caches are expected to honour everywhere.
Names without a hash (a file asked for under its plain name) keep WhiteNoise's short ``max-age``
(``WHITENOISE_MAX_AGE``, 60 seconds when DEBUG is off).
"""

from __future__ import annotations

from whitenoise.middleware import WhiteNoiseMiddleware as BaseWhiteNoiseMiddleware

ONE_YEAR_SECONDS = 365 * 24 * 60 * 60
IMMUTABLE_CACHE_CONTROL = f"max-age={ONE_YEAR_SECONDS}, public, immutable"


class WhiteNoiseMiddleware(BaseWhiteNoiseMiddleware):
    """WhiteNoise's middleware, with a one-year lifetime for fingerprinted files."""

    def add_cache_headers(self, headers, path, url):
        if self.immutable_file_test(path, url):
            headers["Cache-Control"] = IMMUTABLE_CACHE_CONTROL
        else:
            super().add_cache_headers(headers, path, url)
