# Production image: Node 24 and the provider; the database is MongoDB (see docker-compose.yml).
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY config ./config
COPY src ./src
COPY views ./views
COPY bin ./bin
USER node
EXPOSE 3000
CMD ["node", "src/main.ts"]
