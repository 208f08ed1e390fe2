# shellcheck shell=bash
# PostgreSQL for local runs and tests: 127.0.0.1:5432, role postgres with password postgres.
# Source after common.sh. Uses whatever already answers on the port; otherwise starts Debian's
# packaged cluster (creating it if missing) and remembers that, so pg_stop stops only that.
# Failures end the script (die), also when the caller tests the status.

PG_HOST=127.0.0.1
PG_PORT=5432
PG_VERSION="${FINANCING_PG_VERSION:-15}"
PG_CLUSTER=main
PG_STARTED_BY_US=0

pg_ready() {
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT"
}

# psql over TCP as postgres/postgres against the postgres database; extra args follow.
pg_sql() {
    PGPASSWORD=postgres PGCONNECT_TIMEOUT=5 PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" \
        -U postgres -d postgres "$@"
}

# Runs a command as the postgres OS user (peer authentication over the local socket).
pg_as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && sudo -u postgres "$@")
    fi
}

pg_start() {
    if pg_ready; then
        log "PostgreSQL already answers on $PG_HOST:$PG_PORT: using it (and leaving it running)"
    else
        command -v pg_ctlcluster >/dev/null ||
            die "nothing answers on $PG_HOST:$PG_PORT and pg_ctlcluster (Debian's postgresql-common) is missing: start PostgreSQL there (user postgres, password postgres) or run scripts/install-deps"
        local port
        port=$(pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c { print $3 }')
        if [ -z "$port" ]; then
            log "creating PostgreSQL cluster $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
            $SUDO pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" >/dev/null
        elif [ "$port" != "$PG_PORT" ]; then
            # Happens when the package created the cluster while something else held 5432. Nothing
            # answers on 5432 now (checked above), so move the cluster there unless it is running.
            if pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c { exit $4 == "online" ? 0 : 1 }'; then
                die "cluster $PG_VERSION/$PG_CLUSTER runs on port $port, not $PG_PORT: stop it or set its port to $PG_PORT (pg_conftool $PG_VERSION $PG_CLUSTER set port $PG_PORT)"
            fi
            log "cluster $PG_VERSION/$PG_CLUSTER is configured for port $port: moving it to $PG_PORT"
            $SUDO pg_conftool "$PG_VERSION" "$PG_CLUSTER" set port "$PG_PORT" ||
                die "could not set the port of cluster $PG_VERSION/$PG_CLUSTER to $PG_PORT"
        fi
        log "starting PostgreSQL cluster $PG_VERSION/$PG_CLUSTER"
        # Own session: Ctrl-C in the terminal must not reach the postmaster (SIGINT = fast shutdown).
        if ! $SUDO setsid pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start; then
            log "last lines of the PostgreSQL log:"
            $SUDO tail -n 20 "/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log" >&2 || true
            die "could not start PostgreSQL cluster $PG_VERSION/$PG_CLUSTER"
        fi
        PG_STARTED_BY_US=1
        local deadline=$((SECONDS + 30))
        until pg_ready; do
            [ "$SECONDS" -lt "$deadline" ] || die "PostgreSQL did not answer on $PG_HOST:$PG_PORT within 30 s"
            sleep 0.2
        done
        log "PostgreSQL is up on $PG_HOST:$PG_PORT"
    fi
    pg_ensure_password
}

# The URLs carry postgres:postgres; a fresh Debian cluster has no password for that role.
pg_ensure_password() {
    if pg_sql -tAc 'SELECT 1' >/dev/null 2>&1; then return 0; fi
    log "setting the password of role postgres (through the local socket)"
    pg_as_postgres psql -X -q -p "$PG_PORT" -c "ALTER ROLE postgres WITH PASSWORD 'postgres'" >/dev/null ||
        die "cannot log in to $PG_HOST:$PG_PORT as postgres/postgres, nor set that password as the postgres OS user"
    pg_sql -tAc 'SELECT 1' >/dev/null || die "still cannot log in to $PG_HOST:$PG_PORT as postgres/postgres (check pg_hba.conf)"
}

# pg_ensure_db NAME...: creates each database that does not exist yet.
pg_ensure_db() {
    local db exists
    for db in "$@"; do
        exists=$(pg_sql -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'") || die "cannot query $PG_HOST:$PG_PORT"
        if [ "$exists" != 1 ]; then
            log "creating database $db"
            pg_sql -c "CREATE DATABASE \"$db\"" || die "cannot create database $db"
        fi
    done
}

# pg_recreate_db NAME...: drops (disconnecting its sessions) and creates each database; with
# PG_DB_OWNER set, owned by that role.
pg_recreate_db() {
    local db owner=""
    [ -z "${PG_DB_OWNER:-}" ] || owner=" OWNER \"$PG_DB_OWNER\""
    for db in "$@"; do
        log "recreating database $db${owner:+ (owner $PG_DB_OWNER)}"
        pg_sql -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\"$owner" ||
            die "cannot recreate database $db"
    done
}

# pg_ensure_service_role NAME PASSWORD: the least-privileged role the service needs (SPEC §6): it
# logs in and owns its two databases (so it migrates them), and is no superuser, cannot create
# databases or roles, replicate, bypass row security or read the server's files.
pg_ensure_service_role() {
    local exists
    exists=$(pg_sql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$1'") || die "cannot query $PG_HOST:$PG_PORT"
    if [ "$exists" != 1 ]; then
        log "creating role $1 (login, no superuser, no CREATEDB/CREATEROLE)"
        pg_sql -c "CREATE ROLE \"$1\" LOGIN PASSWORD '$2' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS" ||
            die "cannot create role $1"
    else
        pg_sql -c "ALTER ROLE \"$1\" LOGIN PASSWORD '$2' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS" ||
            die "cannot reset role $1"
    fi
}

# Stops the cluster only if pg_start started it.
pg_stop() {
    [ "$PG_STARTED_BY_US" = 1 ] || return 0
    PG_STARTED_BY_US=0
    log "stopping PostgreSQL cluster $PG_VERSION/$PG_CLUSTER (we started it)"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" stop ||
        log "warning: could not stop PostgreSQL cluster $PG_VERSION/$PG_CLUSTER"
}
