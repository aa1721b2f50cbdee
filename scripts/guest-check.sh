#!/bin/bash
# guest-check.sh: the test run inside the VM: load, KUnit, socket tests, kmemleak scan, unload.
#
# Runs in the repository (read-only), writes to /tmp/out:
#   kunit.log      the kernel log of the KUnit module's load (KTAP inside)
#   selftests.ktap the socket tests, one KTAP subtest per test program
#   limits/PROG    PROG's time limits (see scripts/time-limits.sh)
#   times/PROG     PROG's output, each line after the time it was read
#                  (seconds since the epoch), for check.sh's timing report
#   kmemleak       what a forced kmemleak scan found (empty when clean)
#   rmmod.status   exit status of 'rmmod tcpfsm'
#   check.dmesg    the kernel log from the start of this run
#   taint.before, taint.after  /proc/sys/kernel/tainted before insmod and
#                  at the end
#   modprobe.status  with TCPFSM_MODPROBE_ROOT (a DESTDIR of 'make install'):
#                  status of 'modprobe -d ROOT tcpfsm' and its rmmod
# Environment: TCPFSM_MODULE_DIR (where module/tcpfsm.ko and
# kunit/tcpfsm_kunit.ko are, default "."; build/stock for the module built
# against Debian's stock headers, which has no KUnit module: the suites are
# then skipped and kunit.log says so), TCPFSM_INET_RUNS (0: no second runs
# against Linux TCP), TCPFSM_TESTS (glob of test programs, default tests/bin/*_test),
# TCPFSM_KUNIT_FILTER (a KUnit filter glob, e.g. "tcpfsm_segment.*"),
# TCPFSM_TIME_SCALE (every time limit is a base times it; see
# tests/tcpfsm_test.h).
set -u
out=/tmp/out
leak=/sys/kernel/debug/kmemleak
# shellcheck source=scripts/time-limits.sh
. scripts/time-limits.sh

# stamp FILE: each line read on stdin into FILE after the time it was read,
# and at once to stdout, indented as a KTAP subtest: the console hears from
# a test program as it goes (vm-run.sh -q stops a guest that falls silent).
stamp() {
	local line
	while IFS= read -r line || [ -n "$line" ]; do
		printf '%s %s\n' "$EPOCHREALTIME" "$line" >&3
		printf '    %s\n' "$line"
	done 3> "$1"
}

mdir=${TCPFSM_MODULE_DIR:-.}
echo "tcpfsm-check: start on $(uname -r)" > /dev/kmsg
[ -w "$leak" ] && echo clear > "$leak"
cat /proc/sys/kernel/tainted > "$out/taint.before"

if ! insmod "$mdir/module/tcpfsm.ko"; then
	echo "guest-check: insmod tcpfsm.ko failed"
	dmesg | tail -n 30
	exit 1
fi

if [ -f "$mdir/kunit/tcpfsm_kunit.ko" ]; then
	echo "tcpfsm-check: kunit" > /dev/kmsg
	# The filter is the KUnit core's parameter, read when a test module loads.
	if [ -n "${TCPFSM_KUNIT_FILTER:-}" ]; then
		printf %s "$TCPFSM_KUNIT_FILTER" > /sys/module/kunit/parameters/filter_glob ||
			echo "guest-check: cannot set the KUnit filter"
	fi
	insmod "$mdir/kunit/tcpfsm_kunit.ko" || echo "guest-check: insmod tcpfsm_kunit.ko failed"
	dmesg | sed -n '/tcpfsm-check: kunit/,$p' > "$out/kunit.log"
	rmmod tcpfsm_kunit || echo "guest-check: rmmod tcpfsm_kunit failed"
else
	echo "guest-check: no KUnit module in $mdir ($(uname -r) has no KUnit): suites skipped" |
		tee "$out/kunit.log"
fi

# shellcheck disable=SC2206
progs=(${TCPFSM_TESTS:-tests/bin/*_test})
[ ${#progs[@]} -gt 0 ] || progs=(tests/bin/*_test)
mkdir -p "$out/limits" "$out/times"
# Each run: "program family"; the tcpwire and inet runs follow their program's own,
# with the same limits (under limits/<program>.inet, so that check.sh
# counts them).
runs=()
scale=
declare -A listed=()
for t in "${progs[@]}"; do
	name=$(basename "$t")
	if list_limits "$t" "$out/limits/$name"; then
		listed[$name]=1
		scale=$(limits_scale "$out/limits/$name")
	fi
	runs+=("$t tcpfsm")
	case " $tcpwire_tests " in
	*" $name "*)
		runs+=("$t tcpwire")
		cp "$out/limits/$name" "$out/limits/$name.tcpwire"
		[ -n "${listed[$name]:-}" ] && listed[$name.tcpwire]=1
		;;
	esac
	[ "${TCPFSM_INET_RUNS:-1}" = 0 ] && continue
	case " $inet_tests " in
	*" $name "*)
		runs+=("$t inet")
		cp "$out/limits/$name" "$out/limits/$name.inet"
		[ -n "${listed[$name]:-}" ] && listed[$name.inet]=1
		;;
	esac
done
{
	echo "KTAP version 1"
	echo "1..${#runs[@]}"
	i=0
	for r in "${runs[@]}"; do
		i=$((i + 1))
		t=${r% *}
		family=${r##* }
		name=$(basename "$t")
		[ "$family" = tcpfsm ] || name=$name.$family
		if [ -z "${listed[$name]:-}" ]; then
			sed 's/^/    # /' "$out/limits/$name"
			echo "not ok $i $name # no time limits"
			continue
		fi
		# TCP wire mode: in the initial namespace for the run (the
		# namespaces the tests make set their own, tests/tcpfsm_test.h).
		wire=/proc/sys/net/tcpfsm/wire_proto
		[ "$family" = tcpwire ] && echo 6 > $wire
		# The sum of its tests' limits, and a margin.
		TCPFSM_FAMILY=$family timeout "$(prog_limits "$out/limits/$name")" "$t" 2>&1 |
			stamp "$out/times/$name"
		rc=${PIPESTATUS[0]}
		[ "$family" = tcpwire ] && cat /sys/module/tcpfsm/parameters/ipproto > $wire
		if [ "$rc" = 0 ]; then
			echo "ok $i $name"
		else
			echo "not ok $i $name # exit status $rc"
		fi
	done
} | tee "$out/selftests.ktap"

# TIME_WAIT records and closing orphans (in any namespace) pin the module,
# as they should: give them two default MSLs and a margin to go.
# A deadline, not a count of 1 s sleeps: under TCG each round's cat and
# sleep cost more than a second of their own (vm-run.sh -q counts on it).
end=$((SECONDS + $(rmmod_wait "${scale:-1}")))
while [ "$(cat /sys/module/tcpfsm/refcnt)" != 0 ] && [ "$SECONDS" -lt "$end" ]; do
	sleep 1
done
if [ "$(cat /sys/module/tcpfsm/refcnt)" != 0 ]; then
	echo "guest-check: tcpfsm still referenced $(cat /sys/module/tcpfsm/refcnt) times; here:"
	cat /proc/net/tcpfsm
fi
rmmod tcpfsm
echo $? > "$out/rmmod.status"

# What 'make install' staged (check-stock.sh), loaded the way a user loads
# it: modprobe finds it through depmod's index.
if [ -n "${TCPFSM_MODPROBE_ROOT:-}" ]; then
	{
		modprobe -d "$TCPFSM_MODPROBE_ROOT" tcpfsm &&
			[ -d /sys/module/tcpfsm ] && rmmod tcpfsm
		echo $? > "$out/modprobe.status"
	} 2>&1 | sed 's/^/guest-check: modprobe: /'
fi
cat /proc/sys/kernel/tainted > "$out/taint.after"

if [ -w "$leak" ]; then
	# kmemleak reports only objects older than 5 s.
	sleep 6
	echo scan > "$leak"
	cat "$leak" > "$out/kmemleak"
fi
dmesg > "$out/check.dmesg"
exit 0
