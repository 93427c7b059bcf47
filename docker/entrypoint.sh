#!/bin/sh
# One image, many roles: `docker run rootline <role>`, or any other command (exec'd as is).
#   api           migrate (unless ROOTLINE_MIGRATE_ON_START=false), then gunicorn on $PORT
#   worker        RQ worker for queue `correlation` (needs REDIS_URL); metrics on :9101
#   rq-dashboard  standalone RQ dashboard on :9181 (HTTP Basic from RQ_DASHBOARD_USERNAME/_PASSWORD)
#   migrate       flask db upgrade, then exit (a one-shot job)
#   slo-evaluator flask slo evaluate --every ${SLO_EVALUATE_EVERY:-60}
# Extra arguments after a role are passed to its command.
set -eu

FLASK="flask --app incident_app"

role="${1:-api}"
[ "$#" -gt 0 ] && shift

case "$role" in
  api)
    if [ "${ROOTLINE_MIGRATE_ON_START:-true}" != "false" ]; then
      $FLASK db upgrade
    fi
    exec gunicorn -c python:incident_app.gunicorn_conf "$@" wsgi:app
    ;;
  worker)
    exec $FLASK worker "$@"
    ;;
  rq-dashboard)
    : "${REDIS_URL:?rq-dashboard needs REDIS_URL}"
    : "${RQ_DASHBOARD_USERNAME:?set RQ_DASHBOARD_USERNAME: the dashboard can delete jobs}"
    : "${RQ_DASHBOARD_PASSWORD:?set RQ_DASHBOARD_PASSWORD}"
    # rq-dashboard reads RQ_DASHBOARD_USERNAME/_PASSWORD itself (kept off the command line).
    exec rq-dashboard --bind 0.0.0.0 --port "${RQ_DASHBOARD_PORT:-9181}" \
      --redis-url "$REDIS_URL" "$@"
    ;;
  migrate)
    exec $FLASK db upgrade "$@"
    ;;
  slo-evaluator)
    exec $FLASK slo evaluate --every "${SLO_EVALUATE_EVERY:-60}" "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
