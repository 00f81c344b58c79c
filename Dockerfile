# studybot as one small image: `docker compose up -d` runs the bot the .env file configures.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY content ./content
COPY db ./db
RUN pip install . \
    && useradd --create-home --uid 10001 studybot \
    && mkdir /data \
    && chown studybot:studybot /data

# The SQLite file (and the heartbeat beside it) live on a volume, owned by the unprivileged user.
ENV STUDYBOT_DATABASE=/data/studybot.sqlite3
VOLUME ["/data"]
USER studybot
WORKDIR /data

HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["studybot", "health"]
CMD ["studybot", "run"]
