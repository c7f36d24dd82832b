# shellcheck shell=bash
# Host setup for the kernel lab: sourced by lab/run.sh (needs LAB, CACHE set).
# - installs the few host tools (apt-get install, --no-install-recommends);
# - downloads (never installs) the pinned kernels, dmsetup and its libraries
#   into $CACHE/debs, and unpacks them under $CACHE;
# - everything is cached: a second run downloads nothing.

HOST_PKGS="qemu-system-x86 busybox-static gcc libc6-dev cpio kmod xz-utils"
APT_WAIT="-o DPkg::Lock::Timeout=600"

note() { printf '[lab] %s\n' "$*" >&2; }
fail() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

ensure_host_tools() {
	local missing=""
	command -v qemu-system-x86_64 > /dev/null || missing=1
	dpkg -s busybox-static > /dev/null 2>&1 || missing=1
	for c in gcc cpio depmod xz dpkg-deb; do command -v $c > /dev/null || missing=1; done
	[ -e /usr/lib/x86_64-linux-gnu/libc.a ] || missing=1
	if [ -n "$missing" ]; then
		[ "$(id -u)" = 0 ] || fail "host tools missing and not root: apt-get install --no-install-recommends $HOST_PKGS"
		note "installing host tools: $HOST_PKGS"
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get $APT_WAIT install -y -q --no-install-recommends $HOST_PKGS > "$CACHE/apt-install.log" 2>&1 ||
			{ tail -20 "$CACHE/apt-install.log" >&2; fail "apt-get install failed (log: $CACHE/apt-install.log)"; }
		grep -E '^(Need to get|Fetched)' "$CACHE/apt-install.log" | sed 's/^/[lab] apt: /' >&2 || true
	fi
	export PATH="$PATH:/sbin:/usr/sbin"
}

# Private apt state for Debian 13 (trixie): host apt configuration untouched.
TRIXIE_DIR="" # set by trixie_apt_init
trixie_opts() {
	echo "-o Dir::Etc::SourceList=$TRIXIE_DIR/sources.list -o Dir::Etc::SourceParts=/dev/null" \
		"-o Dir::State::Lists=$TRIXIE_DIR/lists -o Dir::State::status=$TRIXIE_DIR/status" \
		"-o Dir::Cache=$TRIXIE_DIR/cache -o APT::Get::List-Cleanup=0"
}
trixie_apt_init() {
	TRIXIE_DIR="$CACHE/apt-trixie"
	mkdir -p "$TRIXIE_DIR"/lists/partial "$TRIXIE_DIR"/cache/archives/partial
	: > "$TRIXIE_DIR/status"
	# the host's own Debian mirror (deb822 or one-line format), else deb.debian.org
	local main sec s
	main=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2> /dev/null |
		grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)
	sec=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2> /dev/null |
		grep -oE 'https?://[^ ]+/debian-security/?( |$)' | head -1 | tr -d ' ' || true)
	main=${main:-http://deb.debian.org/debian}
	sec=${sec:-http://deb.debian.org/debian-security}
	: > "$TRIXIE_DIR/sources.list"
	for s in $TRIXIE_SUITES; do
		case $s in
		*-security) echo "deb ${sec%/} $s main" ;;
		*) echo "deb ${main%/} $s main" ;;
		esac >> "$TRIXIE_DIR/sources.list"
	done
}
trixie_apt_update() {
	[ -n "${TRIXIE_UPDATED:-}" ] && return
	note "apt-get update (private trixie state in ${TRIXIE_DIR#"$LAB"/})"
	# shellcheck disable=SC2046
	apt-get $(trixie_opts) update -q > "$TRIXIE_DIR/update.log" 2>&1 ||
		{ tail -20 "$TRIXIE_DIR/update.log" >&2; fail "apt-get update for trixie failed"; }
	TRIXIE_UPDATED=1
}

# cached_deb PKG VER -> prints the path of a cached .deb with exactly that
# package and version, if there is one.
cached_deb() {
	local f
	for f in "$CACHE/debs/$1"_*.deb; do
		[ -e "$f" ] || continue
		if [ "$(dpkg-deb -f "$f" Package)" = "$1" ] && [ "$(dpkg-deb -f "$f" Version)" = "$2" ]; then
			echo "$f"
			return 0
		fi
	done
	return 1
}

# fetch_deb PKG VER host|trixie -> path of the .deb (downloads it if needed)
fetch_deb() {
	local pkg=$1 ver=$2 where=$3 opts="" f
	if f=$(cached_deb "$pkg" "$ver"); then
		echo "$f"
		return
	fi
	if [ "$where" = trixie ]; then
		trixie_apt_update
		opts=$(trixie_opts)
	fi
	# shellcheck disable=SC2086
	if ! apt-cache $opts madison "$pkg" 2> /dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' | grep -qxF "$ver"; then
		# shellcheck disable=SC2086
		local avail
		avail=$(apt-cache $opts madison "$pkg" 2> /dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' | tr '\n' ' ')
		[ -z "$avail" ] && case $pkg in linux-image-*)
			# shellcheck disable=SC2086
			avail="(package gone; current: $(apt-cache $opts depends linux-image-amd64 2> /dev/null | awk '/Depends: linux-image-[0-9]/{print $2}' | head -1))" ;;
		esac
		fail "pinned package $pkg=$ver is no longer on the Debian mirror${where:+ ($where)}.
       Available now: ${avail:-nothing}
       Update the pin in lab/versions.env (see the comment at its top), or put the
       old .deb into lab/cache/debs/ (e.g. from snapshot.debian.org), then rerun."
	fi
	note "downloading $pkg=$ver"
	# shellcheck disable=SC2086
	(cd "$CACHE/debs" && apt-get $opts download -q "$pkg=$ver" > "$CACHE/debs/.download.log" 2>&1) ||
		{ tail -5 "$CACHE/debs/.download.log" >&2; fail "apt-get download $pkg=$ver failed"; }
	f=$(cached_deb "$pkg" "$ver") || fail "downloaded $pkg but cannot find it in $CACHE/debs"
	echo "$(stat -c %s "$f")" >> "$CACHE/.downloaded-bytes"
	echo "$f"
}

# unpack_kernel LABEL PKG VER WHERE -> sets KROOT (dir that holds lib/modules) and KVER
unpack_kernel() {
	local label=$1 pkg=$2 ver=$3 where=$4 deb dir
	dir="$CACHE/kernels/${pkg}_${ver}"
	if [ ! -e "$dir/.done" ]; then
		deb=$(fetch_deb "$pkg" "$ver" "$where")
		note "unpacking $pkg ($label)"
		rm -rf "$dir"
		mkdir -p "$dir"
		dpkg-deb -x "$deb" "$dir"
		touch "$dir/.done"
	fi
	if [ -d "$dir/usr/lib/modules" ]; then KROOT="$dir/usr"; else KROOT="$dir"; fi
	KVER=$(ls "$KROOT/lib/modules" | head -1)
	[ -n "$KVER" ] || fail "no lib/modules in $pkg"
	# the .deb ships no modules.dep (its postinst would run depmod)
	[ -e "$KROOT/lib/modules/$KVER/modules.dep" ] || depmod -b "$KROOT" "$KVER" || fail "depmod failed for $KVER"
	KIMAGE="$dir/boot/vmlinuz-$KVER"
	[ -e "$KIMAGE" ] || fail "no vmlinuz in $pkg"
}

# unpack_userland -> sets USERLAND (unpacked dmsetup + libraries)
unpack_userland() {
	local stamp="$DMSETUP_VER $LIBDEVMAPPER_VER $LIBSELINUX_VER $LIBUDEV_VER $LIBPCRE2_VER $LIBC6_VER" deb
	USERLAND="$CACHE/userland"
	if [ "$(cat "$USERLAND/.done" 2> /dev/null)" != "$stamp" ]; then
		rm -rf "$USERLAND"
		mkdir -p "$USERLAND"
		for pv in dmsetup="$DMSETUP_VER" libdevmapper1.02.1="$LIBDEVMAPPER_VER" libselinux1="$LIBSELINUX_VER" \
			libudev1="$LIBUDEV_VER" libpcre2-8-0="$LIBPCRE2_VER" libc6="$LIBC6_VER"; do
			deb=$(fetch_deb "${pv%%=*}" "${pv#*=}" host)
			dpkg-deb -x "$deb" "$USERLAND"
		done
		echo "$stamp" > "$USERLAND/.done"
	fi
}
