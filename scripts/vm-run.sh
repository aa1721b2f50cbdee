#!/usr/bin/env bash
# vm-run.sh: boots the test kernel in QEMU over the host's root, runs one command inside, returns its status.
#
# usage: vm-run.sh [-t SECONDS] [-q SECONDS] [-o OUTDIR] [-k BZIMAGE [-i INITRD]] -- COMMAND...
#
# The command runs as root in the guest, in the current directory (the host's
# tree is the guest's, read-only), with /tmp writable and OUTDIR at /tmp/out.
# Its output goes to the terminal and OUTDIR/cmd.log; the guest's console to
# OUTDIR/console.log and its kernel log to OUTDIR/dmesg.  A guest still
# running after -t SECONDS (default 1200), or whose console has said
# nothing but kernel messages for -q SECONDS (default: no such limit), is
# killed.  check.sh passes the sum of all the limits as the first and the
# longest any one step may be silent as the second, each a base times
# TCPFSM_TIME_SCALE (scripts/time-limits.sh): a guest that hangs is
# stopped soon after the step that hangs should have ended, however long
# the whole run may take.
#
# BZIMAGE defaults to the test kernel, which mounts the shared root itself.
# A kernel that has 9p as modules (Debian's stock one) boots with INITRD
# from stock-initramfs.sh, whose /init mounts it and starts guest-init.sh.
#
# VM_MEM: guest memory (default 2G).
# VM_MACHINE: QEMU machine (default q35).  The test kernel has ACPI, and on
# q35 it finds both CPUs of -smp 2 (on "pc" its AML times out under TCG);
# the benchmark kernel has none and runs on "pc", one CPU.
# QEMU_ACCEL=tcg (default) | kvm | auto: auto uses KVM when /dev/kvm is
# usable and falls back to TCG when a KVM guest does not reach init in 60 s
# (nested KVM on some hosts hangs in kernel decompression).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
timeout_s=1200
quiet_s=0
out=
kernel=
initrd=
while getopts "t:q:o:k:i:" opt; do
	case "$opt" in
	t) timeout_s=$OPTARG ;;
	q) quiet_s=$OPTARG ;;
	o) out=$OPTARG ;;
	k) kernel=$OPTARG ;;
	i) initrd=$OPTARG ;;
	*) echo "usage: $0 [-t SECONDS] [-q SECONDS] [-o OUTDIR] [-k BZIMAGE [-i INITRD]] -- COMMAND..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "vm-run: no command" >&2; exit 2; }

if [ -z "$kernel" ]; then
	eval "$("$top/scripts/build-kernel.sh" | grep '^KBUILD=')"
	kernel=$KBUILD/arch/x86/boot/bzImage
fi
[ -n "$out" ] || out=$(mktemp -d /tmp/tcpfsm-vm.XXXXXX)
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/status" "$out/cmd.log" "$out/dmesg" "$out/console.log"
printf '%q ' "$@" > "$out/cmd"
echo >> "$out/cmd"

# How the guest reaches guest-init.sh: the test kernel mounts the shared
# root and runs it as init; the stock kernel runs the initramfs's /init,
# which does the same after loading 9p.
boot_args=(-kernel "$kernel")
init_args="root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose ro init=$top/scripts/guest-init.sh"
if [ -n "$initrd" ]; then
	boot_args+=(-initrd "$initrd")
	init_args="rdinit=/init TCPFSM_INIT=$top/scripts/guest-init.sh"
fi

# The guest's console, line by line as it comes (no pipe buffer in
# between), to the terminal and console.log, without the serial line's CRs.
# Console silent for $quiet_s seconds: the guest is killed and
# OUTDIR/quiet says so.  Only a line that is not the kernel's (printk's
# "[ seconds.micros] " stamp) counts as a sign of life: a hung kernel may
# go on printing RCU stall or soft lockup reports for ever.
console() {
	local line rc left deadline=$((SECONDS + quiet_s))
	while :; do
		if [ "$quiet_s" -gt 0 ]; then
			left=$((deadline - SECONDS))
			if [ "$left" -gt 0 ]; then
				IFS= read -r -t "$left" line
				rc=$?
			else
				# read -t 0 only polls: it would read nothing.
				line='' rc=142
			fi
		else
			IFS= read -r line
			rc=$?
		fi
		[ "$rc" = 0 ] || [ -n "$line" ] || [ "$rc" -gt 128 ] || return 0
		line=${line//$'\r'/}
		if [ -n "$line" ] || [ "$rc" = 0 ]; then
			printf '%s\n' "$line"
			printf '%s\n' "$line" >&3
			[[ $line =~ ^\[\ *[0-9]+\.[0-9]+\]\  ]] || deadline=$((SECONDS + quiet_s))
		fi
		if [ "$rc" -gt 128 ]; then
			echo "$quiet_s" > "$out/quiet"
			kill_guest
			cat > /dev/null
			return 0
		fi
		[ "$rc" = 0 ] || return 0
	done
} 3>> "$out/console.log"

# Kills the guest of this run (its command line names OUTDIR, which may
# hold characters pkill's extended regular expression takes as operators).
kill_guest() {
	local pat
	pat=$(printf '%s' "id=out,path=$out," | sed 's/[][\.*^$+?(){}|]/\\&/g')
	pkill -f -- "$pat" 2>/dev/null
}

# $1: accelerator, $2: seconds allowed.  Returns qemu's (or timeout's) status.
boot() {
	local accel=$1 limit=$2 cpu=max
	[ "$accel" = kvm ] && cpu=host
	: > "$out/console.log"
	rm -f "$out/quiet"
	timeout --foreground -k 5 "$limit" qemu-system-x86_64 \
		-machine "${VM_MACHINE:-q35}" -accel "$accel" -cpu "$cpu" -smp 2 -m "${VM_MEM:-2G}" \
		-display none -monitor none -serial stdio -no-reboot \
		"${boot_args[@]}" \
		-append "console=ttyS0 $init_args panic=-1 loglevel=5 TCPFSM_CWD=$PWD" \
		-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=/dev/root \
		-fsdev local,id=out,path="$out",security_model=none,multidevs=remap \
		-device virtio-9p-pci,fsdev=out,mount_tag=tcpfsm_out \
		-nic none \
		< /dev/null 2>&1 | console
	return "${PIPESTATUS[0]}"
}

accel=${QEMU_ACCEL:-tcg}
if [ "$accel" = auto ]; then
	if [ -w /dev/kvm ]; then
		boot kvm "$timeout_s" &
		pid=$!
		for _ in $(seq 60); do
			sleep 1
			grep -q 'tcpfsm-guest: init reached' "$out/console.log" 2>/dev/null && break
			kill -0 "$pid" 2>/dev/null || break
		done
		if grep -q 'tcpfsm-guest: init reached' "$out/console.log" 2>/dev/null; then
			wait "$pid"
			qrc=$?
			accel=done
		else
			echo "vm-run: KVM guest did not reach init; falling back to TCG" >&2
			kill_guest
			wait "$pid" 2>/dev/null
			accel=tcg
		fi
	else
		accel=tcg
	fi
fi
if [ "$accel" != done ]; then
	boot "$accel" "$timeout_s"
	qrc=$?
fi
# Both the TCG run and a KVM guest that reached init.
if [ -f "$out/quiet" ]; then
	echo "vm-run: guest killed: its console said nothing for ${quiet_s} s (kernel messages aside); console log: $out/console.log" >&2
	exit 124
fi
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "vm-run: guest killed after ${timeout_s} s without finishing; console log: $out/console.log" >&2
	exit 124
fi

if [ ! -f "$out/status" ]; then
	echo "vm-run: guest ended without reporting a status (crash or panic?); console log: $out/console.log" >&2
	tail -n 40 "$out/console.log" >&2
	exit 125
fi
exit "$(cat "$out/status")"
