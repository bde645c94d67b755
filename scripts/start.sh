#!/bin/sh
# `npm start [-- --flags]`: installs node_modules if missing, rebuilds dist/ when a source is newer,
# then replaces itself with the broker (so signals reach it directly).
set -eu

cd "$(dirname "$0")/.."

if [ ! -d node_modules ]; then
  echo '[start] node_modules missing: npm ci' >&2
  npm ci --no-audit --no-fund >&2
fi

stale=0
if [ ! -f dist/main.js ]; then
  stale=1
elif [ -n "$(find src package.json tsconfig.json tsconfig.build.json -newer dist/main.js -print 2>/dev/null | head -n 1)" ]; then
  stale=1
fi
if [ "$stale" = 1 ]; then
  echo '[start] building dist/' >&2
  npm run --silent build >&2
  touch dist/main.js # mark the build time even when tsc left main.js unchanged
fi

exec node --initial-old-space-size=64 dist/main.js start "$@"
