#!/bin/bash
# build-initrd.sh KROOT KVER USERLAND BINDIR OUT
# Builds the guest initramfs (gzip'd newc cpio):
#   /init (lab/guest/init), /bin/busybox (host's busybox-static), /memhog, /vmlog,
#   /sbin/dmsetup with its libraries and loader (from the pinned bookworm debs),
#   /modules/*.ko (decompressed) and /modules.order (dependency order).
# KROOT "-" means a kernel with everything built in (the lab's own 2016 builds):
# no modules, an empty /modules.order.
set -euo pipefail
KROOT=$1 KVER=$2 USERLAND=$3 BINDIR=$4 OUT=$5
HERE=$(cd "$(dirname "$0")/.." && pwd)
MODDIR="$KROOT/lib/modules/$KVER"
R=$(mktemp -d)
trap 'rm -rf "$R"' EXIT
mkdir -p "$R"/{bin,sbin,proc,sys,dev,modules,lib64,lib/x86_64-linux-gnu}
cp /bin/busybox "$R/bin/busybox"
cp "$HERE/guest/init" "$R/init"
chmod 755 "$R/init"
cp "$BINDIR/memhog" "$BINDIR/vmlog" "$R/"

find_one() { find "$USERLAND" -name "$1" \( -type f -o -type l \) | head -1; }
cp -L "$(find "$USERLAND" -path "*sbin/dmsetup" -type f | head -1)" "$R/sbin/dmsetup"
head -c 4 "$R/sbin/dmsetup" | grep -q ELF || { echo "build-initrd: dmsetup binary not found" >&2; exit 1; }
for l in libdevmapper.so.1.02.1 libselinux.so.1 libudev.so.1 libpcre2-8.so.0 libc.so.6 libm.so.6; do
	f=$(find_one "$l")
	[ -n "$f" ] || { echo "build-initrd: $l not in the unpacked debs" >&2; exit 1; }
	cp -L "$f" "$R/lib/x86_64-linux-gnu/$l"
done
cp -L "$(find_one ld-linux-x86-64.so.2)" "$R/lib64/ld-linux-x86-64.so.2"

# Modules: each wanted module plus its dependencies, deepest first. A name that
# is in modules.builtin needs nothing; a name that exists in neither is skipped
# (e.g. aesni-intel vs aesni_intel spellings, virtio_pci_legacy_dev on old kernels).
WANT="virtio virtio_ring virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk
      dm-mod dm-crypt xts cryptd crypto_simd aesni-intel essiv authenc"
: > "$R/modules.order"
BUILTIN="" MISSING=""
add_file() { # path relative to MODDIR
	local b
	b=$(basename "$1")
	b=${b%.xz}
	b=${b%.zst}
	grep -qxF "$b" "$R/modules.order" && return
	case $1 in
	*.xz) xz -dc "$MODDIR/$1" > "$R/modules/$b" ;;
	*.zst) zstd -qdc "$MODDIR/$1" > "$R/modules/$b" ;;
	*) cp "$MODDIR/$1" "$R/modules/$b" ;;
	esac
	echo "$b" >> "$R/modules.order"
}
add_module() {
	local n line f deps d
	for n in "$1" "${1//-/_}" "${1//_/-}"; do
		line=$(grep -E "(^|/)${n}\.ko(\.xz|\.zst)?:" "$MODDIR/modules.dep" | head -1 || true)
		[ -n "$line" ] && break
	done
	if [ -z "$line" ]; then
		if grep -qE "/(${1}|${1//-/_}|${1//_/-})\.ko$" "$MODDIR/modules.builtin"; then BUILTIN="$BUILTIN $1"; else MISSING="$MISSING $1"; fi
		return
	fi
	f=${line%%:*}
	deps=${line#*:}
	# modules.dep lists dependencies so that the last one must load first
	for d in $(echo "$deps" | tr ' ' '\n' | tac); do add_file "$d"; done
	add_file "$f"
}
if [ "$KROOT" = - ]; then
	BUILTIN=" (kernel without modules)"
else
	for m in $WANT; do add_module "$m"; done
fi
echo "initrd $KVER: modules: $(tr '\n' ' ' < "$R/modules.order")| built-in:${BUILTIN:- none} | absent:${MISSING:- none}" >&2
(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -6 -n) > "$OUT"
