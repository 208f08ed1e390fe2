#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data volume (after POSTGRES_DB
# created the event store, `financing`). The service connects as financing_service, the least
# privilege it needs (SPEC §6): it owns its two databases, so it migrates them at start, and is
# no superuser: it cannot create databases or roles, replicate, or read the server's files.
set -euo pipefail
password=$(cat /run/financing-secrets/service-db-password)
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v password="$password" <<'SQL'
CREATE ROLE financing_service LOGIN PASSWORD :'password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER DATABASE financing OWNER TO financing_service;
CREATE DATABASE financing_queries OWNER financing_service;
SQL
