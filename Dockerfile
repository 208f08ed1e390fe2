# syntax=docker/dockerfile:1
# The financing service image: both executables (`financing <subcommand>` and `populate`) on a
# small Ubuntu runtime. docker-compose.yml runs one container per component from it.
#
#   docker build -t financing:local .
#   docker run --rm financing:local financing --help
#
# Ubuntu 24.04 ships librdkafka 2.3.0 (>= 2.2, which KRaft-mode Kafka needs) and libpq 16.

ARG SWIFT_VERSION=6.3

FROM swift:${SWIFT_VERSION}-noble AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpq-dev librdkafka-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# .build lives in a BuildKit cache: rebuilds after a source change are incremental and the
# dependency checkouts are reused. The Swift runtime is linked statically, so the runtime image
# needs only the C libraries.
RUN --mount=type=cache,target=/src/.build,id=financing-swiftpm-build \
    swift build -c release --static-swift-stdlib --product financing \
    && swift build -c release --static-swift-stdlib --product populate \
    && bin="$(swift build -c release --show-bin-path)" \
    && mkdir -p /out && cp "$bin/financing" "$bin/populate" /out/

FROM ubuntu:24.04
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpq5 librdkafka1 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin financing \
    && mkdir -p /var/lib/financing/auth && chown financing /var/lib/financing/auth && chmod 700 /var/lib/financing/auth
COPY --from=build /out/financing /out/populate /usr/local/bin/
USER financing
# Outside a container the servers bind loopback; inside, the published ports must reach them.
ENV FINANCING_BIND_HOST=0.0.0.0
EXPOSE 8080 8081 8082 9090
CMD ["financing", "all"]
