#!/bin/sh
# The image's entrypoint: `<service>` (or SERVICE=<service> and no argument) starts that service;
# anything else is a `bodega` command (migrate, seed, status, start). exec: node is PID 1 and gets
# SIGTERM itself, which closes the service gracefully.
set -eu
cli=/app/apps/cli/dist/main.js

if [ "$#" -eq 0 ]; then
  if [ -z "${SERVICE:-}" ]; then
    echo "Set SERVICE to the service to run (gateway, identity, catalog, ...) or give a bodega command." >&2
    exec node "$cli" --help
  fi
  exec node "$cli" start --service "$SERVICE"
fi

case "$1" in
  start | migrate | seed | status | help | -*) exec node "$cli" "$@" ;;
  *) exec node "$cli" start --service "$@" ;;
esac
