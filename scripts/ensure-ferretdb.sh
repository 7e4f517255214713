#!/usr/bin/env bash
# Builds FerretDB (a MongoDB wire-protocol server on PostgreSQL) from the Go module proxy once and
# caches the binary under .cache/ferretdb/. See docs/adr/0002-ferretdb-for-development-and-tests.md.
set -euo pipefail
VERSION="${FERRETDB_VERSION:-v1.24.2}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/.cache/ferretdb"
BIN="$OUT/ferretdb-$VERSION"

if [ -x "$BIN" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "ensure-ferretdb: Go is needed to build FerretDB (or set MONGO_URL to an existing MongoDB)" >&2
  exit 1
fi

echo "Building FerretDB $VERSION (first run only, about a minute)..." >&2
mkdir -p "$OUT"
# `go install ...@version` fails here on the proxy's module list (deprecation check), so fetch the
# exact version and build inside its own module, as the FerretDB release build does.
SRC_DIR="$(GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [ -z "$SRC_DIR" ] || [ ! -d "$SRC_DIR" ]; then
  echo "ensure-ferretdb: could not download github.com/FerretDB/FerretDB@$VERSION" >&2
  exit 1
fi
WORK="$(mktemp -d)"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
cp -r "$SRC_DIR/." "$WORK/"
chmod -R u+w "$WORK"
# The module zip ships without the version file that FerretDB's own build generates from git.
echo "$VERSION" > "$WORK/build/version/version.txt"
(cd "$WORK" && CGO_ENABLED=0 go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb)
mv "$BIN.tmp" "$BIN"
"$BIN" --version >&2
