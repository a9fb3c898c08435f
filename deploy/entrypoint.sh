#!/bin/sh
# Spona container entrypoint. The first argument picks the process:
#   web      migrate, load the reference data, then serve with gunicorn on :8000
#   worker   Celery worker
#   beat     Celery beat (schedule file in /tmp, the container's only writable scratch)
#   migrate  migrate and load the reference data, then exit (one-off: `docker compose run`)
# Anything else is run as given (the image's default CMD is a bare gunicorn).
set -eu

cd /app

prepare_database() {
    python manage.py migrate --noinput
    python manage.py load_reference_data
}

case "${1:-web}" in
    web)
        prepare_database
        exec gunicorn config.wsgi:application --config deploy/gunicorn.conf.py \
            --bind 0.0.0.0:8000 --workers 3
        ;;
    worker)
        exec celery -A config.celery_app worker --loglevel=info
        ;;
    beat)
        exec celery -A config.celery_app beat --loglevel=info \
            --schedule /tmp/celerybeat-schedule
        ;;
    migrate)
        prepare_database
        ;;
    *)
        exec "$@"
        ;;
esac
