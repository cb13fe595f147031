#!/usr/bin/env bash
# Regenerates the benchmark result files the site's Benchmarks page renders (apps/docs/benchmarks/*.json).
# Each file is exactly what `anyk bench --json` writes, machine info included; never edit them by hand.
# Usage: apps/docs/scripts/regenerate-benchmarks.sh [--quick]   (from anywhere; pass --quick for smoke numbers)
# browser-cpu needs Chromium (/usr/bin/chromium or ANYK_CHROMIUM_PATH); without it that suite stops with its error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
out="$root/apps/docs/benchmarks"
mkdir -p "$out"
cd "$root"
for suite in routers cpu browser-cpu; do
  echo "== anyk bench --suite $suite $*"
  node --conditions=@anyk/source packages/bench/src/cli.ts bench --suite "$suite" --json "$out/$suite.json" "$@"
done
