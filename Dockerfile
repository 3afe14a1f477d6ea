# Production image: Node 24 and the provider. With no MONGODB_URI the data is one SQLite file in
# /app/data (mount a volume there); docker-compose.yml runs it with MongoDB instead.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
# As `npm start`: glibc keeps at most two malloc arenas, so the argon2id working memory of the
# hashing threads is reused instead of kept once per thread (see docs/benchmarks.md).
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY config ./config
COPY src ./src
COPY views ./views
COPY locales ./locales
COPY bin ./bin
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
USER node
EXPOSE 3000
# Liveness only (/healthz): an unhealthy container is one whose process no longer answers.
# Load balancers should ask /readyz, which also checks the database (docs/operations.md).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PINGATE_SERVER_PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=8", "src/main.ts"]
