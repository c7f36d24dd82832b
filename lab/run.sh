#!/bin/bash
# Forward Progress kernel lab: boots real Debian kernels in QEMU, swaps to
# dm-crypt (or a plain disk) under memory pressure, and records what happens.
#
#   npm run lab                          all Debian-kernel scenarios, --reps 2
#   npm run lab -- --kernel ID [NAME...] build kernel ID from its pinned source (lab/kernels/ID/,
#                                        LAB_KERNEL_SRC=<git repo or tarball>), then run the
#                                        scenarios that boot it (or only NAME...); with --setup: build only
#   npm run lab -- NAME [NAME...]        only these scenarios
#   npm run lab -- --list                list scenarios
#   npm run lab -- --reps N ...          N repetitions each (runs r1..rN)
#   npm run lab -- --first-rep K ...     number the runs from rK (add repetitions later)
#   npm run lab -- --setup               only install/download/build, no VM
#   npm run lab -- --reparse             rebuild content/data/lab/*.json from lab/logs/*.log.gz
#   npm run lab -- --show-trixie         show the trixie kernel the mirror offers today
#
# Environment: LAB_ACCEL=tcg (default) | kvm   (kvm uses -accel kvm -cpu host)
#              LAB_KERNEL_SRC   source of a built kernel (see lab/kernels/README.md)
#              LAB_SYSRQ_EVERY  seconds between host-side blocked-task dumps for built kernels (30)
#              LAB_NICE         nice level of QEMU for built kernels (19: other work on the host comes first;
#                               a lower value gives the guest more of a busy host; the trace records it)
# See lab/README.md.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$LAB/.." && pwd)
CACHE="$LAB/cache"
WORK="$LAB/work"
LOGS="$LAB/logs"
DATA="$ROOT/content/data/lab"
# runs of the kernels the lab builds itself (the 2016 kernels) keep their own directories
LOGS_BUILT="$LAB/logs-2016"
DATA_BUILT="$ROOT/content/data/lab-2016"
# shellcheck source=versions.env
. "$LAB/versions.env"
# shellcheck source=scripts/setup.sh
. "$LAB/scripts/setup.sh"

ARGS_ORIG="$*"
REPS=2
FIRST_REP=1
NAMES=()
MODE=run
KERNEL_ID=""
while [ $# -gt 0 ]; do
	case $1 in
	--list) MODE=list ;;
	--reps) REPS=${2:?--reps needs a number}; shift ;;
	--reps=*) REPS=${1#*=} ;;
	--first-rep) FIRST_REP=${2:?--first-rep needs a number}; shift ;;
	--first-rep=*) FIRST_REP=${1#*=} ;;
	--setup) MODE=setup ;;
	--kernel) KERNEL_ID=${2:?--kernel needs a kernel id}; shift ;;
	--kernel=*) KERNEL_ID=${1#*=} ;;
	--reparse) MODE=reparse ;;
	--show-trixie) MODE=show-trixie ;;
	-h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
	-*) fail "unknown option $1 (try --help)" ;;
	*) NAMES+=("$1") ;;
	esac
	shift
done
[[ $REPS =~ ^[1-9][0-9]*$ ]] || fail "--reps must be a positive integer"
[[ $FIRST_REP =~ ^[1-9][0-9]*$ ]] || fail "--first-rep must be a positive integer"

SCEN="node $LAB/scripts/scenarios.mjs"
TSX="$ROOT/node_modules/.bin/tsx"
# Like npm start and npm test, the lab installs the locked dependencies it needs
# (tsx, for the parser) on a fresh clone: scripts/run.mjs runs npm ci with the stack's Node.
ensure_tsx() {
	[ -x "$TSX" ] && return 0
	echo "[lab] node_modules has no tsx: installing the locked dependencies (npm ci)"
	(cd "$ROOT" && node scripts/run.mjs tsx --version > /dev/null) || true
	[ -x "$TSX" ] || fail "tsx not found in node_modules and npm ci did not install it; see the messages above"
}
case $MODE in
list) exec $SCEN list ;;
reparse)
	ensure_tsx
	for g in "$LOGS"/*.log.gz "$LOGS_BUILT"/*-r[0-9]*.log.gz; do
		[ -e "$g" ] || continue
		r=$(basename "$g" .log.gz)
		d=$DATA
		[ "$(dirname "$g")" = "$LOGS_BUILT" ] && d=$DATA_BUILT
		"$TSX" "$LAB/parse/cli.ts" "$g" > "$d/$r.json"
		note "reparsed $r"
	done
	exit 0 ;;
esac

if [ -n "$KERNEL_ID" ]; then
	$SCEN built "$KERNEL_ID" || fail "no kernel id '$KERNEL_ID' in lab/kernels/ (known: $(cd "$LAB/kernels" && ls -d */ | tr -d / | grep -v '^common$' | tr '\n' ' '))"
	[ ${#NAMES[@]} -gt 0 ] || mapfile -t NAMES < <($SCEN names-kernel "$KERNEL_ID")
	[ ${#NAMES[@]} -gt 0 ] || [ $MODE = setup ] || fail "no scenario in lab/scenarios.json boots kernel $KERNEL_ID"
fi
[ ${#NAMES[@]} -gt 0 ] || [ -n "$KERNEL_ID" ] || mapfile -t NAMES < <($SCEN names)
for n in "${NAMES[@]}"; do $SCEN get "$n" > /dev/null || exit 2; done

mkdir -p "$CACHE/debs" "$WORK" "$LOGS" "$DATA"
T_SETUP0=$(date +%s.%N)
: > "$CACHE/.downloaded-bytes"
ensure_host_tools
trixie_apt_init
if [ $MODE = show-trixie ]; then
	trixie_apt_update
	# shellcheck disable=SC2046
	apt-cache $(trixie_opts) depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2}' |
		while read -r p; do apt-cache $(trixie_opts) madison "$p"; done
	exit 0
fi
ensure_tsx

# Guest programs (static, compiled here) and one initramfs per kernel.
mkdir -p "$WORK/bin"
for p in memhog vmlog; do
	gcc -O2 -static -Wall -Wextra -o "$WORK/bin/$p" "$LAB/guest/$p.c" || fail "cannot compile lab/guest/$p.c"
done
unpack_userland
declare -A K_IMAGE K_INITRD K_PKG K_BUILT
prepare_kernel() { # LABEL
	local label=$1
	[ -n "${K_IMAGE[$label]:-}" ] && return
	if $SCEN built "$label"; then
		# a kernel the lab builds from its pinned source (cached in lab/cache/built/<id>)
		bash "$LAB/scripts/build-kernel.sh" "$label" || exit 1
		K_IMAGE[$label]="$CACHE/built/$label/bzImage"
		K_PKG[$label]="built:$label"
		K_BUILT[$label]=1
		K_INITRD[$label]="$WORK/initrd-$label.cpio.gz"
		"$LAB/scripts/build-initrd.sh" - - "$USERLAND" "$WORK/bin" "${K_INITRD[$label]}"
		return
	fi
	case $label in
	6.1) unpack_kernel 6.1 "$K61_PKG" "$K61_VER" host; K_PKG[$label]="$K61_PKG=$K61_VER" ;;
	6.12) unpack_kernel 6.12 "$K612_PKG" "$K612_VER" trixie; K_PKG[$label]="$K612_PKG=$K612_VER" ;;
	*) fail "kernel label '$label' has no pin in lab/versions.env" ;;
	esac
	K_IMAGE[$label]=$KIMAGE
	K_INITRD[$label]="$WORK/initrd-$label.cpio.gz"
	"$LAB/scripts/build-initrd.sh" "$KROOT" "$KVER" "$USERLAND" "$WORK/bin" "${K_INITRD[$label]}"
}
[ -n "$KERNEL_ID" ] && [ ${#NAMES[@]} -eq 0 ] && prepare_kernel "$KERNEL_ID"
for n in "${NAMES[@]}"; do
	eval "$($SCEN get "$n")"
	prepare_kernel "$S_kernel"
done
T_SETUP1=$(date +%s.%N)
DL=$(awk '{s+=$1} END {printf "%.1f", s/1e6}' "$CACHE/.downloaded-bytes")
note "setup done in $(echo "$T_SETUP1 - $T_SETUP0" | bc | xargs printf '%.0f') s; downloaded ${DL} MB of pinned .debs this time" \
	"(cache: $(du -sm "$CACHE/debs" | cut -f1) MB of .debs in ${CACHE#"$ROOT"/}/debs)"
[ $MODE = setup ] && exit 0

ACCEL=${LAB_ACCEL:-tcg}
QEMU_NICE=${LAB_NICE:-19}
[[ $QEMU_NICE =~ ^-?[0-9]+$ ]] && [ "$QEMU_NICE" -ge -20 ] && [ "$QEMU_NICE" -le 19 ] || fail "LAB_NICE must be an integer from -20 to 19"
case $ACCEL in
tcg) ACCEL_ARGS="-accel tcg,thread=multi -cpu max" ;;
kvm) ACCEL_ARGS="-accel kvm -cpu host" ;;
*) fail "LAB_ACCEL must be tcg or kvm" ;;
esac
QEMU_VERSION=$(qemu-system-x86_64 --version | head -1)
if [ "${npm_lifecycle_event:-}" = lab ]; then COMMAND="npm run lab${ARGS_ORIG:+ -- $ARGS_ORIG}"; else COMMAND="bash lab/run.sh${ARGS_ORIG:+ $ARGS_ORIG}"; fi

# CPU seconds used by this shell's reaped children (user + sys). `times` must run
# in this shell, not in a $(...) subshell, whose child times start at zero.
children_cpu() { # VAR
	times > "$WORK/.times"
	printf -v "$1" '%s' "$(tail -1 "$WORK/.times" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] } printf "%.1f", s }')"
}

QEMU_PID=""
cleanup() { [ -n "$QEMU_PID" ] && kill "$QEMU_PID" 2> /dev/null; rm -f "$WORK"/swap-*.img "$WORK"/writer-*.img "$WORK"/mon-*.sock; }
trap cleanup EXIT
trap 'note "interrupted"; exit 130' INT TERM

# monitor_cmd SOCKET COMMAND: one command to the QEMU human monitor on a unix socket
monitor_cmd() {
	node -e 'const s = require("net").connect(process.argv[1], () => { s.write(process.argv[2] + "\n"); setTimeout(() => s.end(), 300); });
		s.on("error", () => process.exit(1)); s.resume();' "$1" "$2" 2> /dev/null
}

# header lines for a kernel built by the lab: where its source came from, its edits, the build
built_header() { # ID
	local id=$1 KERNEL_VERSION="" COMMIT="" MIRROR="" MIRROR_DIFF="" EDITS="" BUILD_KEY="" SOURCE="" COMPILER="" CC="" BINUTILS="" BUILD_SECONDS="" BUILD_WARNINGS="" KERNEL_RELEASE="" BZIMAGE_SHA256="" CCACHE="" BUILD_HOST_LOAD="" BUILD_DATE="" blog
	# shellcheck disable=SC1090
	. "$LAB/kernels/$id/source.env"
	# shellcheck disable=SC1091
	. "$CACHE/built/$id/build.env"
	blog="build-$id-$BUILD_KEY.log.gz"
	mkdir -p "$LOGS_BUILT"
	[ -e "$LOGS_BUILT/$blog" ] || cp "$CACHE/built/$id/build.log.gz" "$LOGS_BUILT/$blog"
	echo "LABHOST kernelId=$id"
	echo "LABHOST kernelSource=$SOURCE"
	echo "LABHOST kernelMirror=$MIRROR"
	echo "LABHOST kernelCommit=$COMMIT"
	echo "LABHOST kernelMirrorDiff=$MIRROR_DIFF"
	echo "LABHOST kernelEdits=$EDITS"
	echo "LABHOST kernelEditsSha256=$(cd "$LAB/kernels" && for e in $EDITS; do printf '%s:%s ' "$e" "$(sha256sum < "$e" | cut -c1-16)"; done)"
	echo "LABHOST kernelConfigSha256=$(sha256sum < "$LAB/kernels/$id/config" | cut -d' ' -f1)"
	echo "LABHOST kernelCompiler=$COMPILER ($CC; $BINUTILS)"
	echo "LABHOST kernelBuild=key $BUILD_KEY, $BUILD_SECONDS s on $BUILD_DATE (host load $BUILD_HOST_LOAD; ccache: ${CCACHE:-off}), $BUILD_WARNINGS warnings, release $KERNEL_RELEASE, bzImage sha256 $BZIMAGE_SHA256"
	echo "LABHOST kernelBuildLog=lab/logs-2016/$blog"
}

run_one() { # NAME REP
	local name=$1 rep=$2 run raw img cmdline t0 t1 rc wall timed_out gz size load0 load1 cpu0 cpu1 built="" mon="" monargs="-monitor none" logs=$LOGS data=$DATA
	local sysrq_every=${LAB_SYSRQ_EVERY:-30} sysrq_sent=0 sysrq_at="" load_at="" next now el
	eval "$($SCEN get "$name")"
	run="$name-r$rep"
	if [ -n "${K_BUILT[$S_kernel]:-}" ]; then
		built=1
		logs=$LOGS_BUILT
		data=$DATA_BUILT
		mkdir -p "$logs" "$data"
		mon="$WORK/mon-$$.sock"
		rm -f "$mon"
		monargs="-monitor unix:$mon,server=on,wait=off"
	fi
	raw="$WORK/$run.log"
	img="$WORK/swap-$$.img"
	rm -f "$img"
	truncate -s "${S_swapGiB}G" "$img"
	local wimg="" wargs=()
	if [ "$S_writer" != 0 ]; then
		# the collector's disk: a second virtio disk that is neither swap nor encrypted
		wimg="$WORK/writer-$$.img"
		rm -f "$wimg"
		truncate -s 64M "$wimg"
		wargs=(-drive "file=$wimg,if=virtio,format=raw,cache=none,aio=native")
	fi
	cmdline="console=ttyS0,115200 loglevel=5 panic=-1 zswap.enabled=0 transparent_hugepage=$S_thp"
	cmdline+=" lab.swap=$S_swap lab.mb=$S_touchMiB lab.procs=$S_procs lab.overcommit=$S_overcommit lab.mglru=$S_mglru"
	cmdline+=" lab.thp=$S_thp lab.sample_ms=$S_sampleMs lab.watchdog=$S_watchdogS"
	[ "$S_writer" != 0 ] && cmdline+=" lab.writer=$S_writer"
	[ -n "$built" ] && cmdline+=" lab.conlevel=7 lab.sysrq_end=1 lab.measure=1"
	{
		echo "LABHOST schema=1"
		echo "LABHOST run=$run"
		echo "LABHOST rep=$rep"
		echo "LABHOST scenario=$S_JSON"
		echo "LABHOST kernelPackage=${K_PKG[$S_kernel]}"
		echo "LABHOST qemuVersion=$QEMU_VERSION"
		echo "LABHOST accelerator=$ACCEL"
		echo "LABHOST qemuArgs=$ACCEL_ARGS -m $S_memMiB -smp $S_cpus -drive if=virtio,format=raw,cache=none,aio=native (${S_swapGiB} GiB sparse file)${wimg:+ + a second virtio disk for the collector (64 MiB sparse file)}${built:+ -monitor unix socket (host sends alt-sysrq-w, alt-sysrq-m every $sysrq_every s and before the host limit), at nice $QEMU_NICE}"
		[ -n "$built" ] && built_header "$S_kernel"
		echo "LABHOST cmdline=$cmdline"
		echo "LABHOST date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "LABHOST command=$COMMAND"
		echo "LABHOST hostCores=$(nproc)"
		echo "LABHOST hostMemoryMiB=$(awk '/^MemTotal:/{printf "%d", $2/1024}' /proc/meminfo)"
		echo "LABHOST hostCpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
		echo "LABHOST hostKernel=$(uname -r)"
		echo "LABHOST guestTools=busybox-static $(dpkg-query -W -f '${Version}' busybox-static), $(gcc --version | head -1)"
		echo "LABHOST --- serial console follows ---"
	} > "$raw"
	note "run $run: ${K_PKG[$S_kernel]}, swap=$S_swap, touch ${S_procs}x${S_touchMiB} MiB (host timeout ${S_hostTimeoutS} s)"
	load0=$(cut -d' ' -f1 /proc/loadavg)
	children_cpu cpu0
	t0=$(date +%s.%N)
	set +e
	# shellcheck disable=SC2086
	if [ -z "$built" ]; then
		timeout --kill-after=15 "$S_hostTimeoutS" qemu-system-x86_64 $ACCEL_ARGS -m "$S_memMiB" -smp "$S_cpus" \
			-nodefaults -no-user-config -display none -serial stdio -monitor none -no-reboot \
			-kernel "${K_IMAGE[$S_kernel]}" -initrd "${K_INITRD[$S_kernel]}" -append "$cmdline" \
			-drive "file=$img,if=virtio,format=raw,cache=none,aio=native" "${wargs[@]}" < /dev/null >> "$raw" 2>&1 &
		QEMU_PID=$!
		wait $QEMU_PID
		rc=$?
	else
		# Built kernels: the host presses alt-sysrq-w (blocked tasks) and alt-sysrq-m
		# (memory) through the monitor every $sysrq_every s, since a wedged guest's own
		# sampler cannot run; at the host limit it takes a last pair of dumps, then stops QEMU.
		nice -n "$QEMU_NICE" qemu-system-x86_64 $ACCEL_ARGS -m "$S_memMiB" -smp "$S_cpus" \
			-nodefaults -no-user-config -display none -serial stdio $monargs -no-reboot \
			-kernel "${K_IMAGE[$S_kernel]}" -initrd "${K_INITRD[$S_kernel]}" -append "$cmdline" \
			-drive "file=$img,if=virtio,format=raw,cache=none,aio=native" "${wargs[@]}" < /dev/null >> "$raw" 2>&1 &
		QEMU_PID=$!
		next=$sysrq_every
		timed_out=0
		while kill -0 "$QEMU_PID" 2> /dev/null; do
			sleep 1
			now=$(date +%s.%N)
			el=$(echo "$now - $t0" | bc | cut -d. -f1)
			if [ "${el:-0}" -ge $((S_hostTimeoutS - 12)) ]; then
				monitor_cmd "$mon" "sendkey alt-sysrq-w" && sysrq_sent=$((sysrq_sent + 1)) && sysrq_at+="${el}w "
				sleep 3
				monitor_cmd "$mon" "sendkey alt-sysrq-m" && sysrq_at+="${el}m "
				sleep 6
				kill -0 "$QEMU_PID" 2> /dev/null && timed_out=1
				monitor_cmd "$mon" "quit" || kill "$QEMU_PID" 2> /dev/null
				sleep 2
				kill -9 "$QEMU_PID" 2> /dev/null
				break
			fi
			if [ "${el:-0}" -ge "$next" ]; then
				monitor_cmd "$mon" "sendkey alt-sysrq-w" && sysrq_sent=$((sysrq_sent + 1)) && sysrq_at+="${el}w "
				sleep 2
				monitor_cmd "$mon" "sendkey alt-sysrq-m" && sysrq_at+="${el}m "
				load_at+="$el:$(cut -d' ' -f1 /proc/loadavg) "
				next=$((next + sysrq_every))
			fi
		done
		wait $QEMU_PID
		rc=$?
		[ $timed_out = 1 ] && rc=124
		rm -f "$mon"
	fi
	set -e
	QEMU_PID=""
	t1=$(date +%s.%N)
	children_cpu cpu1
	load1=$(cut -d' ' -f1 /proc/loadavg)
	if [ -n "$wimg" ]; then
		# what reached the collector's disk: 32 KiB slots that are not all zero (a wedged
		# guest cannot say how far its collector got; the disk can)
		echo "LABHOST writerSlotsOnDisk=$(python3 -c 'import sys
f = open(sys.argv[1], "rb"); n = 0
while True:
    b = f.read(32768)
    if not b: break
    n += any(b)
print(n)' "$wimg")" >> "$raw"
	fi
	rm -f "$img" ${wimg:+"$wimg"}
	wall=$(echo "$t1 - $t0" | bc | xargs printf '%.1f')
	timed_out=0
	if [ $rc = 124 ] || [ $rc = 137 ]; then timed_out=1; fi
	# qemuCpuS/wallS shows how much host CPU QEMU got: about 2 on an idle 2-core host,
	# far less when other work competes for the cores (TCG timings then stretch).
	if [ -n "$built" ]; then
		echo "LABHOST sysrqSent=$sysrq_sent at host seconds (w: blocked tasks, m: memory): ${sysrq_at% }" >> "$raw"
		echo "LABHOST hostLoadSamples=${load_at% }" >> "$raw"
	fi
	echo "LABHOST end qemuExit=$rc wallS=$wall timedOut=$timed_out qemuCpuS=$(echo "$cpu1 - $cpu0" | bc) hostLoad1Start=$load0 hostLoad1End=$load1" >> "$raw"
	gz="$logs/$run.log.gz"
	gzip -9 -n -c "$raw" > "$gz"
	size=$(stat -c %s "$gz")
	if [ "$size" -gt 300000 ]; then
		# keep only the lines the parser reads; the trace is the same either way
		"$TSX" "$LAB/parse/cli.ts" --trim "$raw" | gzip -9 -n -c > "$gz"
		note "$run: log was $((size / 1024)) kB gzipped; committed a trimmed copy ($(($(stat -c %s "$gz") / 1024)) kB)"
	fi
	"$TSX" "$LAB/parse/cli.ts" "$gz" > "$data/$run.json"
	"$TSX" "$LAB/parse/cli.ts" --summary "$data/$run.json" | sed 's/^/[lab] /' >&2
}

T_RUNS0=$(date +%s)
for rep in $(seq "$FIRST_REP" $((FIRST_REP + REPS - 1))); do
	for n in "${NAMES[@]}"; do run_one "$n" "$rep"; done
done
# name the directories these runs wrote to (built kernels have their own)
WHERE=""
for n in "${NAMES[@]}"; do
	eval "$($SCEN get "$n")"
	if [ -n "${K_BUILT[$S_kernel]:-}" ]; then w="traces in ${DATA_BUILT#"$ROOT"/}, logs in ${LOGS_BUILT#"$ROOT"/}"; else w="traces in ${DATA#"$ROOT"/}, logs in ${LOGS#"$ROOT"/}"; fi
	case $WHERE in *"$w"*) ;; *) WHERE+="${WHERE:+; }$w" ;; esac
done
note "all runs done in $(($(date +%s) - T_RUNS0)) s; $WHERE"
