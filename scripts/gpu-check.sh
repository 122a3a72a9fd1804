#!/usr/bin/env bash
# The GPU check of issue [11] §3 (docs/networks.md, "GPU check"): which TensorFlow.js backends
# start, MLP and CNN training steps per second on each (GPU beside wasm, same machine), replay
# bit-identity per backend, PyTorch (CPU, CUDA) on the same MLPs. Output: one JSON file.
#
#   scripts/gpu-check.sh [--quick] [OUT.json]   run from this checkout (after npm ci);
#                                               default bench/results/gpu-check.json
#   scripts/gpu-check.sh pack [--no-node]       build .gpu-pack/ (about 35 MB): the check bundled
#                                               into one file, the wasm binaries, Dawn, the Vulkan
#                                               loader (Debian libvulkan1) and this machine's node,
#                                               for a GPU machine with no network and no node
#   scripts/gpu-check.sh run-pack [OUT.json]    on that machine: run .gpu-pack/ (default
#                                               $OUT/gpu-check.json when OUT is set)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
pack=.gpu-pack

case "${1:-}" in
pack)
  rm -rf "$pack"
  mkdir -p "$pack/node_modules/webgpu/dist/linux-x64" "$pack/debs"
  # ESM bundle; CommonJS dependencies need require and __dirname (tfjs-backend-wasm finds its .wasm beside the bundle)
  npx esbuild bench/gpu-check.ts --bundle --platform=node --format=esm --target=node18 --log-level=warning \
    --outfile="$pack/gpu-check.mjs" --external:webgpu --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu \
    --banner:js="import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);"
  cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$pack/"
  cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$pack/node_modules/webgpu/"
  xz -T0 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node > "$pack/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
  if [[ "${2:-}" != --no-node ]]; then xz -T0 -6 -c "$(command -v node)" > "$pack/node.xz"; fi
  # the Vulkan loader from Debian (the GPU machine may have none; its driver brings the ICD)
  (cd "$pack/debs" && apt-get download libvulkan1 >/dev/null 2>&1) || echo "gpu-check pack: apt-get download libvulkan1 failed; the pack relies on the target's Vulkan loader" >&2
  echo "wrote $pack ($(du -sh "$pack" | cut -f1)); on the GPU machine: scripts/gpu-check.sh run-pack" >&2
  ;;
run-pack)
  out=${2:-${OUT:+$OUT/gpu-check.json}}
  out=${out:-$root/bench/results/gpu-check.json}
  [[ -f "$pack/gpu-check.mjs" ]] || { echo "gpu-check: $pack/gpu-check.mjs missing: run 'scripts/gpu-check.sh pack' first" >&2; exit 66; }
  node=$(command -v node || true)
  if [[ -z "$node" || "$("$node" -p 'process.versions.node.split(".")[0]')" -lt 18 ]]; then
    [[ -f "$pack/node.xz" ]] || { echo "gpu-check: no node >= 18 here and $pack/node.xz missing (pack without --no-node)" >&2; exit 69; }
    xz -dc "$pack/node.xz" > /tmp/lscert-node && chmod +x /tmp/lscert-node && node=/tmp/lscert-node
  fi
  dawn="$pack/node_modules/webgpu/dist/linux-x64/dawn.node"
  [[ -f "$dawn" ]] || xz -dc "$dawn.xz" > "$dawn"
  if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
    rm -rf /tmp/lscert-vk && mkdir -p /tmp/lscert-vk
    for f in "$pack"/debs/*.deb; do [[ -f "$f" ]] && dpkg -x "$f" /tmp/lscert-vk; done
    export LD_LIBRARY_PATH=/tmp/lscert-vk/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  fi
  # the NVIDIA driver's Vulkan ICD, where a container mounts the driver outside the standard folders
  nv=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  if [[ -z "${VK_DRIVER_FILES:-}" && -f "$nv" ]] && ! ls /usr/share/vulkan/icd.d/*nvidia* /etc/vulkan/icd.d/*nvidia* >/dev/null 2>&1; then
    export VK_DRIVER_FILES=$nv
  fi
  export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
  exec "$node" "$pack/gpu-check.mjs" --out "$out"
  ;;
*)
  args=()
  out=$root/bench/results/gpu-check.json
  for a in "$@"; do
    if [[ "$a" == --quick ]]; then args+=(--quick); else out=$a; fi
  done
  exec npx tsx bench/gpu-check.ts --out "$out" "${args[@]}"
  ;;
esac
