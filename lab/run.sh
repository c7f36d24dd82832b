#!/bin/bash
# Forward Progress kernel lab: boots real Debian kernels in QEMU, swaps to
# dm-crypt (or a plain disk) under memory pressure, and records what happens.
#
#   npm run lab                          all scenarios, --reps 2
#   npm run lab -- NAME [NAME...]        only these scenarios
#   npm run lab -- --list                list scenarios
#   npm run lab -- --reps N ...          N repetitions each (runs r1..rN)
#   npm run lab -- --first-rep K ...     number the runs from rK (add repetitions later)
#   npm run lab -- --setup               only install/download/build, no VM
#   npm run lab -- --reparse             rebuild content/data/lab/*.json from lab/logs/*.log.gz
#   npm run lab -- --show-trixie         show the trixie kernel the mirror offers today
#
# Environment: LAB_ACCEL=tcg (default) | kvm   (kvm uses -accel kvm -cpu host)
# See lab/README.md.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$LAB/.." && pwd)
CACHE="$LAB/cache"
WORK="$LAB/work"
LOGS="$LAB/logs"
DATA="$ROOT/content/data/lab"
# shellcheck source=versions.env
. "$LAB/versions.env"
# shellcheck source=scripts/setup.sh
. "$LAB/scripts/setup.sh"

ARGS_ORIG="$*"
REPS=2
FIRST_REP=1
NAMES=()
MODE=run
while [ $# -gt 0 ]; do
	case $1 in
	--list) MODE=list ;;
	--reps) REPS=${2:?--reps needs a number}; shift ;;
	--reps=*) REPS=${1#*=} ;;
	--first-rep) FIRST_REP=${2:?--first-rep needs a number}; shift ;;
	--first-rep=*) FIRST_REP=${1#*=} ;;
	--setup) MODE=setup ;;
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
case $MODE in
list) exec $SCEN list ;;
reparse)
	[ -x "$TSX" ] || fail "tsx not found in node_modules; run npm install first"
	for g in "$LOGS"/*.log.gz; do
		r=$(basename "$g" .log.gz)
		"$TSX" "$LAB/parse/cli.ts" "$g" > "$DATA/$r.json"
		note "reparsed $r"
	done
	exit 0 ;;
esac

[ ${#NAMES[@]} -gt 0 ] || mapfile -t NAMES < <($SCEN names)
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
[ -x "$TSX" ] || fail "tsx not found in node_modules; run npm install first"

# Guest programs (static, compiled here) and one initramfs per kernel.
mkdir -p "$WORK/bin"
for p in memhog vmlog; do
	gcc -O2 -static -Wall -Wextra -o "$WORK/bin/$p" "$LAB/guest/$p.c" || fail "cannot compile lab/guest/$p.c"
done
unpack_userland
declare -A K_IMAGE K_INITRD K_PKG
prepare_kernel() { # LABEL
	local label=$1
	[ -n "${K_IMAGE[$label]:-}" ] && return
	case $label in
	6.1) unpack_kernel 6.1 "$K61_PKG" "$K61_VER" host; K_PKG[$label]="$K61_PKG=$K61_VER" ;;
	6.12) unpack_kernel 6.12 "$K612_PKG" "$K612_VER" trixie; K_PKG[$label]="$K612_PKG=$K612_VER" ;;
	*) fail "kernel label '$label' has no pin in lab/versions.env" ;;
	esac
	K_IMAGE[$label]=$KIMAGE
	K_INITRD[$label]="$WORK/initrd-$label.cpio.gz"
	"$LAB/scripts/build-initrd.sh" "$KROOT" "$KVER" "$USERLAND" "$WORK/bin" "${K_INITRD[$label]}"
}
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
cleanup() { [ -n "$QEMU_PID" ] && kill "$QEMU_PID" 2> /dev/null; rm -f "$WORK"/swap-*.img; }
trap cleanup EXIT
trap 'note "interrupted"; exit 130' INT TERM

run_one() { # NAME REP
	local name=$1 rep=$2 run raw img cmdline t0 t1 rc wall timed_out gz size load0 load1 cpu0 cpu1
	eval "$($SCEN get "$name")"
	run="$name-r$rep"
	raw="$WORK/$run.log"
	img="$WORK/swap-$$.img"
	rm -f "$img"
	truncate -s "${S_swapGiB}G" "$img"
	cmdline="console=ttyS0,115200 loglevel=5 panic=-1 zswap.enabled=0 transparent_hugepage=$S_thp"
	cmdline+=" lab.swap=$S_swap lab.mb=$S_touchMiB lab.procs=$S_procs lab.overcommit=$S_overcommit lab.mglru=$S_mglru"
	cmdline+=" lab.thp=$S_thp lab.sample_ms=$S_sampleMs lab.watchdog=$S_watchdogS"
	{
		echo "LABHOST schema=1"
		echo "LABHOST run=$run"
		echo "LABHOST rep=$rep"
		echo "LABHOST scenario=$S_JSON"
		echo "LABHOST kernelPackage=${K_PKG[$S_kernel]}"
		echo "LABHOST qemuVersion=$QEMU_VERSION"
		echo "LABHOST accelerator=$ACCEL"
		echo "LABHOST qemuArgs=$ACCEL_ARGS -m $S_memMiB -smp $S_cpus -drive if=virtio,format=raw,cache=none,aio=native (${S_swapGiB} GiB sparse file)"
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
	timeout --kill-after=15 "$S_hostTimeoutS" qemu-system-x86_64 $ACCEL_ARGS -m "$S_memMiB" -smp "$S_cpus" \
		-nodefaults -no-user-config -display none -serial stdio -monitor none -no-reboot \
		-kernel "${K_IMAGE[$S_kernel]}" -initrd "${K_INITRD[$S_kernel]}" -append "$cmdline" \
		-drive "file=$img,if=virtio,format=raw,cache=none,aio=native" < /dev/null >> "$raw" 2>&1 &
	QEMU_PID=$!
	wait $QEMU_PID
	rc=$?
	set -e
	QEMU_PID=""
	t1=$(date +%s.%N)
	children_cpu cpu1
	load1=$(cut -d' ' -f1 /proc/loadavg)
	rm -f "$img"
	wall=$(echo "$t1 - $t0" | bc | xargs printf '%.1f')
	timed_out=0
	if [ $rc = 124 ] || [ $rc = 137 ]; then timed_out=1; fi
	# qemuCpuS/wallS shows how much host CPU QEMU got: about 2 on an idle 2-core host,
	# far less when other work competes for the cores (TCG timings then stretch).
	echo "LABHOST end qemuExit=$rc wallS=$wall timedOut=$timed_out qemuCpuS=$(echo "$cpu1 - $cpu0" | bc) hostLoad1Start=$load0 hostLoad1End=$load1" >> "$raw"
	gz="$LOGS/$run.log.gz"
	gzip -9 -n -c "$raw" > "$gz"
	size=$(stat -c %s "$gz")
	if [ "$size" -gt 300000 ]; then
		# keep only the lines the parser reads; the trace is the same either way
		"$TSX" "$LAB/parse/cli.ts" --trim "$raw" | gzip -9 -n -c > "$gz"
		note "$run: log was $((size / 1024)) kB gzipped; committed a trimmed copy ($(($(stat -c %s "$gz") / 1024)) kB)"
	fi
	"$TSX" "$LAB/parse/cli.ts" "$gz" > "$DATA/$run.json"
	"$TSX" "$LAB/parse/cli.ts" --summary "$DATA/$run.json" | sed 's/^/[lab] /' >&2
}

T_RUNS0=$(date +%s)
for rep in $(seq "$FIRST_REP" $((FIRST_REP + REPS - 1))); do
	for n in "${NAMES[@]}"; do run_one "$n" "$rep"; done
done
note "all runs done in $(($(date +%s) - T_RUNS0)) s; traces in ${DATA#"$ROOT"/}, logs in ${LOGS#"$ROOT"/}"
