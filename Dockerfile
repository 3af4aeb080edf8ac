# syntax=docker/dockerfile:1
# Node 22 (long-term support), pinned to one release so every build runs the same runtime; raise it
# deliberately, both lines together. The code itself still runs on Node 20 and later.
# Build: compile TypeScript with the dev dependencies.
FROM node:22.23.0-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# Runtime: production dependencies and the compiled output only.
FROM node:22.23.0-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# Files stay root-owned and read-only to the process; it writes nothing to disk.
USER node
# The Slack port (HTTP mode) and /metrics; in Socket Mode nothing needs to reach the bot.
EXPOSE 3000 9464
# Slim images have no curl; node's fetch does the probe. /healthz also listens in Socket Mode.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Exec form: node is PID 1 and receives SIGTERM itself, for the graceful shutdown.
CMD ["node", "dist/main.js"]
