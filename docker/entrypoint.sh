#!/bin/sh
# One image, many roles: `docker run rootline <role>`, or any other command (exec'd as is).
#   api           migrate (unless ROOTLINE_MIGRATE_ON_START=false), then gunicorn on $PORT
#   worker        RQ worker for queue `correlation` (needs REDIS_URL); metrics on :9101
#                 (WORKER_METRICS_HOST, 127.0.0.1 unless set)
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
