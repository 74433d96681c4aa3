# One image for the API, the worker and the built web client (the web service copies it into nginx).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# trixie, not bookworm: its postgresql-client is 17, the same major as docker-compose's postgres:17
# (pg_dump refuses a server newer than itself, and `npm run admin -- backup` runs pg_dump).
FROM node:24-trixie-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg espeak-ng postgresql-client && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# Same Node flags as the launcher (apps/launcher/src/child.ts: SERVER_NODE_FLAGS says why).
CMD ["node", "--enable-source-maps", "--max-semi-space-size=4", "dist/apps/api/src/main.js"]

FROM nginx:1.27-alpine AS web
# A template: the image's entrypoint fills the ATELIER_ variables (docker-compose.yml sets them).
COPY deploy/nginx.conf /etc/nginx/templates/default.conf.template
COPY --from=build /app/dist/web/browser /usr/share/nginx/html
