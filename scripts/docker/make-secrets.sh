#!/usr/bin/env bash
# The one-shot `secrets` service of docker-compose.yml, first of all: creates the database
# passwords once, at random, in the volume `secrets`, and the URLs the service reads through
# FINANCING_*_URL_FILE. Each file is readable only by the container user that needs it:
# postgres (uid 999) the two passwords, the service (uid 10001, see Dockerfile) the URLs.
# Later runs keep what exists, so a restarted stack still matches its initialised database.
set -euo pipefail
dir=/var/lib/financing/secrets
random() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }
# write NAME VALUE: atomically, so an interrupted first run leaves no half-written secret.
write() {
    (umask 077 && printf '%s\n' "$2" >"$dir/.$1.tmp")
    mv "$dir/.$1.tmp" "$dir/$1"
}
if [ ! -s "$dir/readmodel-url" ]; then
    pw=$(random)
    write postgres-password "$(random)"
    write service-db-password "$pw"
    write eventstore-url "postgres://financing_service:$pw@postgres:5432/financing"
    write readmodel-url "postgres://financing_service:$pw@postgres:5432/financing_queries"
    echo "secrets: created the database passwords"
fi
chown 999:999 "$dir/postgres-password" "$dir/service-db-password"
chown 10001:10001 "$dir/eventstore-url" "$dir/readmodel-url"
chmod 400 "$dir"/*
chmod 755 "$dir"
