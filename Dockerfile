# toasty team server: `docker build -t toasty .` then see deploy/compose.yaml.
# Stage 1 builds (native modules, TypeScript); stage 2 runs as a non-root user with production deps only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts=false
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    TOASTY_HOME=/data \
    TOASTY_LOG=json
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/bin ./bin
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/rules ./rules
COPY --from=build --chown=node:node /app/models ./models
COPY --from=build --chown=node:node /app/schemas ./schemas
COPY --from=build --chown=node:node /app/node_modules ./node_modules
RUN mkdir -p /data && chown node:node /data
# The image's own user (uid 1000), never root.
USER node
EXPOSE 8787
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8787/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/toasty.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8787"]
