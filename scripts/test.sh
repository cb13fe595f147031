#!/usr/bin/env bash
# The whole test suite: lint, type-check, build, then every vitest lane, ending with one summary line
# "N passed, M failed, K skipped". Lanes that need WebGPU (Dawn in Node, headless Chromium) run only
# where a software adapter can be had; a lane that cannot run is announced loudly, and with
# ANYK_REQUIRE_WEBGPU=1 (set by .ci/run) any such skip fails the run.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
set +e

skipped_lanes=()
if [ -z "${VK_ICD_FILENAMES:-}" ]; then
  for candidate in /usr/lib/chromium/vk_swiftshader_icd.json \
    "$(dpkg -S vk_swiftshader_icd.json 2>/dev/null | head -n1 | cut -d' ' -f2)"; do
    if [ -n "$candidate" ] && [ -f "$candidate" ]; then export VK_ICD_FILENAMES="$candidate"; break; fi
  done
fi
if [ -n "${VK_ICD_FILENAMES:-}" ] && [ -f "$VK_ICD_FILENAMES" ]; then
  export ANYK_LANE_WEBGPU_DAWN=1
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
else
  skipped_lanes+=("webgpu-dawn: no SwiftShader Vulkan driver (vk_swiftshader_icd.json from Debian's chromium package)")
fi
chromium_path="${ANYK_CHROMIUM_PATH:-$(command -v chromium || true)}"
if [ -n "$chromium_path" ]; then
  export ANYK_CHROMIUM_PATH="$chromium_path"
else
  skipped_lanes+=("webgpu-chromium and docs (site crawl): no chromium binary on PATH (apt-get install chromium)")
fi

announce_skips() {
  for lane in "${skipped_lanes[@]}"; do
    printf '\n!!! LANE NOT RUN — %s\n' "$lane"
  done
}
announce_skips

status=0
echo "== lint (biome)"; pnpm exec biome check . || status=1
echo "== typecheck (tsc -b, then the docs site)"; pnpm exec tsc -b tsconfig.json || status=1; pnpm --filter docs typecheck || status=1
echo "== build (tsc per package, for the built-output lane)"; pnpm -r --filter "./packages/**" --workspace-concurrency=1 run build >/dev/null || { pnpm -r --filter "./packages/**" run build; status=1; }
echo "== docs site build (apps/docs: API reference + VitePress)"; docs_log="$(mktemp)"; pnpm --filter docs build >"$docs_log" 2>&1 || { tail -n 60 "$docs_log"; status=1; }

echo "== vitest"
rm -f .vitest-results.json
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.vitest-results.json "$@"
vitest_status=$?
[ $vitest_status -eq 0 ] || status=1

announce_skips
if [ ${#skipped_lanes[@]} -gt 0 ] && [ "${ANYK_REQUIRE_WEBGPU:-0}" = "1" ]; then
  echo "ANYK_REQUIRE_WEBGPU=1: a WebGPU lane could not run, failing."
  status=1
fi
node -e '
const fs = require("node:fs");
let r = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
try { r = JSON.parse(fs.readFileSync(".vitest-results.json", "utf8")); } catch {}
// A test file that fails before running any test (an import or collection error) counts as a failure too.
const broken = (r.testResults ?? []).filter((file) => file.status === "failed" && file.assertionResults.length === 0);
for (const file of broken) console.log(`FAILED TO RUN: ${file.name}`);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests + broken.length} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
'
exit $status
