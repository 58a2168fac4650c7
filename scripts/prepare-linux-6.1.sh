#!/bin/sh
# Extracts the parts of Debian's linux-source-6.1 that the hyp assembly needs into a gitignored
# cache (default .cache/linux-6.1) and runs the tree's own generators for the two generated headers
# that are not plain wrappers (cpucaps.h, sysreg-defs.h). Nothing here is committed.
set -eu
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
dest=${1:-$(dirname "$0")/../.cache/linux-6.1}
if [ -f "$dest/arch/arm64/kvm/hyp/entry.S" ] && [ -f "$dest/arch/arm64/include/generated/asm/sysreg-defs.h" ]; then
  echo "linux-6.1 sources already in $dest"; exit 0
fi
[ -f "$tarball" ] || { echo "error: $tarball not found (apt-get install linux-source-6.1)" >&2; exit 1; }
mkdir -p "$dest"
top=linux-source-6.1
tar -I 'xz -T0' -xf "$tarball" -C "$dest" --strip-components=1 \
  "$top/Makefile" "$top/arch/arm64/include" "$top/arch/arm64/kvm" "$top/arch/arm64/kernel" \
  "$top/arch/arm64/tools" "$top/arch/arm64/configs" "$top/include"
gen="$dest/arch/arm64/include/generated"
mkdir -p "$gen/asm" "$gen/uapi/asm"
awk -f "$dest/arch/arm64/tools/gen-cpucaps.awk" "$dest/arch/arm64/tools/cpucaps" > "$gen/asm/cpucaps.h"
awk -f "$dest/arch/arm64/tools/gen-sysreg.awk" "$dest/arch/arm64/tools/sysreg" > "$gen/asm/sysreg-defs.h"
echo "linux-6.1 sources extracted to $dest"
