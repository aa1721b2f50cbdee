#!/usr/bin/env bash
# bench.sh: 'make bench': the benchmark kernel, the module built for it, one VM run of every benchmark, the report.
#
# The benchmarks run on a kernel without the test kernel's debugging
# (scripts/bench-kernel.config, cached like the test kernel), so that
# KASAN, lockdep and kmemleak weigh on neither family.  Results land in
# build/bench/: bench.jsonl (every run), results.json (medians, min, max,
# ratios), table.txt and the PNG charts (scripts/bench-report.py).
# Environment: BENCH_SECS, BENCH_CONNS, BENCH_ROUNDS, BENCH_TESTS (see
# scripts/bench-guest.sh), QEMU_ACCEL, VM_MEM (default 4G here),
# BENCH_RECORD=1 (write the run into Documentation/performance-results.inc),
# BENCH_PERF=1 (perf-veth-*.txt: CPU profiles of the streams across veth).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$top/build/bench

bash scripts/deps.sh
kinfo=$(TCPFSM_FRAGMENT="$top/scripts/bench-kernel.config" bash scripts/build-kernel.sh)
eval "$kinfo"
echo "bench: kernel $KBUILD"

# The module for that kernel, built in a copy so the tree's objects (for
# the test kernel) stay as they are.
rm -rf "$out"
mkdir -p "$out/module-src"
cp -r Kbuild module include "$out/module-src/"
make -s -C "$KBUILD" M="$out/module-src" modules > "$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; exit 1; }
make -s -C tools tcpfsm-bench

env_args=(BENCH_MODULE="$out/module-src/module/tcpfsm.ko"
	  BENCH_SECS="${BENCH_SECS:-5}" BENCH_CONNS="${BENCH_CONNS:-100000}"
	  BENCH_ROUNDS="${BENCH_ROUNDS:-2}"
	  BENCH_TESTS="${BENCH_TESTS:-stream rr crr scale time_wait idle netem fair}"
	  BENCH_FAIR_SECS="${BENCH_FAIR_SECS:-20}" BENCH_PERF="${BENCH_PERF:-}")
VM_MACHINE=${VM_MACHINE:-pc} VM_MEM=${VM_MEM:-4G} bash scripts/vm-run.sh -t "${BENCH_TIMEOUT:-7200}" \
	-k "$KBUILD/arch/x86/boot/bzImage" -o "$out/vm" -- \
	env "${env_args[@]}" bash scripts/bench-guest.sh
cp "$out/vm/bench.jsonl" "$out/"
cp "$out"/vm/perf-*.txt "$out/" 2> /dev/null || true
# BENCH_RECORD=1 records the run in Documentation/ as well.
/usr/bin/python3 scripts/bench-report.py "$out" \
	${BENCH_RECORD:+"$top/Documentation"}
