# syntax=docker/dockerfile:1

# Handoff's container image: the static binary on an empty base, run as a user without
# privileges. Build it from the repository's root:
#
#   docker build -t handoff:1 --build-arg VERSION=1 .
#
# The last stage (runtime) is the default. The tools stage adds the binary to the
# PostgreSQL image, whose pg_dump and pg_restore `handoff backup` and `handoff restore`
# run; build it with --target tools (deploy/compose.yaml does). See README, Production.

ARG GO_VERSION=1.26
ARG PG_MAJOR=17

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
# CGO off: the SQLite driver (modernc.org/sqlite) is Go, so the binary is static and
# needs no C library at run time. Time-zone data is embedded (time/tzdata).
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/handoff ./cmd/handoff
# The runtime has no shell: make its folders here. /data is owned by the user that runs
# handoff (a new named volume takes the owner and mode of the folder it is mounted on);
# /tmp is for restore's staging.
RUN mkdir -p /out/data /out/tmp && chown 65532:65532 /out/data && chmod 0700 /out/data && chmod 1777 /out/tmp

FROM postgres:${PG_MAJOR}-bookworm AS tools
COPY --from=build /out/handoff /usr/local/bin/handoff
COPY --from=build --chown=65532:65532 /out/data /data
ENV HANDOFF_DATA=/data HANDOFF_SEED=off
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/handoff"]
CMD ["--help"]

FROM scratch AS runtime
# CA certificates: for the TLS connections an admin configures (PostgreSQL with
# sslmode=verify-full, mail, webhooks). Nothing else from the builder.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/tmp /tmp
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build /out/handoff /handoff
ENV HANDOFF_ADDR=:8080 HANDOFF_DATA=/data HANDOFF_SEED=off HANDOFF_LOG_FORMAT=json
USER 65532:65532
EXPOSE 8080
# /healthz: the process answers. The proxy asks /readyz (database, schema, index) to
# decide where requests go.
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 CMD ["/handoff", "health"]
ENTRYPOINT ["/handoff"]
CMD ["serve"]
