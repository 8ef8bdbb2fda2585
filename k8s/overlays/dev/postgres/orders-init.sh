#!/usr/bin/env bash
# First start of orders-db only (the postgres image runs /docker-entrypoint-initdb.d once, on an empty
# data directory): the service's role owns the database, the relay's role may replicate and read.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner="$OWNER_USERNAME" -v owner_password="$OWNER_PASSWORD" \
  -v relay="$RELAY_USERNAME" -v relay_password="$RELAY_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"relay" LOGIN REPLICATION PASSWORD :'relay_password';
CREATE DATABASE orders OWNER :"owner";
\connect orders
-- The outbox table is created later by order-service's Flyway migration: grant the relay SELECT on it now.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT ON TABLES TO :"relay";
SQL
