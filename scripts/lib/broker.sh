# shellcheck shell=bash
# The Kafka-protocol broker for local runs and tests: Tansu (memory-only) on 127.0.0.1:9092,
# installed by scripts/install-deps. Source after common.sh. Uses whatever already answers on
# the port; otherwise starts Tansu and remembers its pid, so broker_stop stops only that one.

BROKER_HOST=127.0.0.1
BROKER_PORT=9092
BROKER_LOG="$RUN_DIR/broker.log"
BROKER_PID=""

broker_start() {
    if port_open "$BROKER_HOST" "$BROKER_PORT"; then
        log "a broker already answers on $BROKER_HOST:$BROKER_PORT: using it (and leaving it running)"
        return 0
    fi
    [ -x "$BROKER_VENV/bin/tansu-path" ] || die "the broker is not installed: run scripts/install-deps"
    local tansu
    tansu=$("$BROKER_VENV/bin/tansu-path")
    [ -x "$tansu" ] || die "broker binary $tansu is missing: remove $BROKER_VENV and run scripts/install-deps"
    mkdir -p "$RUN_DIR"
    log "starting the broker (Tansu, memory-only) on $BROKER_HOST:$BROKER_PORT; log: ${BROKER_LOG#"$FINANCING_ROOT"/}"
    start_detached "$tansu" broker \
        --listener-url "tcp://$BROKER_HOST:$BROKER_PORT" \
        --advertised-listener-url "tcp://$BROKER_HOST:$BROKER_PORT" \
        </dev/null >"$BROKER_LOG" 2>&1
    BROKER_PID=$!
    echo "$BROKER_PID" >"$RUN_DIR/broker.pid"
    if ! wait_for_port "$BROKER_HOST" "$BROKER_PORT" 30 "$BROKER_PID"; then
        log "last lines of ${BROKER_LOG#"$FINANCING_ROOT"/}:"
        tail -n 20 "$BROKER_LOG" >&2 || true
        broker_stop
        die "the broker did not answer on $BROKER_HOST:$BROKER_PORT within 30 s"
    fi
    log "broker is up on $BROKER_HOST:$BROKER_PORT (pid $BROKER_PID)"
}

# Stops the broker only if broker_start started it. Its data is gone with it (memory-only).
broker_stop() {
    [ -n "$BROKER_PID" ] || return 0
    log "stopping the broker (pid $BROKER_PID, we started it)"
    stop_pid "$BROKER_PID" TERM 10
    BROKER_PID=""
    rm -f "$RUN_DIR/broker.pid"
}
