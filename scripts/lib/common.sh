# Shared settings for the project's scripts. Source it; it only defines and exports.
# Slow installs live outside the clone so a fresh clone on the same machine reuses them.
FINANCING_CACHE="${FINANCING_CACHE:-$HOME/.cache/financing}"
RDKAFKA_PREFIX="$FINANCING_CACHE/librdkafka"
BROKER_VENV="$FINANCING_CACHE/broker-venv"
export FINANCING_CACHE RDKAFKA_PREFIX BROKER_VENV
export PKG_CONFIG_PATH="$RDKAFKA_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LD_LIBRARY_PATH="$RDKAFKA_PREFIX/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# Embeds the rpath so the built binaries find librdkafka without LD_LIBRARY_PATH.
SWIFT_LINK_FLAGS=(-Xlinker -rpath -Xlinker "$RDKAFKA_PREFIX/lib")

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
