#!/usr/bin/env bash
# Release, proven end to end against a real npm registry (run after the build; scripts/test.sh calls it):
#   1. starts Verdaccio on 127.0.0.1 with a temporary storage folder (`@anyk/*` served locally only, every
#      other package proxied from the npm registry), creates a throwaway user and token;
#   2. publishes every package with scripts/publish.sh, and lints each tarball with publint --strict;
#   3. installs examples/node-app by version outside the workspace, measures the install size without
#      anyk's own files, type-checks it with skipLibCheck false (nodenext; current and oldest TypeScript),
#      and runs it;
#   4. installs examples/browser-app the same way, type-checks it (bundler and nodenext), builds it with
#      Vite, checks its gzipped JS size and that one router family pulls in no other, serves it and opens
#      it in headless Chromium with WebGPU and without;
#   5. installs examples/browser-cpu-app the same way (@anyk/kernels-node/browser), type-checks it, builds it
#      with Vite, checks that the worker scripts are files of their own and that no `node:` import is left,
#      serves it with and without the cross-origin isolation headers and opens each in headless Chromium
#      (two kernel threads on the isolated page, one worker and a `threadFallback` on the plain one);
#   6. installs the `anyk` CLI (@anyk/bench) from the registry and runs `anyk demo` outside the repository.
# Every check prints `release-e2e: ok|FAILED <what>`; the last line is `release-e2e: N passed, M failed,
# 0 skipped`, which scripts/test.sh adds to its summary. Verdaccio is stopped and the folder removed on exit.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"   # Node 22 and pnpm on PATH, as for scripts/test.sh
set +e -uo pipefail
root="$ANYK_ROOT"
here="$root/scripts/release-e2e"
oldest_typescript="5.7.3"
verdaccio_version="6.8.0"
max_install_bytes=$((3 * 1024 * 1024))
max_browser_gzip_bytes=$((40 * 1024))
work="$(mktemp -d "${TMPDIR:-/tmp}/anyk-release-XXXXXX")"
verdaccio_pid=""
preview_pids=""
passed=0
failed=0

cleanup() {
  for job in $(jobs -p); do kill "$job" 2>/dev/null; done   # installs still running when a check failed
  stop_previews
  [ -n "$verdaccio_pid" ] && kill "$verdaccio_pid" 2>/dev/null
  wait 2>/dev/null
  [ "${ANYK_KEEP_RELEASE_WORK:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
trap "exit 1" TERM INT

pass() { passed=$((passed + 1)); echo "release-e2e: ok $*"; }
fail() { failed=$((failed + 1)); echo "release-e2e: FAILED $*"; }
# check <what> <command...>: runs the command, its output indented, and counts the result.
check() {
  local what="$1"; shift
  if "$@" > "$work/last.log" 2>&1; then pass "$what"; else sed 's/^/    /' "$work/last.log" | tail -40; fail "$what"; fi
}
# stop_previews: ends the `vite preview` servers that serve_built started.
stop_previews() {
  for pid in $preview_pids; do kill "$pid" 2>/dev/null; done
  preview_pids=""
}
finish() {
  echo "release-e2e: $passed passed, $failed failed, 0 skipped"
  exit $((failed > 0 ? 1 : 0))
}

# --- 1. the registry -------------------------------------------------------------------------------------
verdaccio="$root/.tools/verdaccio/node_modules/.bin/verdaccio"
if [ ! -x "$verdaccio" ]; then
  npm install --prefix "$root/.tools/verdaccio" --no-audit --no-fund --loglevel=error "verdaccio@$verdaccio_version" >&2
fi
port="$(node "$here/measure.mjs" free-port)"
registry="http://127.0.0.1:$port/"
mkdir -p "$work/verdaccio/storage"
cat > "$work/verdaccio/config.yaml" <<YAML
storage: $work/verdaccio/storage
auth:
  htpasswd:
    file: $work/verdaccio/htpasswd
    max_users: 10
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
packages:
  '@anyk/*':
    access: \$all
    publish: \$authenticated
  '**':
    access: \$all
    publish: \$authenticated
    proxy: npmjs
log: { type: stdout, format: pretty, level: warn }
YAML
"$verdaccio" --config "$work/verdaccio/config.yaml" --listen "127.0.0.1:$port" > "$work/verdaccio.log" 2>&1 &
verdaccio_pid=$!
if ! node "$here/measure.mjs" wait-for "${registry}-/ping"; then cat "$work/verdaccio.log"; fail "Verdaccio starts on $registry"; finish; fi
pass "Verdaccio $("$verdaccio" --version) listening on $registry (storage in $work)"

token="$(node "$here/measure.mjs" add-user "$registry" anyk-release-test)"
printf 'registry=%s\n//127.0.0.1:%s/:_authToken=%s\n' "$registry" "$port" "$token" > "$work/npmrc"
export NPM_CONFIG_USERCONFIG="$work/npmrc" npm_config_cache="$work/npm-cache" npm_config_update_notifier=false
export npm_config_audit=false npm_config_fund=false ONNXRUNTIME_NODE_INSTALL=skip

# --- 2. publish ------------------------------------------------------------------------------------------
check "publish every package (scripts/publish.sh $registry --no-build)" \
  env ANYK_PACK_DIR="$work/tarballs" bash "$root/scripts/publish.sh" "$registry" --no-build
cat "$work/last.log"
for tarball in "$work"/tarballs/*.tgz; do
  check "publint --strict $(basename "$tarball")" pnpm exec publint run "$tarball" --strict
done
version_of() { node -p "require('$root/packages/$1/package.json').version"; }
for package in core routers losses kernels-node kernels-webgpu checkpoints train bench; do
  version="$(version_of "$package")"
  check "@anyk/$package@$version is served by the registry" \
    bash -c "[ \"\$(npm view @anyk/$package@$version version --registry $registry)\" = $version ]"
done

# copy_example <name>: the example (its src/shared link resolved) into the temporary folder, @anyk/* pinned
# to the versions just published (the committed manifests name the release they were written for).
copy_example() {
  cp -rL "$root/examples/$1" "$work/$1"
  node -e '
    const fs = require("node:fs");
    const [file, root] = process.argv.slice(1);
    const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const name of Object.keys(manifest.dependencies)) {
      if (!name.startsWith("@anyk/")) continue;
      manifest.dependencies[name] = require(`${root}/packages/${name.slice(6)}/package.json`).version;
    }
    fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
  ' "$work/$1/package.json" "$root"
}
# The four installs go through the registry (anyk's tarballs locally, the rest proxied) at once: they wait on
# the network, not the CPU. `installed <pid> <log>` waits for one and shows its log.
installed() { wait "$1"; local status=$?; cat "$2"; return $status; }
tsc_current="$root/node_modules/typescript/bin/tsc"
tsc_oldest="$work/typescript-$oldest_typescript/node_modules/typescript/bin/tsc"
npm install --prefix "$work/typescript-$oldest_typescript" --registry "$registry" "typescript@$oldest_typescript" \
  > "$work/install-typescript.log" 2>&1 &
typescript_pid=$!
copy_example node-app
(cd "$work/node-app" && npm install --omit=dev --registry "$registry") > "$work/install-node-app.log" 2>&1 &
node_app_pid=$!
copy_example browser-app
(cd "$work/browser-app" && npm install --registry "$registry") > "$work/install-browser-app.log" 2>&1 &
browser_app_pid=$!
mkdir -p "$work/cli" && echo '{"name":"anyk-cli-check","private":true}' > "$work/cli/package.json"
(cd "$work/cli" && npm install --registry "$registry" "@anyk/bench@$(version_of bench)") > "$work/install-cli.log" 2>&1 &
cli_pid=$!
check "TypeScript $oldest_typescript (oldest supported) installs" installed $typescript_pid "$work/install-typescript.log"

# --- 3. the Node app -------------------------------------------------------------------------------------
cd "$work/node-app"
check "node-app installs @anyk/core, routers, losses, kernels-node by version" installed $node_app_pid "$work/install-node-app.log"
install_bytes="$(du -sb --exclude=node_modules/@anyk node_modules | cut -f1)"
anyk_bytes="$(du -sb node_modules/@anyk | cut -f1)"
echo "release-e2e: node-app install size: $install_bytes bytes besides anyk's own $anyk_bytes bytes ($(ls node_modules | grep -v '^\.' | tr '\n' ' '))"
if [ "$install_bytes" -lt "$max_install_bytes" ]; then pass "CPU-only install under 3 MB besides anyk ($install_bytes bytes)"; else fail "CPU-only install under 3 MB besides anyk ($install_bytes bytes)"; fi
check "node-app installs its dev dependencies (@types/node)" npm install --registry "$registry"
check "node-app type-checks (skipLibCheck false, nodenext, TypeScript $(node "$tsc_current" --version | cut -d' ' -f2))" node "$tsc_current" -p tsconfig.json
check "node-app type-checks with TypeScript $oldest_typescript" node "$tsc_oldest" -p tsconfig.json --noEmit
check "node-app runs and exits without dispose()" timeout 120 node dist/main.js
cat "$work/last.log"

# Helpers of the two browser apps.
# type_check <app> <tsc> <tsconfig>: the app type-checks with that compiler and configuration.
type_check() {
  check "$1 type-checks ($3, skipLibCheck false, no @types, TypeScript $(node "$2" --version | cut -d' ' -f2))" \
    node "$2" -p "$3"
}
# no_node_imports <file...>: fails, printing the imports, when a bundled script imports or requires `node:`.
no_node_imports() { ! grep -HoE "(from|import|require)\s*\(?\s*[\"'\`]node:[a-z_/]+" "$@"; }
# serve_built [VAR=value...]: `vite preview` of the current app's dist on a free port, in the background,
# with the variables added to its environment; sets served_url and waits until it answers.
serve_built() {
  local port
  port="$(node "$here/measure.mjs" free-port)"
  env "$@" node node_modules/vite/bin/vite.js preview --host 127.0.0.1 --port "$port" --strictPort \
    >> "$work/preview.log" 2>&1 &
  preview_pids="$preview_pids $!"
  served_url="http://127.0.0.1:$port/"
  node "$here/measure.mjs" wait-for "$served_url"
}
# open_in_chromium <what> <name>[:no-webgpu]=<url>...: opens the pages in headless Chromium
# (check-browser-app.mjs) and counts browser-verdicts.mjs's verdict on each page; <what> fails when a page
# does not open or its result cannot be judged.
open_in_chromium() {
  local what="$1" page verdict said
  shift
  local names=()
  for page in "$@"; do names+=("${page%%[:=]*}"); done
  if ! node "$here/check-browser-app.mjs" "$@" > "$work/browser.log" 2>&1; then
    sed 's/^/    /' "$work/browser.log" | tail -40
    fail "$what"
    return
  fi
  cat "$work/browser.log"
  if ! node "$here/browser-verdicts.mjs" "$work/browser.log" "${names[@]}" > "$work/browser-checks.log" 2>&1; then
    sed 's/^/    /' "$work/browser-checks.log"
    fail "$what (its results could not be judged)"
    return
  fi
  while read -r verdict said; do
    if [ "$verdict" = ok ]; then pass "$said"; else fail "$said"; fi
  done < "$work/browser-checks.log"
}

# --- 4. the browser app ----------------------------------------------------------------------------------
cd "$work/browser-app"
check "browser-app installs @anyk/core, routers, kernels-webgpu and vite by version" installed $browser_app_pid "$work/install-browser-app.log"
# The browser CPU app installs while this app is checked: from the npm cache the install above filled (the
# same Vite), so it neither downloads Vite twice nor competes with the first installs.
copy_example browser-cpu-app
(cd "$work/browser-cpu-app" && npm install --registry "$registry") > "$work/install-browser-cpu-app.log" 2>&1 &
browser_cpu_app_pid=$!
for compiler in "$tsc_current" "$tsc_oldest"; do
  for config in tsconfig.json tsconfig.nodenext.json; do type_check browser-app "$compiler" "$config"; done
done
check "browser-app builds with Vite" node node_modules/vite/bin/vite.js build
gzip_bytes="$(node "$here/measure.mjs" gzip-js dist/assets)"
echo "release-e2e: browser-app JS: $gzip_bytes bytes gzipped"
if [ "$gzip_bytes" -lt "$max_browser_gzip_bytes" ]; then pass "browser-app JS under 40 kB gz ($gzip_bytes bytes)"; else fail "browser-app JS under 40 kB gz ($gzip_bytes bytes)"; fi
check "browser-app builds unminified" env ANYK_UNMINIFIED=1 node node_modules/vite/bin/vite.js build
check "the bundle importing @anyk/routers/top-p holds no other router family" \
  node "$here/check-one-family.mjs" dist-unminified/assets "$root/packages/bench/test-built/public-exports.json" top-p
check "browser bundle imports no Node modules" no_node_imports dist/assets/*.js
serve_built || fail "vite preview serves the built app"
open_in_chromium "browser-app opens in headless Chromium" "webgpu=$served_url" "fallback:no-webgpu=$served_url"
stop_previews

# --- 5. the browser CPU app ------------------------------------------------------------------------------
cd "$work/browser-cpu-app"
check "browser-cpu-app installs @anyk/core, routers, kernels-node and vite by version" installed $browser_cpu_app_pid "$work/install-browser-cpu-app.log"
type_check browser-cpu-app "$tsc_current" tsconfig.json
type_check browser-cpu-app "$tsc_current" tsconfig.nodenext.json
type_check browser-cpu-app "$tsc_oldest" tsconfig.json
check "browser-cpu-app builds with Vite" node node_modules/vite/bin/vite.js build
check "the browser-cpu-app build holds the host and kernel worker scripts as files of their own" \
  node "$here/check-worker-chunks.mjs" dist/assets
cat "$work/last.log"
check "browser-cpu-app bundle and workers import no Node modules" no_node_imports dist/assets/*.js
serve_built ANYK_CROSS_ORIGIN_ISOLATED=1 || fail "vite preview serves the built app with COOP/COEP"
isolated_url="$served_url"
serve_built || fail "vite preview serves the built app"
open_in_chromium "browser-cpu-app opens in headless Chromium" "cpu-isolated=$isolated_url" "cpu-plain=$served_url"
stop_previews
cd "$root"

# --- 6. the CLI ------------------------------------------------------------------------------------------
cd "$work/cli"
check "@anyk/bench@$(version_of bench) installs from the registry" installed $cli_pid "$work/install-cli.log"
echo "release-e2e: anyk CLI install size: $(du -sh node_modules | cut -f1) ($(ls node_modules | grep -v '^\.' | tr '\n' ' '))"
check "the installed anyk CLI runs \`anyk demo\` outside the repository" timeout 240 ./node_modules/.bin/anyk demo
tail -n 15 "$work/last.log"
cd "$root"
finish
