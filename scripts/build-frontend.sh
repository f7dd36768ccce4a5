#!/usr/bin/env bash
# Builds the web app into frontend/dist (what the server serves at /).
# Installs the locked npm packages only when package-lock.json changed since the last
# install, and rebuilds only when a source, the lock file or the GraphQL schema changed
# since the last build (FORCE=1 rebuilds anyway). Works on a clean clone.
set -euo pipefail
cd "$(dirname "$0")/../frontend"

command -v npm >/dev/null || { echo "The web app needs Node.js 20+ and npm." >&2; exit 1; }

installed=node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ package-lock.json -nt "$installed" ]; then
  echo "frontend: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

built=dist/.vite/manifest.json
if [ "${FORCE:-}" != 1 ] && [ -f "$built" ] && [ -z "$(find src public index.html vite.config.ts \
    tsconfig.json package-lock.json ../graphql_schema/schema.graphql \
    ../graphql_schema/anonymous.graphql -newer "$built" -print -quit)" ]; then
  echo "frontend: up to date"
  exit 0
fi
echo "frontend: build"
# `npm run build` = generate the GraphQL types from the schema, check every document
# against it (gql-tada check), type-check (tsc), then bundle (vite).
npm run --silent build
