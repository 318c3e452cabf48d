#!/bin/sh
# Runs once, when the PostgreSQL volume is new (docker-entrypoint-initdb.d): one database per service
# named in BODEGA_DATABASES, as bodega_<service>. Each service keeps its tables in a schema named after
# itself inside its own database (ADR 0001), so no service can read another's data by accident.
set -eu
for service in ${BODEGA_DATABASES:?list the services that own a database}; do
  echo "creating database bodega_${service}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -c "CREATE DATABASE \"bodega_${service}\" OWNER \"${POSTGRES_USER}\""
done
