#!/usr/bin/env bash
# The start command: set-up, then the whole suite with demo data on embedded defaults.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
exec pnpm exec tsx scripts/dev.ts "$@"
