#!/usr/bin/env bash
# Builds deploy/k8s/check (kustomize's build library + strict decoding into the k8s.io/api types,
# from the Go module proxy) once and caches the binary under .cache/k8s-check/, keyed by the
# tool's sources, as ensure-ferretdb.sh does for FerretDB. deploy/test/k8s.test.ts runs it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/deploy/k8s/check"
KEY="$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC"/*.go | sha256sum | cut -c1-16)"
OUT="$ROOT/.cache/k8s-check"
BIN="$OUT/k8s-check-$KEY"

if [ -x "$BIN" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "ensure-k8s-check: Go is needed to build the manifest checker" >&2
  exit 1
fi
echo "Building the Kubernetes manifest checker (first run only, a few minutes on 2 cores)..." >&2
mkdir -p "$OUT"
(cd "$SRC" && CGO_ENABLED=0 go build -trimpath -o "$BIN.tmp" .)
mv "$BIN.tmp" "$BIN"
# The test finds the newest build through this name.
ln -sf "$(basename "$BIN")" "$OUT/k8s-check"
