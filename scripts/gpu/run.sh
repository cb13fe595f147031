#!/usr/bin/env bash
# Runs gpu-bench.mjs from the bundle (`.gpu/`, built by scripts/gpu/bundle.sh) on the device machine:
#   run: command "bash .gpu/run.sh", carry [".gpu", ".gl"]
# On a machine without a GPU driver, set VK_ICD_FILENAMES (SwiftShader) and pass --quick to smoke-test it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
node=/tmp/anyk-node22
[ -x "$node" ] || { xz -dc "$here/node.xz" >"$node"; chmod +x "$node"; }
if [ -z "${VK_ICD_FILENAMES:-}" ]; then
  # The device machine has the NVIDIA driver but maybe no Vulkan loader: unpack the carried one.
  if ! ldconfig -p | grep -q libvulkan; then
    for deb in "$here"/../.gl/*.deb; do dpkg -x "$deb" /; done
    ldconfig
  fi
  nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  [ -f "$nvidia_icd" ] && export VK_DRIVER_FILES="$nvidia_icd"
  nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv >&2 || true
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/xdg-anyk}"
mkdir -p "$XDG_RUNTIME_DIR"
cd "$here"
"$node" gpu-bench.mjs "$@"
