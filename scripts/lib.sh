# Shared helpers for scripts/setup, scripts/start and scripts/test (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FERRETDB_VERSION=v1.24.2
FERRETDB_BIN="${FERRETDB_BIN:-$ROOT/.cache/bin/ferretdb}"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { printf '\n\033[31mError:\033[0m %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  is_root || die "please install these Debian packages (as root): apt-get install -y $*"
  if [ ! -f "$ROOT/.cache/apt-updated" ]; then
    apt-get update -qq
    mkdir -p "$ROOT/.cache" && touch "$ROOT/.cache/apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_node() {
  command -v node >/dev/null || die "Node.js 20.19 or newer is required (https://nodejs.org or apt-get install nodejs npm)"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "Node.js 20.19 or newer is required; this is $(node -v)"
}

# npm ci when node_modules is missing or older than the lockfile.
ensure_npm_packages() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing npm packages"
    npm ci --no-audit --no-fund
  fi
}

# Builds FerretDB into .cache/bin. `go install …@version` cannot be used as is: the
# module's build/version/version.txt is generated at release time and missing from
# the module zip, so a plain build panics at start. We fetch the exact module
# through the Go module proxy, add that one file, and build it.
ensure_ferretdb() {
  [ -x "$FERRETDB_BIN" ] && return 0
  say "Building the embedded database (FerretDB $FERRETDB_VERSION) — once, about a minute"
  command -v go >/dev/null || die "Go 1.21+ is needed to build the embedded FerretDB (https://go.dev/dl), or set MONGODB_URI to use your own MongoDB"
  local src="$ROOT/.cache/ferretdb-src" dir
  dir=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})')
  [ -d "$dir" ] || die "could not download FerretDB $FERRETDB_VERSION through the Go module proxy"
  mkdir -p "$ROOT/.cache"
  rm -rf "$src"
  cp -r "$dir" "$src"
  chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  mkdir -p "$(dirname "$FERRETDB_BIN")"
  if ! (cd "$src" && go build -trimpath -o "$FERRETDB_BIN" ./cmd/ferretdb); then
    say "Retrying with FerretDB's own Go toolchain (go1.24.3, through the module proxy)"
    (cd "$src" && GOTOOLCHAIN=go1.24.3 go build -trimpath -o "$FERRETDB_BIN" ./cmd/ferretdb)
  fi
  # Read all of the output: with pipefail, `| head -1` can kill the writer with
  # SIGPIPE and fail the whole script (exit 141) when the build was quick.
  local version
  version=$("$FERRETDB_BIN" --version)
  echo "${version%%$'\n'*}"
}

# Builds the client unless dist/client is newer than every client and shared source.
ensure_client_build() {
  if [ ! -f dist/client/index.html ] || [ -n "$(find client shared vite.config.ts package-lock.json -newer dist/client/index.html -print -quit)" ]; then
    say "Building the client"
    npx vite build --logLevel warn
  fi
}

# Redis for the cluster tests and scripts/cluster (each starts its own redis-server on loopback).
ensure_redis() {
  command -v redis-server >/dev/null && return 0
  say "Installing Redis (Debian redis-server) for the cluster tests"
  apt_install redis-server
}

ensure_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    [ -x "$CHROMIUM_PATH" ] || die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
    return 0
  fi
  if [ ! -x /usr/bin/chromium ]; then
    say "Installing Debian Chromium for the browser tests"
    apt_install chromium fonts-noto-core
  fi
  export CHROMIUM_PATH=/usr/bin/chromium
}
