# Rootline API image (the deployment issue extends this with the frontend build and workers).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ROOTLINE_ENV=production PORT=9000
WORKDIR /app

COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN pip install --no-cache-dir --no-deps . \
    && useradd --system --uid 10001 --home /app rootline && chown -R rootline /app
USER rootline

EXPOSE 9000
# Migrations run before serving; the schema never comes from create_all.
CMD ["sh", "-c", "flask --app incident_app db upgrade && exec gunicorn --bind 0.0.0.0:${PORT} --workers 4 --threads 4 wsgi:app"]
