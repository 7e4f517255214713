#!/usr/bin/env bash
# Installs what the suite needs on a fresh machine (Node 20 + npm, Go): pnpm, redis-server,
# PostgreSQL, the workspace's packages and the FerretDB binary. Safe to run again: each step skips when done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PNPM_VERSION="$(node -p "require('./package.json').packageManager.split('@')[1]")"

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "Installing pnpm $PNPM_VERSION..." >&2
  # corepack's signature check fails against some registry mirrors; npm installs the same package.
  corepack disable pnpm >/dev/null 2>&1 || true
  npm install -g --no-fund --no-audit "pnpm@$PNPM_VERSION" >&2
fi

if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing redis-server (Debian package)..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
fi

# FerretDB keeps its documents in PostgreSQL (ADR 0002): PG_URL's server, else a private cluster
# of Debian's postgresql package that the harness starts itself.
if [ -z "${PG_URL:-}" ] && [ -z "${MONGO_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "Installing postgresql (Debian package) for FerretDB..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

# The portal's browser tests drive Debian's Chromium (playwright-core, no downloaded browsers).
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing chromium (Debian package) for the portal's browser tests..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi

pnpm install --frozen-lockfile >&2

if [ -z "${MONGO_URL:-}" ]; then
  bash scripts/ensure-ferretdb.sh
fi

# The Kubernetes manifests' checker (kustomize's build library + the k8s.io/api types), built
# once from the Go module proxy and cached in .cache/k8s-check/ (deploy/test/k8s.test.ts).
bash scripts/ensure-k8s-check.sh
