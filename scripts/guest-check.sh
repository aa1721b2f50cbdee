#!/bin/bash
# guest-check.sh: the test run inside the VM: load, KUnit, socket tests, kmemleak scan, unload.
#
# Runs in the repository (read-only), writes to /tmp/out:
#   kunit.log      the kernel log of the KUnit module's load (KTAP inside)
#   selftests.ktap the socket tests, one KTAP subtest per test program
#   kmemleak       what a forced kmemleak scan found (empty when clean)
#   rmmod.status   exit status of 'rmmod tcpfsm'
#   check.dmesg    the kernel log from the start of this run
# Environment: TCPFSM_TESTS (glob of test programs, default tests/bin/*_test),
# TCPFSM_KUNIT_FILTER (a KUnit filter glob, e.g. "tcpfsm_segment.*").
set -u
out=/tmp/out
leak=/sys/kernel/debug/kmemleak

# Test programs that run a second time against Linux TCP, with
# TCPFSM_FAMILY=inet (tools/tcpfsm-param.h): AF_INET sockets and a raw peer
# of IP protocol 6.  Each such run is a KTAP subtest of its own, named
# "<program>.inet".  What these programs test must hold for TCP itself; a
# test that reads what only tcpfsm has (/proc/net/tcpfsm*, its sysctls,
# TCPFSM_INFO fields) or checks a choice Linux makes otherwise skips itself
# there (TCPFSM_ONLY() in tests/tcpfsm_test.h).
inet_tests="conn_test stream_test wire_test"

echo "tcpfsm-check: start" > /dev/kmsg
[ -w "$leak" ] && echo clear > "$leak"

if ! insmod module/tcpfsm.ko; then
	echo "guest-check: insmod tcpfsm.ko failed"
	dmesg | tail -n 30
	exit 1
fi

if [ -f kunit/tcpfsm_kunit.ko ]; then
	echo "tcpfsm-check: kunit" > /dev/kmsg
	filter=()
	[ -n "${TCPFSM_KUNIT_FILTER:-}" ] && filter=("filter_glob=$TCPFSM_KUNIT_FILTER")
	insmod kunit/tcpfsm_kunit.ko "${filter[@]}" || echo "guest-check: insmod tcpfsm_kunit.ko failed"
	dmesg | sed -n '/tcpfsm-check: kunit/,$p' > "$out/kunit.log"
	rmmod tcpfsm_kunit || echo "guest-check: rmmod tcpfsm_kunit failed"
fi

# shellcheck disable=SC2206
progs=(${TCPFSM_TESTS:-tests/bin/*_test})
[ ${#progs[@]} -gt 0 ] || progs=(tests/bin/*_test)
# Each run: "program family"; the inet runs follow their program's own.
runs=()
for t in "${progs[@]}"; do
	runs+=("$t tcpfsm")
	case " $inet_tests " in
	*" $(basename "$t") "*) runs+=("$t inet") ;;
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
		if [ "$family" = inet ]; then
			name=$name.inet
			TCPFSM_FAMILY=inet timeout 900 "$t" > /tmp/prog.out 2>&1
		else
			timeout 900 "$t" > /tmp/prog.out 2>&1
		fi
		rc=$?
		sed 's/^/    /' /tmp/prog.out
		if [ "$rc" = 0 ]; then
			echo "ok $i $name"
		else
			echo "not ok $i $name # exit status $rc"
		fi
	done
} | tee "$out/selftests.ktap"

# TIME_WAIT records and closing orphans (in any namespace) pin the module,
# as they should: give them up to two default MSLs to go.
for _ in $(seq 130); do
	[ "$(cat /sys/module/tcpfsm/refcnt)" = 0 ] && break
	sleep 1
done
if [ "$(cat /sys/module/tcpfsm/refcnt)" != 0 ]; then
	echo "guest-check: tcpfsm still referenced $(cat /sys/module/tcpfsm/refcnt) times; here:"
	cat /proc/net/tcpfsm
fi
rmmod tcpfsm
echo $? > "$out/rmmod.status"

if [ -w "$leak" ]; then
	# kmemleak reports only objects older than 5 s.
	sleep 6
	echo scan > "$leak"
	cat "$leak" > "$out/kmemleak"
fi
dmesg > "$out/check.dmesg"
exit 0
