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
  skipped_lanes+=("webgpu-chromium, browser-cpu (+ isolated), bench-chromium (anyk bench --suite browser-cpu) and docs (site crawl): no chromium binary on PATH (apt-get install chromium)")
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
rm -f .vitest-results.json .release-e2e.log
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.vitest-results.json "$@"
vitest_status=$?
[ $vitest_status -eq 0 ] || status=1

echo "== release end to end (scripts/release-e2e.sh: local registry, published packages, example apps)"
bash scripts/release-e2e.sh 2>&1 | tee .release-e2e.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

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
// The release end to end counts its checks on its last line; a run that died before it counts as one failure.
let release = { passed: 0, failed: 1, skipped: 0 };
try {
  const line = fs.readFileSync(".release-e2e.log", "utf8").trim().split("\n").at(-1);
  const match = /^release-e2e: (\d+) passed, (\d+) failed, (\d+) skipped$/.exec(line);
  if (match) release = { passed: +match[1], failed: +match[2], skipped: +match[3] };
  else console.log("FAILED TO RUN: scripts/release-e2e.sh (no summary line)");
} catch {
  console.log("FAILED TO RUN: scripts/release-e2e.sh (no log)");
}
const passed = r.numPassedTests + release.passed;
const failed = r.numFailedTests + broken.length + release.failed;
const skipped = r.numPendingTests + r.numTodoTests + release.skipped;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
'
exit $status
