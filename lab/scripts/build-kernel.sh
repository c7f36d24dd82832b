#!/bin/bash
# build-kernel.sh ID              build (or reuse) kernel ID into lab/cache/built/ID/
# build-kernel.sh --gen-config ID regenerate lab/kernels/ID/config (defconfig + fragments)
# build-kernel.sh --prepare ID    only unpack the pinned tree and apply ID's edits
#
# The source comes from LAB_KERNEL_SRC: a git repository (work tree or bare) that
# holds the pinned commit, or a tarball whose sha256 matches the pin. The pin, the
# edits and the mirror's known differences from the release are in
# lab/kernels/ID/source.env; the committed config is lab/kernels/ID/config.
#
# Cache: lab/cache/built/ID/ holds bzImage, build.log, build.env (compiler,
# seconds, the key). The key is a hash of the commit, the edit scripts and the
# config, so a changed edit or config rebuilds. Builds run at nice 19 with -j2.
set -euo pipefail
LAB=$(cd "$(dirname "$0")/.." && pwd)
KERNELS="$LAB/kernels"
CACHE="$LAB/cache"
note() { printf '[lab] %s\n' "$*" >&2; }
fail() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

MODE=build
case ${1:-} in
--gen-config) MODE=gen-config; shift ;;
--prepare) MODE=prepare; shift ;;
esac
ID=${1:?usage: build-kernel.sh [--gen-config|--prepare] ID}
KDIR="$KERNELS/$ID"
[ -f "$KDIR/source.env" ] || fail "no kernel id '$ID' (no lab/kernels/$ID/source.env). Known: $(cd "$KERNELS" && ls -d */ | tr -d / | grep -v '^common$' | tr '\n' ' ')"
KERNEL_VERSION="" COMMIT="" ARCHIVE_SHA256="" RELEASE_SHA256="" MIRROR="" EDITS="" KCC="gcc-11"
# shellcheck disable=SC1090
. "$KDIR/source.env"
[ -n "$COMMIT" ] || fail "lab/kernels/$ID/source.env has no COMMIT"
CC_CMD="$KCC -fno-pie"
# ccache (if installed; LAB_CCACHE=0 turns it off) lets variants of one tree reuse
# every object their edits do not touch: the compiler and its output are the same.
BUILD_CC="$CC_CMD"
if [ "${LAB_CCACHE:-1}" != 0 ] && command -v ccache > /dev/null; then
	BUILD_CC="ccache $CC_CMD"
	export CCACHE_DIR="$CACHE/ccache" CCACHE_BASEDIR="$LAB/work" CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=5G
fi
command -v "$KCC" > /dev/null || fail "$KCC not found: apt-get install gcc-11 flex bison libelf-dev bc"
for t in flex bison bc make perl; do command -v $t > /dev/null || fail "$t not found: apt-get install gcc-11 flex bison libelf-dev bc"; done

# --- the cache: a build whose key matches needs no source --------------------
if [ $MODE = build ]; then
	[ -f "$KDIR/config" ] || fail "lab/kernels/$ID/config missing: bash lab/scripts/build-kernel.sh --gen-config $ID"
	KEY=$( {
		echo "$COMMIT"
		for e in $EDITS; do sha256sum < "$KERNELS/$e"; done
		sha256sum < "$KDIR/config"
		$KCC --version | head -1
	} | sha256sum | cut -c1-16)
	OUT="$CACHE/built/$ID"
	if [ -f "$OUT/bzImage" ] && [ "$(sed -n "s/^BUILD_KEY='\{0,1\}\([0-9a-f]*\)'\{0,1\}$/\1/p" "$OUT/build.env" 2> /dev/null)" = "$KEY" ]; then
		note "kernel $ID: cached build $KEY (lab/cache/built/$ID)"
		exit 0
	fi
fi

# --- the source tree -------------------------------------------------------
SRC=${LAB_KERNEL_SRC:-}
src_help="Set LAB_KERNEL_SRC to a git repository that holds commit $COMMIT
       (mirror: ${MIRROR:-?}; e.g. a clone, or its bare .git directory), or to a tarball
       with sha256 ${RELEASE_SHA256:-${ARCHIVE_SHA256:-<none pinned>}}."
[ -n "$SRC" ] || fail "kernel $ID needs a source tree. $src_help"
[ -e "$SRC" ] || fail "LAB_KERNEL_SRC=$SRC does not exist. $src_help"
SRC_KIND="" SRC_DESC=""
if [ -d "$SRC" ]; then
	if GD=$(git -C "$SRC" rev-parse --absolute-git-dir 2> /dev/null) || { [ -f "$SRC/HEAD" ] && GD=$SRC; }; then
		if ! git --git-dir="$GD" cat-file -e "$COMMIT^{commit}" 2> /dev/null; then
			fail "LAB_KERNEL_SRC=$SRC is a git repository without the pinned commit $COMMIT for kernel $ID
       (its HEAD is $(git --git-dir="$GD" rev-parse HEAD 2> /dev/null || echo '?')). Refusing to build from another tree. $src_help"
		fi
		SRC_KIND=git
		SRC_DESC="git $MIRROR commit $COMMIT"
	else
		fail "LAB_KERNEL_SRC=$SRC is a directory but not a git repository, so it cannot be checked against the pin. $src_help"
	fi
elif [ -f "$SRC" ]; then
	sum=$(sha256sum "$SRC" | cut -d' ' -f1)
	if [ -n "$RELEASE_SHA256" ] && [ "$sum" = "$RELEASE_SHA256" ]; then
		SRC_KIND=tarball SRC_DESC="release tarball $(basename "$SRC") sha256 $sum"
	elif [ -n "$ARCHIVE_SHA256" ] && [ "$sum" = "$ARCHIVE_SHA256" ]; then
		SRC_KIND=tarball SRC_DESC="git archive of $MIRROR commit $COMMIT, sha256 $sum"
	else
		fail "LAB_KERNEL_SRC=$SRC has sha256 $sum, which matches no pin of kernel $ID
       (release: ${RELEASE_SHA256:-none pinned}; git archive of $COMMIT: ${ARCHIVE_SHA256:-none pinned}). Refusing to build."
	fi
else
	fail "LAB_KERNEL_SRC=$SRC is neither a directory nor a file"
fi

# unpack TREE: the pinned tree, with ID's edits applied
unpack() {
	local tree=$1 e
	rm -rf "$tree"
	mkdir -p "$tree"
	if [ $SRC_KIND = git ]; then
		git --git-dir="$GD" archive --format=tar "$COMMIT" | tar -x -C "$tree"
	else
		tar -x -C "$tree" --strip-components=1 -f "$SRC"
	fi
	# the top Makefile's VERSION.PATCHLEVEL.SUBLEVEL against the pin ("4.9" is 4.9.0)
	local want=$KERNEL_VERSION have
	[[ $want =~ ^[0-9]+\.[0-9]+$ ]] && want+=.0
	have=$(awk -F' = ' '$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 } $1 == "SUBLEVEL" { print v "." p "." $2; exit }' "$tree/Makefile" 2> /dev/null)
	[ "$have" = "$want" ] || fail "the unpacked tree is Linux ${have:-?}, not $KERNEL_VERSION (top Makefile)"
	for e in $EDITS; do
		[ -f "$KERNELS/$e" ] || fail "edit $e (listed in lab/kernels/$ID/source.env) not found"
		note "edit: $e"
		sh "$KERNELS/$e" "$tree" || fail "edit $e did not apply to the $ID tree"
	done
}

fragments() {
	echo "$KERNELS/config-fragment"
	[ -f "$KDIR/config-fragment" ] && echo "$KDIR/config-fragment"
	return 0
}

TREE="$LAB/work/ksrc-$ID"
mkdir -p "$LAB/work"
case $MODE in
prepare)
	unpack "$TREE"
	note "tree ready: $TREE"
	exit 0 ;;
gen-config)
	unpack "$TREE"
	(
		cd "$TREE"
		make -s CC="$CC_CMD" x86_64_defconfig > /dev/null
		# shellcheck disable=SC2046
		KCONFIG_CONFIG=.config scripts/kconfig/merge_config.sh -m .config $(fragments) > merge.log 2>&1
		make -s CC="$CC_CMD" olddefconfig > /dev/null
		# every line of the fragments must have survived olddefconfig
		bad=0
		while IFS= read -r l; do
			case $l in
			CONFIG_*=*) grep -qxF "$l" .config || { echo "fragment line not in final config: $l" >&2; bad=1; } ;;
			"# CONFIG_"*" is not set")
				o=${l#\# }; o=${o%% *}
				if grep -q "^$o=" .config; then echo "fragment wants $o off, config has $(grep "^$o=" .config)" >&2; bad=1; fi ;;
			esac
		done < <(cat $(fragments))
		[ $bad = 0 ] || exit 1
	) || fail "config for $ID does not match its fragments (see above)"
	sed -i '/^# Linux\/x86 .* Kernel Configuration$/d; /^# Compiler: /d' "$TREE/.config"
	cp "$TREE/.config" "$KDIR/config"
	note "wrote lab/kernels/$ID/config ($(grep -c '=y' "$KDIR/config") options =y, HZ=$(grep '^CONFIG_HZ=' "$KDIR/config" | cut -d= -f2))"
	exit 0 ;;
esac

# --- build (the cache was checked above) ------------------------------------
unpack "$TREE"
cp "$KDIR/config" "$TREE/.config"
(cd "$TREE" && make -s CC="$CC_CMD" olddefconfig > /dev/null)
sed '/^# Linux\/x86 .* Kernel Configuration$/d; /^# Compiler: /d' "$TREE/.config" | cmp -s - "$KDIR/config" ||
	fail "olddefconfig changed lab/kernels/$ID/config on this tree; regenerate it with --gen-config $ID"
mkdir -p "$OUT"
rm -f "$OUT/bzImage"
note "building kernel $ID ($SRC_DESC) with $BUILD_CC, nice 19, -j2; log: lab/cache/built/$ID/build.log"
t0=$(date +%s)
[ "$BUILD_CC" = "$CC_CMD" ] || ccache -z > /dev/null
if ! (cd "$TREE" && nice -n 19 make CC="$BUILD_CC" -j2 bzImage) > "$OUT/build.log" 2>&1; then
	tail -30 "$OUT/build.log" >&2
	fail "kernel $ID failed to build (log: lab/cache/built/$ID/build.log)"
fi
t1=$(date +%s)
cp "$TREE/arch/x86/boot/bzImage" "$OUT/bzImage"
cp "$TREE/System.map" "$OUT/System.map"
cp "$TREE/.config" "$OUT/config"
{
	echo "BUILD_KEY=$KEY"
	echo "KERNEL_ID=$ID"
	echo "SOURCE=$SRC_DESC"
	echo "EDITS=$EDITS"
	echo "COMPILER=$($KCC --version | head -1)"
	echo "CC=$CC_CMD"
	echo "CCACHE=$([ "$BUILD_CC" = "$CC_CMD" ] && echo off || ccache --print-stats | awk -F'\t' '/^direct_cache_hit|^preprocessed_cache_hit|^cache_miss/{printf "%s=%s ", $1, $2}')"
	echo "BINUTILS=$(ld --version | head -1)"
	echo "BUILD_SECONDS=$((t1 - t0))"
	echo "BUILD_WARNINGS=$(grep -c 'warning:' "$OUT/build.log" || true)"
	echo "BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "BUILD_HOST_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)"
	echo "KERNEL_RELEASE=$(cat "$TREE/include/config/kernel.release")"
	echo "BZIMAGE_SHA256=$(sha256sum "$OUT/bzImage" | cut -d' ' -f1)"
} | sed "s/'/ /g; s/=\(.*\)$/='\1'/" > "$OUT/build.env"  # quoted: run.sh sources it
gzip -9 -n -f -k "$OUT/build.log"
note "kernel $ID built in $((t1 - t0)) s ($(stat -c %s "$OUT/bzImage") bytes)"
rm -rf "$TREE"
