# The service image: build with the dev toolchain, run with production dependencies only.
#   docker build -t change-audit .
#   docker run -e DATABASE_URL=postgres://… -e KAFKA_BROKERS=… -e API_KEYS='[…]' -p 3000:3000 change-audit
# docs/configuration.md lists every variable; docker-compose.yml runs the whole stack.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so a source-only change reuses the npm ci layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
# changectl's HTTP layer is the typed client's source (clients/typescript), compiled with the service.
COPY clients/typescript/src ./clients/typescript/src
# src/ imports contracts/*/schema.json (the enums come from the published schema).
COPY contracts ./contracts
# The web console's sources: Vite builds them into dist/console, which the service serves at /console/.
COPY console ./console
# tsc -p tsconfig.build.json: dist/src (the service, CLIs) and dist/migrations (run at start-up); then the
# console.
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read at run time: contractsDir() looks for contracts/ above dist/src/contracts, i.e. /app/contracts.
COPY contracts ./contracts
COPY deploy/healthcheck.mjs ./deploy/healthcheck.mjs
# The node image's unprivileged user; the app writes nothing under /app.
USER node
EXPOSE 3000
# Slim images have no curl or wget: node itself probes liveness.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "deploy/healthcheck.mjs", "/health/live"]
# The heap cap also keeps V8 from growing the heap ~4x past live data (docs/operations.md, "Memory").
CMD ["node", "--max-old-space-size=512", "dist/src/main.js"]
