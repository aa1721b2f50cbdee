#!/usr/bin/env bash
# check-stock.sh: 'make check-stock' and a step of 'make check': tcpfsm built against Debian's stock headers, loaded into Debian's stock kernel in QEMU, its socket tests run there.
#
# The kernel is the linux-image-<release> whose headers
# (/usr/src/linux-headers-<release>, newest 6.12 amd64; scripts/deps.sh
# installs them) the module is built against, unpacked into the cache by
# stock-kernel.sh, not installed.  It has no KUnit, KASAN or
# kmemleak: the KUnit suites are skipped and said so.  The second runs
# against Linux TCP (which test Linux, not tcpfsm) are made here, where no
# debugging slows them, and not on the debug kernel (TCPFSM_INET_RUNS=0
# leaves them out here too); the module must load, pass every socket test, unload, and taint the kernel
# with nothing beyond O (out-of-tree) and E (unsigned); then 'make install'
# of it, staged, must load with modprobe there.  perf and bpftrace
# must both see the tracepoint there (tests/observe_test.c,
# TCPFSM_REQUIRE_TRACING=1); the debug kernel has no bpf().
#
# Options: --built (check.sh has just built build/stock and tests/bin).
# Environment: as check.sh (TCPFSM_TESTS, TCPFSM_TIME_SCALE, QEMU_ACCEL),
# TCPFSM_INET_RUNS (default 1).  Last line of output: "stock <release>: N passed,
# N failed, N skipped"; the status is 0 only when all is well.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
out=$top/build/check-stock
stock=$top/build/stock
failures=()
built=0
[ "${1:-}" = --built ] && built=1
inet_runs=${TCPFSM_INET_RUNS:-1}

step() { printf '\n==== %s\n' "$*"; }
fail() { printf 'check-stock: FAIL: %s\n' "$*"; failures+=("$*"); }
# shellcheck source=scripts/guest-verdict.sh
. scripts/guest-verdict.sh
# No KUnit module runs here: O and E only.
TAINT_ALLOWED=$(((1 << 12) | (1 << 13)))

if [ "$built" = 0 ]; then
	bash scripts/deps.sh || exit 1
fi
hdrs=$(bash scripts/stock-headers.sh)
[ -n "$hdrs" ] || { echo "check-stock: no linux-headers-6.12.*-amd64 (scripts/deps.sh)"; exit 1; }
kver=${hdrs#/usr/src/linux-headers-}
kroot=$(bash scripts/stock-kernel.sh "$kver" | tail -n1) || { echo "check-stock: no stock kernel"; exit 1; }
vmlinuz=$kroot/boot/vmlinuz-$kver
src=$(TCPFSM_SOURCE_ONLY=1 bash scripts/build-kernel.sh | sed -n 's/^SRC=//p')
[ -d "$src" ] || { echo "check-stock: no kernel source"; exit 1; }

rm -rf "$out"
mkdir -p "$out"
if [ "$built" = 0 ]; then
	step "module against $kver's headers"
	rm -rf "$stock"
	mkdir -p "$stock"
	cp -r Kbuild module include "$stock/"
	make -C "$hdrs" M="$stock" W=1 modules > "$out/build.log" 2>&1 ||
		{ cat "$out/build.log"; echo "check-stock: module build failed"; exit 1; }
	make -s -C tools || { echo "check-stock: tools build failed"; exit 1; }
	make -s -C tests KSRC="$src" || { echo "check-stock: tests build failed"; exit 1; }
fi
[ -f "$stock/module/tcpfsm.ko" ] || { echo "check-stock: no $stock/module/tcpfsm.ko"; exit 1; }

# 'make install' of that module into a staging root, which the guest loads
# with modprobe after the tests (the module as a user installs it).
staged=$out/install
make -s -C "$stock" -f "$top/Makefile" DESTDIR="$staged" KVER="$kver" KDIR="$hdrs" \
	install-module > "$out/install.log" 2>&1 ||
	{ cat "$out/install.log"; echo "check-stock: make install-module failed"; exit 1; }

# The guest's limit: its programs' limits, as check.sh sums them, with
# the TCP wire mode runs and the runs against Linux TCP.
# shellcheck source=scripts/time-limits.sh
. scripts/time-limits.sh
# shellcheck disable=SC2206
progs=(${TCPFSM_TESTS:-tests/bin/*_test})
[ ${#progs[@]} -gt 0 ] || progs=(tests/bin/*_test)
mkdir -p "$out/limits"
for t in "${progs[@]}"; do
	list_limits "$t" "$out/limits/$(basename "$t")" ||
		{ cat "$out/limits/$(basename "$t")"; exit 1; }
done
for t in $tcpwire_tests; do
	[ -f "$out/limits/$t" ] && cp "$out/limits/$t" "$out/limits/$t.tcpwire"
done
if [ "$inet_runs" = 1 ]; then
	for t in $inet_tests; do
		[ -f "$out/limits/$t" ] && cp "$out/limits/$t" "$out/limits/$t.inet"
	done
fi
scale=$(limits_scale "$out/limits/$(basename "${progs[0]}")")
guest_s=$(($(prog_limits "$out"/limits/*) + $(rmmod_wait "$scale") +
	   $(scaled "$TIME_GUEST_BASE_S" "$scale")))
# As in check.sh: the sum of the limits, and the longest silence.
quiet_s=$(quiet_limit "$out"/limits/*)

step "VM on Debian's stock kernel $kver: load, socket tests, unload (at most $guest_s s, silent at most $quiet_s s)"
bash scripts/stock-initramfs.sh "$kver" "$kroot" "$out/initramfs.cpio.gz" || exit 1
bash scripts/vm-run.sh -k "$vmlinuz" -i "$out/initramfs.cpio.gz" -t "$guest_s" -q "$quiet_s" -o "$out/vm" -- \
	env TCPFSM_MODULE_DIR=build/stock TCPFSM_INET_RUNS="$inet_runs" TCPFSM_REQUIRE_TRACING=1 \
	TCPFSM_MODPROBE_ROOT="${staged#"$top"/}" \
	TCPFSM_TESTS="${TCPFSM_TESTS:-}" TCPFSM_TIME_SCALE="${TCPFSM_TIME_SCALE:-}" \
	bash scripts/guest-check.sh
vrc=$?
[ "$vrc" = 0 ] || fail "VM run on $kver (status $vrc)"

step "results on $kver"
booted=$(sed -n 's/.*tcpfsm-check: start on //p' "$out/vm/check.dmesg" 2>/dev/null | head -n1)
[ "$booted" = "$kver" ] || fail "the guest ran '${booted:-nothing}', not $kver"
python3 "$src/tools/testing/kunit/kunit.py" parse --json="$out/selftests.json" \
	"$out/vm/selftests.ktap" > "$out/selftests.parse" 2>&1 ||
	fail "socket test results (see $out/selftests.parse)"
tail -n 3 "$out/selftests.parse"
read -r npass nfail nskip < <(python3 scripts/ktap-counts.py "$out/selftests.json")
[ "$nfail" = 0 ] || fail "$nfail test(s) failed"
[ "$npass" -gt 0 ] || fail "no test passed"
step "time of the socket tests on $kver (informational)"
python3 scripts/test-times.py "$out/vm/limits" "$out/vm/times" "$out/times.txt"

guest_verdict "$out/vm"
mrc=$(cat "$out/vm/modprobe.status" 2>/dev/null || echo missing)
[ "$mrc" = 0 ] || fail "modprobe of what make install staged (status $mrc)"

echo
if [ ${#failures[@]} -gt 0 ]; then
	printf 'check-stock: failed: %s\n' "${failures[@]}"
fi
echo "stock $kver: $npass passed, $nfail failed, $nskip skipped"
[ ${#failures[@]} -eq 0 ]
