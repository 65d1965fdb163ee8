# Planboard in a container: a static binary on a small Debian base.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /out/planboard ./cmd/planboard

FROM debian:bookworm-slim
# pg_dump/pg_restore for `planboard dump` and `restore`: from the PostgreSQL
# project's repository, because pg_dump refuses a server newer than itself
# and bookworm's own client is 15. Match the server's major version
# (docker-compose.yml runs 16): docker build --build-arg PG_CLIENT=17 for a 17 server.
ARG PG_CLIENT=16
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata curl gnupg \
 && curl -fsSL https://www.postgresql.org/media/keys/ACCC4CF8.asc | gpg --dearmor -o /usr/share/keyrings/pgdg.gpg \
 && echo "deb [signed-by=/usr/share/keyrings/pgdg.gpg] http://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update && apt-get install -y --no-install-recommends postgresql-client-${PG_CLIENT} \
 && apt-get purge -y curl gnupg && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home /var/lib/planboard planboard \
 && mkdir -p /var/lib/planboard/backups /var/lib/planboard/keys \
 && chown planboard /var/lib/planboard/backups /var/lib/planboard/keys && chmod 700 /var/lib/planboard/keys
COPY --from=build /out/planboard /usr/local/bin/planboard
USER planboard
WORKDIR /var/lib/planboard
ENV PLANBOARD_ADDR=0.0.0.0:8080
EXPOSE 8080
# The binary asks its own /readyz (database reachable, schema current):
# no shell, curl or /dev/tcp needed (bookworm's /bin/sh, dash, has none).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["planboard", "healthcheck"]
ENTRYPOINT ["planboard"]
CMD ["serve"]
