# Huiyin (回音): `huiyin start` in a container. Build: docker build -t huiyin .
# Run with PostgreSQL (compose.yaml); PGlite inside a container is for a quick look only.

# --- dependencies: runtime only. tsx is a runtime dependency (bin/huiyin.js runs the TypeScript
# through it, there is no build step), so --omit=dev leaves everything `huiyin start` needs.
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime
FROM node:20-slim
ENV NODE_ENV=production \
    HUIYIN_HOST=0.0.0.0 \
    HUIYIN_PORT=8080 \
    HUIYIN_CONFIG_DIR=/app/config \
    HUIYIN_DATA_DIR=/app/data/pg \
    HUIYIN_SPOOL_DIR=/app/data/spool \
    HUIYIN_PUBLIC_DIR=/app/public
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# Only what runs: the CLI, the code, migrations, the prompts and the default operator files.
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
COPY migrations ./migrations
COPY prompts ./prompts
COPY config ./config
# The spool and the public folder are written at run time by the unprivileged user; created here
# with its ownership so fresh named volumes mounted on them inherit it.
RUN mkdir -p /app/data/spool /app/public && chown -R node:node /app/data /app/public
USER node
# The spool must survive a restart (it holds messages taken while PostgreSQL was away): one volume
# per container. The public folder holds the digests: one volume shared by every instance.
VOLUME ["/app/data", "/app/public"]
EXPOSE 8080
# Liveness only (/healthz): a database outage must not get the container killed, the spool covers
# it. Load balancers use /readyz. No curl in -slim: Node's fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HUIYIN_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM stops schedules, Telegram, the web server and the core cleanly (src/commands/serve.ts).
CMD ["node", "bin/huiyin.js", "start"]
