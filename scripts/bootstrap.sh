# Sourced by scripts/run.sh and scripts/test.sh: idempotent set-up of the toolchain this repo needs.
# Works from a fresh clone with only the machine's default Node (20 is fine) and npm on PATH:
#   - a Node >= 22 (the npm package `node@22` when the system one is older),
#   - pnpm from npm (corepack is not used: its signature check fails on some machines),
#   - `pnpm install --frozen-lockfile`.
# Everything lands in ./.tools (git-ignored); a second run only checks and returns.
set -euo pipefail
ANYK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ANYK_TOOLS="$ANYK_ROOT/.tools"
PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$ANYK_ROOT/package.json")"
export ONNXRUNTIME_NODE_INSTALL=skip   # onnxruntime-node's optional CUDA download cannot work offline
export npm_config_update_notifier=false

anyk_log() { printf '[anyk setup] %s\n' "$*" >&2; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$ANYK_TOOLS/node22/node_modules/.bin/node" ]; then
    anyk_log "system Node is $(node --version 2>/dev/null || echo missing); installing Node 22 from the npm package node@22"
    npm install --prefix "$ANYK_TOOLS/node22" --no-audit --no-fund --loglevel=error node@22 >&2
  fi
  export PATH="$ANYK_TOOLS/node22/node_modules/.bin:$PATH"
fi
if [ "$(node_major)" -lt 22 ]; then
  anyk_log "could not get a Node >= 22 (have $(node --version))"; exit 1
fi

if [ ! -x "$ANYK_TOOLS/pnpm/node_modules/.bin/pnpm" ] || [ "$("$ANYK_TOOLS/pnpm/node_modules/.bin/pnpm" --version)" != "$PNPM_VERSION" ]; then
  anyk_log "installing pnpm@$PNPM_VERSION from npm"
  npm install --prefix "$ANYK_TOOLS/pnpm" --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" >&2
fi
export PATH="$ANYK_TOOLS/pnpm/node_modules/.bin:$PATH"

cd "$ANYK_ROOT"
pnpm install --frozen-lockfile --reporter=silent >&2
