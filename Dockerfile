# syntax=docker/dockerfile:1
# One image for every Bodega service; the service is chosen at start:
#   docker run -e SERVICE=catalog bodega        or        docker run bodega catalog
#   docker run bodega migrate up catalog        (any `bodega` CLI command)
#
# Base: Debian bookworm slim rather than Alpine. The native addon (argon2) and the rest of the tree are
# built and tested on glibc (CI runs bookworm), musl changes DNS resolution and allocator behaviour
# under load, and the compressed size difference (~25 MB) is small next to node_modules.
ARG NODE_IMAGE=node:20-bookworm-slim

# Manifests only, so the dependency layers below are rebuilt when a package.json changes, not on every
# source edit.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
  && cp package.json package-lock.json .npmrc /manifests/ \
  && find packages services apps -name package.json -not -path '*/node_modules/*' \
     -exec cp --parents {} /manifests/ \;

# Every dependency, development tools included, to compile the TypeScript.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY packages packages
COPY services services
COPY apps apps
# The root build compiles every workspace and builds the web app (apps/web/dist, served by the gateway).
RUN npm run build \
  # What the runtime needs from the workspaces: compiled code and the SQL migrations (read at start).
  && mkdir /out \
  && find packages services apps -path '*/node_modules' -prune -o -type f \
     \( -path '*/dist/*' -o -path '*/src/db/migrations/*' \) \
     -not -name '*.d.ts' -not -name '*.d.ts.map' -not -name '*.tsbuildinfo' -print \
     | xargs cp --parents -t /out

# Production dependencies only.
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund \
  && rm -rf /root/.npm

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    # Listen on every interface of the container, not only loopback.
    HOST=0.0.0.0 \
    # The only place a service may write (embedded fallbacks); the root file system can be read-only.
    BODEGA_DATA_DIR=/tmp/bodega \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=production-dependencies /app ./
COPY --from=build /out ./
COPY deploy/docker/entrypoint.sh deploy/docker/healthcheck.mjs /app/deploy/docker/
# The image's `node` user; numeric so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080 8101 8102 8103 8104 8105 8106 9080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "/app/deploy/docker/healthcheck.mjs"]
ENTRYPOINT ["/bin/sh", "/app/deploy/docker/entrypoint.sh"]
CMD []
