FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 1000 waypoint \
    && useradd --system --uid 1000 --gid waypoint --home-dir /app --shell /usr/sbin/nologin waypoint

WORKDIR /app

COPY . .

RUN pip install . \
    && rm -rf build *.egg-info

# gettext only for the build: the Spanish catalogue is compiled here, then the tools go.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends gettext \
    && DEBUG=0 SECRET_KEY=build-only-collectstatic-key-never-used-at-runtime-0123456789 \
       python manage.py compilemessages --ignore .venv \
    && apt-get purge -y -qq gettext && apt-get autoremove -y -qq && rm -rf /var/lib/apt/lists/*

RUN DEBUG=0 SECRET_KEY=build-only-collectstatic-key-never-used-at-runtime-0123456789 \
    python manage.py collectstatic --noinput

RUN rm -rf /app/var/celery \
    && mkdir -p /app/var \
    && chown waypoint:waypoint /app/var

USER waypoint

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'X-Forwarded-Proto': 'https'}), timeout=4)"]

CMD ["gunicorn", "--config", "recovery_site/gunicorn.conf.py", "recovery_site.wsgi:application"]
