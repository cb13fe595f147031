#!/usr/bin/env bash
# Publishes every package of the workspace to the npm registry at the given URL:
#   scripts/publish.sh <registry-url> [--no-build]
# Each package is packed with `pnpm pack` (which turns `workspace:^` ranges into the released versions and,
# through `prepack`, builds dist from scratch; --no-build skips that when dist was just built and checks
# that it exists), the tarball is checked (LICENSE present, no tests), then `npm publish`ed. Authentication
# comes from the npm user config (e.g. NPM_CONFIG_USERCONFIG pointing at an .npmrc holding the registry's
# `//host:port/:_authToken=`). Tarballs are left in $ANYK_PACK_DIR (default: a temporary folder).
set -euo pipefail
registry="${1:?usage: scripts/publish.sh <registry-url> [--no-build]}"
build=1
[ "${2:-}" = "--no-build" ] && build=0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pack_dir="${ANYK_PACK_DIR:-$(mktemp -d)}"
mkdir -p "$pack_dir"

for package_dir in "$root"/packages/*/; do
  name="$(node -p "require('$package_dir/package.json').name")"
  version="$(node -p "require('$package_dir/package.json').version")"
  if [ "$build" = 0 ]; then
    [ -f "$package_dir/dist/index.js" ] || { echo "publish: $name has no dist (run the build, or drop --no-build)" >&2; exit 1; }
    (cd "$package_dir" && npm_config_ignore_scripts=true pnpm pack --pack-destination "$pack_dir" >/dev/null)
  else
    (cd "$package_dir" && pnpm pack --pack-destination "$pack_dir" >/dev/null)
  fi
  tarball="$pack_dir/$(echo "${name#@}" | tr / -)-$version.tgz"
  listing="$(tar -tzf "$tarball")"
  grep -qx 'package/LICENSE' <<<"$listing" || { echo "publish: $tarball has no LICENSE" >&2; exit 1; }
  if grep -E '\.test\.|\.test-d\.|/__tests__/' <<<"$listing" >&2; then
    echo "publish: $tarball ships the tests above" >&2; exit 1
  fi
  npm publish "$tarball" --registry "$registry" --access public --loglevel=error >/dev/null
  echo "published $name@$version to $registry ($(du -k "$tarball" | cut -f1) kB packed, $(wc -l <<<"$listing") files)"
done
