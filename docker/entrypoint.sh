#!/bin/sh
# Container entrypoint: optionally apply migrations and search settings, then run the command (gunicorn by default,
# or the Celery worker / beat given by docker-compose.yml).
#
# RUN_MIGRATIONS=1 is set on the web service only, so a single container migrates.
set -eu

if [ "${RUN_MIGRATIONS:-0}" = "1" ]; then
    echo "entrypoint: applying database migrations"
    python manage.py migrate --noinput
    # Index settings and synonyms come from the code: apply them on every deploy.
    echo "entrypoint: applying search index settings"
    python manage.py search_setup
fi

exec "$@"
