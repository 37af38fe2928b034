# syntax=docker/dockerfile:1
# briefbot: a multi-stage, slim, non-root image with the `briefbot` CLI as its entry point.
#   docker build -t briefbot .
#   docker run --rm briefbot --version
#   docker compose up -d          (with PostgreSQL: see compose.yaml and the README, "Running it as a service")
ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/briefbot
COPY pyproject.toml README.md ./
COPY briefings ./briefings
COPY bot ./bot
COPY adapters ./adapters
# A regular (non-editable) install: the gazetteer, actor aliases, sample corpus and migrations ship as package data.
RUN /opt/briefbot/bin/pip install ".[postgres]" && /opt/briefbot/bin/briefbot --version

FROM python:${PYTHON_VERSION}-slim
RUN groupadd --system --gid 10001 briefbot \
 && useradd --system --uid 10001 --gid briefbot --home-dir /var/lib/briefbot --create-home --shell /usr/sbin/nologin briefbot
COPY --from=build /opt/briefbot /opt/briefbot
ENV PATH=/opt/briefbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BRIEFBOT_HOME=/var/lib/briefbot \
    BRIEFBOT_HEALTH_HOST=0.0.0.0 \
    BRIEFBOT_HEALTH_PORT=8080 \
    BRIEFBOT_LOG_FORMAT=json \
    BRIEFBOT_LOG_LEVEL=INFO
USER briefbot:briefbot
WORKDIR /var/lib/briefbot
VOLUME ["/var/lib/briefbot"]
# 8080: /healthz, /readyz, /metrics.  3000: Slack HTTP mode (BRIEFBOT_SLACK_MODE=http) only.
EXPOSE 8080 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('BRIEFBOT_HEALTH_PORT', '8080'), timeout=4)"]
# SIGTERM (docker stop) ends `briefbot run` cleanly: answers and digests in flight finish first.
STOPSIGNAL SIGTERM
ENTRYPOINT ["briefbot"]
CMD ["run", "--no-console"]
