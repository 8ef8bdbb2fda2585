#!/usr/bin/env bash
# First start of fulfillment-db only: inbox-consumer's role owns its database.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner="$OWNER_USERNAME" -v owner_password="$OWNER_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE DATABASE fulfillment OWNER :"owner";
SQL
