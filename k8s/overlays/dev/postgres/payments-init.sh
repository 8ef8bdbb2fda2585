#!/usr/bin/env bash
# First start of payments-db only (the postgres image runs /docker-entrypoint-initdb.d once, on an empty
# data directory): the service's role owns the database, the relay's role may only replicate.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner="$OWNER_USERNAME" -v owner_password="$OWNER_PASSWORD" \
  -v relay="$RELAY_USERNAME" -v relay_password="$RELAY_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"relay" LOGIN REPLICATION PASSWORD :'relay_password';
CREATE DATABASE payments OWNER :"owner";
-- No table privilege for the relay: it streams the outbox through logical decoding
-- (snapshot.mode=no_data), which needs REPLICATION and the publication, not SELECT on any table.
SQL
