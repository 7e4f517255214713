#!/usr/bin/env bash
# The test command: set-up, then everything a reviewer checks — format, lint, types, and every
# test against a real FerretDB (or MONGO_URL), Redis and SMTP server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
pnpm run check
