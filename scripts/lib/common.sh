# shellcheck shell=bash
# Shared settings and helpers for the project's scripts. Source it; it only defines and exports.
# Slow installs live outside the clone so a fresh clone on the same machine reuses them.
FINANCING_CACHE="${FINANCING_CACHE:-$HOME/.cache/financing}"
RDKAFKA_PREFIX="$FINANCING_CACHE/librdkafka"
BROKER_VENV="$FINANCING_CACHE/broker-venv"
export FINANCING_CACHE RDKAFKA_PREFIX BROKER_VENV
# Guarded so that sourcing twice (a script sourcing another script's libs) does not repeat entries.
case ":${PKG_CONFIG_PATH:-}:" in
*":$RDKAFKA_PREFIX/lib/pkgconfig:"*) ;;
*) export PKG_CONFIG_PATH="$RDKAFKA_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" ;;
esac
case ":${LD_LIBRARY_PATH:-}:" in
*":$RDKAFKA_PREFIX/lib:"*) ;;
*) export LD_LIBRARY_PATH="$RDKAFKA_PREFIX/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ;;
esac
# Embeds the rpath so the built binaries find librdkafka without LD_LIBRARY_PATH.
# shellcheck disable=SC2034 # used by the scripts that source this file
SWIFT_LINK_FLAGS=(-Xlinker -rpath -Xlinker "$RDKAFKA_PREFIX/lib")

# The clone's root and its git-ignored folder for logs and pid files of local runs.
FINANCING_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck disable=SC2034 # used by the scripts that source this file
RUN_DIR="$FINANCING_ROOT/run"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

# Root runs system commands directly; anyone else through sudo.
SUDO=""
# shellcheck disable=SC2034 # used by the scripts that source this file
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# True when something accepts TCP connections on host:port (bash's /dev/tcp: no netcat needed).
port_open() {
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# wait_for_port HOST PORT SECONDS [PID]: waits until the port answers; gives up at the deadline
# or as soon as PID (the process expected to open it) has exited.
wait_for_port() {
    local host=$1 port=$2 deadline=$((SECONDS + $3)) pid=${4:-}
    until port_open "$host" "$port"; do
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

# stop_pid PID [SIGNAL] [SECONDS]: signals PID (default TERM), waits up to SECONDS (default 20)
# for it to exit, then kills it. Only for processes this shell started.
stop_pid() {
    local pid=$1 sig=${2:-TERM} deadline=$((SECONDS + ${3:-20}))
    kill -0 "$pid" 2>/dev/null || return 0
    kill -s "$sig" "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "process $pid still running after SIG$sig; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    wait "$pid" 2>/dev/null || true
}

# Starts a command in its own session, so that Ctrl-C in the terminal reaches only this script,
# which then stops its children in order (the service first, then the servers it needs).
# Without setsid (not Linux), the child simply stays in our process group.
start_detached() {
    if command -v setsid >/dev/null 2>&1; then
        setsid "$@" &
    else
        "$@" &
    fi
}

# Formats a duration in seconds as e.g. "3m07s".
fmt_duration() {
    printf '%dm%02ds' $(($1 / 60)) $(($1 % 60))
}
