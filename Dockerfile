# syntax=docker/dockerfile:1
# One image for every Spona process: web (gunicorn), worker and beat (Celery).
# docker-compose.yml picks the process through deploy/entrypoint.sh (web|worker|beat|migrate).
FROM python:3.11-slim

# PYTHONPATH: the project copied to /app wins over the copy pip installs into site-packages.
# SPONA_VAR_DIR: writable state (media, private uploads); a volume in docker-compose.yml.
# STATIC_ROOT: collected at build time, outside var/ so a volume never hides a newer build.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    SPONA_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles

RUN groupadd --system --gid 1000 spona \
    && useradd --system --uid 1000 --gid spona --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin spona

WORKDIR /app

# Dependencies in their own layer (pinned by constraints.txt) so code changes reuse it.
COPY pyproject.toml constraints.txt ./
RUN --mount=type=cache,target=/root/.cache/pip \
    python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself; files stay owned by root, only var/ is writable by the app user.
COPY . .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -c constraints.txt . \
    && chmod 0755 deploy/entrypoint.sh \
    && mkdir -p /app/var \
    && chown spona:spona /app/var

# The key and host below exist only for this step: production settings refuse to load
# without them, and collectstatic neither serves a request nor opens a database.
RUN SECRET_KEY=build-time-only-collectstatic-key-never-used-at-runtime-0123456789 \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput

USER spona

EXPOSE 8000

# /healthz answers 200 when the database does. The Host header must be one of
# ALLOWED_HOSTS, and X-Forwarded-Proto keeps SECURE_SSL_REDIRECT from redirecting.
# docker-compose.yml replaces this check for the worker and disables it for beat.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
    CMD python -c "import os, urllib.request as r; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=5)"

ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["gunicorn", "config.wsgi:application", "--config", "deploy/gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "3"]
