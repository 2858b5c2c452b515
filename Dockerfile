# syntax=docker/dockerfile:1
#
# Nexus Commerce image: one image for the web server (gunicorn), the Celery worker and Celery
# beat; docker-compose.yml picks the process with `command:`.
#
#   docker build -t nexus-commerce .
#   docker run --rm -p 8000:8000 -e SECRET_KEY=... -e ALLOWED_HOSTS=localhost nexus-commerce
#
# Every setting comes from the environment at run time (nexus_site/settings.py); nothing secret
# is baked into the image.

# ---- build: a virtualenv with the pinned dependencies ----------------------------------------
FROM python:3.11-slim AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# gettext's msgfmt compiles the translations below.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build
COPY requirements.lock ./
# The compiled packages in the lock (psycopg-binary, Pillow, pydantic-core, PyYAML...) ship
# manylinux wheels: no compiler or -dev packages needed.
RUN pip install --no-cache-dir -r requirements.lock

# The translations (locale/) are compiled here with gettext's msgfmt (installed above), as
# compilemessages does; only the .mo files reach the runtime image, not gettext.
COPY locale/ ./locale/
RUN for po in locale/*/LC_MESSAGES/*.po; do msgfmt --check-format -o "${po%.po}.mo" "$po"; done

# ---- runtime -------------------------------------------------------------------------------
FROM python:3.11-slim AS runtime

# WEB_CONCURRENCY is gunicorn's own default for --workers.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=nexus_site.settings \
    WEB_CONCURRENCY=3

RUN groupadd --system --gid 10001 nexus \
    && useradd --system --uid 10001 --gid nexus --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin nexus

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY . .
COPY --from=build /build/locale/ ./locale/
COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/nexus-entrypoint

# Static files are collected into the image (served by WhiteNoise). The variables on this line
# exist only for this command: DEBUG=false selects the manifest storage used in production, and
# the settings refuse to load without a SECRET_KEY and ALLOWED_HOSTS when DEBUG is off.
# The code stays owned by root (read-only for the app); only the media folders (public images,
# staff-only private files) are writable, and named volumes mounted there start with this
# ownership.
RUN DEBUG=false SECRET_KEY=build-only-collectstatic-not-a-secret ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput \
    && python -m compileall -q /app \
    && mkdir -p /app/media /app/private-media \
    && chown nexus:nexus /app/media /app/private-media

USER nexus:nexus

EXPOSE 8000

# Liveness: /health/live/ answers as long as gunicorn serves requests, asking no dependency, so a
# database, Redis or Meilisearch outage never has the container replaced. Readiness (whether to
# send it traffic) is /health/, 503 when a configured dependency is down: the load balancer's
# probe. The request carries the first ALLOWED_HOSTS entry as its Host header, so it is not
# refused as a disallowed host.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = h if h not in ('', '*') else '127.0.0.1'; u.urlopen(u.Request('http://127.0.0.1:8000/health/live/', headers={'Host': h}), timeout=8)"]

# Workers: WEB_CONCURRENCY (above). gunicorn's control socket defaults to $HOME, which is
# read-only here.
ENTRYPOINT ["nexus-entrypoint"]
CMD ["gunicorn", "nexus_site.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", \
     "--control-socket", "/tmp/gunicorn.ctl"]
