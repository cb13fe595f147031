#!/usr/bin/env bash
# Builds `.gpu/` (git-ignored): what the `device` tool's GPU machine needs to run scripts/gpu/gpu-bench.mjs,
# which may have no Node: an xz-compressed Node >= 22 binary (the one on PATH), Dawn's `webgpu` package
# (linux-x64 only) and the built @anyk/core and @anyk/kernels-webgpu. Also fetches the Vulkan loader debs
# into `.gl/` (the device README's recipe). Run after `pnpm build`; ~45 MiB, within the carry limit.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
for pkg in core kernels-webgpu; do
  [ -f "packages/$pkg/dist/index.js" ] || { echo "packages/$pkg/dist missing: run pnpm build" >&2; exit 1; }
done
node_bin="$(command -v node)"
major="$("$node_bin" -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 22 ] || { echo "node on PATH is $("$node_bin" -v); need >= 22" >&2; exit 1; }
exclude="$(git rev-parse --git-path info/exclude)" # a worktree's .git is a file
mkdir -p "$(dirname "$exclude")"
for entry in /.gpu/ /.gl/; do grep -qxF "$entry" "$exclude" 2>/dev/null || echo "$entry" >>"$exclude"; done

rm -rf .gpu && mkdir -p .gpu/node_modules/@anyk .gpu/node_modules/webgpu/dist
for pkg in core kernels-webgpu; do
  mkdir -p ".gpu/node_modules/@anyk/$pkg"
  cp "packages/$pkg/package.json" ".gpu/node_modules/@anyk/$pkg/"
  cp -r "packages/$pkg/dist" ".gpu/node_modules/@anyk/$pkg/"
done
webgpu="$(cd packages/kernels-webgpu && node -p 'require("node:path").dirname(require.resolve("webgpu/package.json"))')"
cp "$webgpu/package.json" "$webgpu/index.js" .gpu/node_modules/webgpu/
cp -r "$webgpu/dist/linux-x64" .gpu/node_modules/webgpu/dist/
cp scripts/gpu/gpu-bench.mjs scripts/gpu/run.sh .gpu/
xz -T0 -6 -c "$node_bin" >.gpu/node.xz

if ! ls .gl/*.deb >/dev/null 2>&1; then
  mkdir -p .gl /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  apt-get $o update >/dev/null
  (cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
du -sh .gpu .gl
