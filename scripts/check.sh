#!/usr/bin/env bash
# check.sh: 'make check': dependencies, builds, static checks, the VM run, and the verdict.
#
# Environment: TCPFSM_CACHE (kernel cache, default ~/.cache/tcpfsm),
# QEMU_ACCEL (see vm-run.sh), TCPFSM_TESTS and TCPFSM_KUNIT_FILTER (see
# guest-check.sh) to run a part of the suites, TCPFSM_TIME_SCALE (every
# time limit of the socket tests and of the guest is a base times it;
# default 2, see tests/tcpfsm_test.h), TCPFSM_STOCK=0 (leave out the run
# on Debian's stock kernel, check-stock.sh; for a quick look at one part,
# never for CI).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$top/build/check
failures=()

step() { printf '\n==== %s\n' "$*"; }
fail() { printf 'check: FAIL: %s\n' "$*"; failures+=("$*"); }
# shellcheck source=scripts/guest-verdict.sh
. scripts/guest-verdict.sh

step "dependencies"
bash scripts/deps.sh || exit 1

step "test kernel (cached)"
kinfo=$(bash scripts/build-kernel.sh) || { echo "check: kernel build failed"; exit 1; }
eval "$kinfo"
echo "source $SRC"
echo "build  $KBUILD"

step "module and KUnit module against the test kernel (W=1, sparse C=2)"
rm -rf "$out"
mkdir -p "$out"
make -C "$KBUILD" M="$top" W=1 C=2 modules > "$out/build.log" 2>&1
brc=$?
cat "$out/build.log"
[ "$brc" = 0 ] || { echo "check: module build failed"; exit 1; }
grep -E 'warning:|error:' "$out/build.log" && fail "compiler or sparse warnings"

step "module against Debian's stock headers (W=1)"
hdrs=$(bash scripts/stock-headers.sh)
stock=$top/build/stock
rm -rf "$stock"
mkdir -p "$stock"
cp -r Kbuild module include "$stock/"
if make -C "$hdrs" M="$stock" W=1 modules > "$out/stock.log" 2>&1; then
	grep -E 'warning:|error:' "$out/stock.log" && fail "warnings against $hdrs"
	echo "ok: $(basename "$hdrs")"
else
	cat "$out/stock.log"
	fail "build against $hdrs"
fi

step "DKMS against Debian's stock headers (make dkms-install, dkms-remove; temporary trees)"
if bash scripts/dkms-test.sh "$hdrs" > "$out/dkms.log" 2>&1; then
	tail -n 1 "$out/dkms.log"
else
	cat "$out/dkms.log"
	fail "DKMS against $hdrs"
fi

step "make install and uninstall against Debian's stock headers (DESTDIR, from a copy)"
if bash scripts/install-test.sh "$hdrs" > "$out/install.log" 2>&1; then
	tail -n 1 "$out/install.log"
else
	cat "$out/install.log"
	fail "make install against $hdrs"
fi

step "checkpatch --strict"
mapfile -t ksrc < <(ls module/*.[ch] kunit/*.[ch] include/uapi/linux/*.h | grep -v "\.mod\.c$")
if ! perl "$SRC/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
	-f "${ksrc[@]}" > "$out/checkpatch.log" 2>&1 ||
   grep -qE '(ERROR|WARNING|CHECK):' "$out/checkpatch.log"; then
	cat "$out/checkpatch.log"
	fail "checkpatch"
else
	echo "ok: ${#ksrc[@]} files"
fi

step "tools and tests"
make -s -C tools || fail "tools build"
make -s -C tests KSRC="$SRC" || fail "tests build"

step "tcpfsm-stat on fixture files, against ss (tools/test-stat.sh)"
bash tools/test-stat.sh || fail "tcpfsm-stat output (tools/test-stat.sh)"

step "vm-run.sh stops a silent guest, not a talking one (scripts/test-vm-run.sh)"
bash scripts/test-vm-run.sh || fail "vm-run.sh's limits (scripts/test-vm-run.sh)"

step "time limits (TCPFSM_TIME_SCALE=${TCPFSM_TIME_SCALE:-})"
# shellcheck source=scripts/time-limits.sh
. scripts/time-limits.sh
# The programs the guest will run (guest-check.sh expands the same glob).
# shellcheck disable=SC2206
progs=(${TCPFSM_TESTS:-tests/bin/*_test})
[ ${#progs[@]} -gt 0 ] || progs=(tests/bin/*_test)
mkdir -p "$out/limits"
for t in "${progs[@]}"; do
	if ! list_limits "$t" "$out/limits/$(basename "$t")"; then
		cat "$out/limits/$(basename "$t")"
		echo "check: $t gives no time limits: TCPFSM_TIME_SCALE must be a decimal number from 0.5 to 100"
		exit 1
	fi
done
# The second runs against Linux TCP test Linux, not this kernel's tcpfsm:
# they go with the run on Debian's stock kernel (step 7 of testing.rst),
# where nothing debugs them into slowness, and here only when that run is
# left out.
inet_runs=0
[ "${TCPFSM_STOCK:-1}" = 0 ] && inet_runs=1
if [ "$inet_runs" = 1 ]; then
	for t in $inet_tests; do
		[ -f "$out/limits/$t" ] && cp "$out/limits/$t" "$out/limits/$t.inet"
	done
fi
for t in $tcpwire_tests; do
	[ -f "$out/limits/$t" ] && cp "$out/limits/$t" "$out/limits/$t.tcpwire"
done
scale=$(limits_scale "$out/limits/$(basename "${progs[0]}")")
tests_s=$(prog_limits "$out"/limits/*)
guest_s=$((tests_s + $(rmmod_wait "$scale") + $(scaled "$TIME_GUEST_BASE_S" "$scale")))
# The sum is what the guest may take if every test ran to its limit.  A
# guest that hangs in the kernel, where no test's alarm ends it, is stopped
# by the other limit: its console silent for longer than any one step may
# take.  No limit is a fixed number of minutes: on a slow or busy machine
# the run takes longer, and a larger TCPFSM_TIME_SCALE gives it room.
quiet_s=$(quiet_limit "$out"/limits/*)
echo "scale $scale: the socket tests may take $tests_s s, the guest $guest_s s, silent at most $quiet_s s"

step "generated documentation matches module/fsm.c"
tools/tcpfsm-fsmdot --dot > "$out/state-machine.dot" &&
	tools/tcpfsm-fsmdot --rst > "$out/state-table.inc" || fail "tcpfsm-fsmdot"
if cmp -s "$out/state-machine.dot" Documentation/state-machine.dot &&
   cmp -s "$out/state-table.inc" Documentation/state-table.inc; then
	echo "ok: Documentation/state-machine.dot and state-table.inc are current"
else
	fail "Documentation/ is stale: run 'make state-machine' and commit"
fi

step "the interface contract (Documentation/interface.rst) matches the code"
python3 scripts/check-interface.py || fail "Documentation/interface.rst and the code differ"

step "the manual pages (man/) match the code, without groff warnings"
python3 scripts/check-man.py || fail "man/ and the code differ, or groff warns"

step "VM: load, KUnit, socket tests, kmemleak, unload"
bash scripts/vm-run.sh -t "$guest_s" -q "$quiet_s" -o "$out/vm" -- env TCPFSM_TESTS="${TCPFSM_TESTS:-}" \
	TCPFSM_INET_RUNS="$inet_runs" TCPFSM_KUNIT_FILTER="${TCPFSM_KUNIT_FILTER:-}" \
	TCPFSM_TIME_SCALE="${TCPFSM_TIME_SCALE:-}" bash scripts/guest-check.sh
vrc=$?
[ "$vrc" = 0 ] || fail "VM run (status $vrc)"

step "results"
kunit_py=$SRC/tools/testing/kunit/kunit.py
python3 "$kunit_py" parse --json="$out/kunit.json" "$out/vm/kunit.log" > "$out/kunit.parse" 2>&1 ||
	fail "KUnit results (see $out/kunit.parse)"
tail -n 3 "$out/kunit.parse"
python3 "$kunit_py" parse --json="$out/selftests.json" "$out/vm/selftests.ktap" > "$out/selftests.parse" 2>&1 ||
	fail "socket test results (see $out/selftests.parse)"
tail -n 3 "$out/selftests.parse"

read -r npass nfail nskip < <(python3 scripts/ktap-counts.py "$out/kunit.json" "$out/selftests.json")
[ "$nfail" = 0 ] || fail "$nfail test(s) failed"
[ "$npass" -gt 0 ] || fail "no test passed"

step "time of the socket tests (informational: they assert behaviour, not speed)"
python3 scripts/test-times.py "$out/vm/limits" "$out/vm/times" "$out/times.txt"

guest_verdict "$out/vm"

if [ "${TCPFSM_STOCK:-1}" = 0 ]; then
	step "Debian's stock kernel: left out (TCPFSM_STOCK=0)"
else
	step "Debian's stock kernel: the module built against its headers, loaded, the socket tests"
	stock_log=$out/check-stock.log
	bash scripts/check-stock.sh --built 2>&1 | tee "$stock_log"
	[ "${PIPESTATUS[0]}" = 0 ] || fail "the run on Debian's stock kernel (see $stock_log)"
	read -r spass sfail sskip < <(sed -n 's/^stock [^:]*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$stock_log")
	npass=$((npass + ${spass:-0}))
	nfail=$((nfail + ${sfail:-0}))
	nskip=$((nskip + ${sskip:-0}))
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
	printf 'check: failed: %s\n' "${failures[@]}"
fi
echo "$npass passed, $nfail failed, $nskip skipped"
[ ${#failures[@]} -eq 0 ]
