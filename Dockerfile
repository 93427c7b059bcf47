# Rootline: one image for every role (api, worker, migrate, slo-evaluator; see
# docker/entrypoint.sh). Build: docker build -t rootline .

# 1. The web UI (frontend/ -> /ui/dist).
FROM node:20-slim AS ui
WORKDIR /ui
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# 2. The Python package as a wheel, so the runtime installs it non-editable (its entry points,
#    such as `rootline.analyzers`, come from the installed metadata).
FROM python:3.11-slim AS package
WORKDIR /src
COPY pyproject.toml README.md config.py wsgi.py ./
COPY incident_app/ incident_app/
COPY analyzers/ analyzers/
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# 3. Runtime.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ROOTLINE_ENV=production \
    PORT=9000 \
    WEB_UI_DIR=/app/ui \
    ROOTLINE_INSTANCE_DIR=/app/instance
WORKDIR /app

COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --from=package /wheels/ /tmp/wheels/
RUN pip install --no-cache-dir --no-deps /tmp/wheels/*.whl && rm -rf /tmp/wheels

# `flask db upgrade` reads ./migrations (MIGRATIONS_DIR default) from the working directory.
COPY migrations/ migrations/
COPY --from=ui /ui/dist/ ui/
COPY docker/entrypoint.sh /usr/local/bin/rootline-entrypoint
RUN useradd --system --uid 10001 --no-create-home --home-dir /app rootline \
    && mkdir -p instance \
    && chown rootline instance \
    && chmod 0755 /usr/local/bin/rootline-entrypoint
USER 10001

EXPOSE 9000 9101
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '9000'), timeout=4)"
ENTRYPOINT ["/usr/local/bin/rootline-entrypoint"]
CMD ["api"]
