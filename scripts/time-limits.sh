# time-limits.sh: sourced by check.sh and guest-check.sh: the time limits of a run, each a base times TCPFSM_TIME_SCALE.
# shellcheck shell=bash disable=SC2034
#
# The scale, its default and its check live in tests/tcpfsm_test.h: a
# test program run with TCPFSM_LIST_LIMITS=1 prints "scale S" and one
# "test LIMIT_S BASE_S NAME" line per test, LIMIT_S being BASE_S times
# the scale rounded up, and exits; on a scale it does not take it says so
# on stderr and exits non-zero.  Everything here is built on that.

# Base seconds of what a guest does besides the test programs: boot,
# insmod, the KUnit suites, the kmemleak scan, the logs (44 s on a 2-core
# TCG guest, with the wait for rmmod below).
TIME_GUEST_BASE_S=150
# Base seconds of a test program's own time outside its tests' limits.
TIME_PROG_BASE_S=30
# After the tests, TIME_WAIT records (60 s at the default MSL, a time
# under test: not scaled) and closing orphans pin the module; this base is
# the margin on top.
TIME_RMMOD_FIXED_S=60
TIME_RMMOD_BASE_S=70

# Test programs that run a second time against Linux TCP, with
# TCPFSM_FAMILY=inet (tools/tcpfsm-param.h): AF_INET sockets and a raw peer
# of IP protocol 6.  Each such run is a KTAP subtest of its own, named
# "<program>.inet".  What these programs test must hold for TCP itself; a
# test that reads what only tcpfsm has (/proc/net/tcpfsm*, its sysctls,
# TCPFSM_INFO fields) or checks a choice Linux makes otherwise skips itself
# there (TCPFSM_ONLY() in tests/tcpfsm_test.h).
inet_tests="cong_test conn_test flood_test fuzz_test listen_test options_test stream_test wire_test"

# Test programs that run once more with tcpfsm in TCP wire mode, with
# TCPFSM_FAMILY=tcpwire: the initial namespace's wire_proto (and that of
# the namespaces the tests make) at 6, the raw peer of protocol 6.  tcpfsm
# must answer exactly as with protocol 253.  Each is the KTAP subtest
# "<program>.tcpwire".
tcpwire_tests="conn_test options_test wire_test"

# list_limits PROG FILE: PROG's limits into FILE (its complaint, on a
# scale it does not take, and a non-zero status).
list_limits() {
	TCPFSM_LIST_LIMITS=1 "$1" > "$2" 2>&1
}

# limits_scale FILE: the scale FILE's limits were made with.
limits_scale() {
	awk '$1 == "scale" { print $2; exit }' "$1"
}

# scaled BASE SCALE: BASE times SCALE, rounded up.
scaled() {
	awk -v b="$1" -v s="$2" 'BEGIN { x = b * s; n = int(x); if (x > n) n++; print n }'
}

# prog_limits FILE...: seconds the programs whose limits are in FILE...
# may take in all: their tests' limits plus TIME_PROG_BASE_S (scaled)
# each.
prog_limits() {
	awk -v p="$TIME_PROG_BASE_S" '
		$1 == "scale" { x += p * $2 }
		$1 == "test" { x += $2 }
		END { n = int(x); if (x > n) n++; print n }' "$@"
}

# quiet_limit FILE...: the longest a guest running the programs whose
# limits are in FILE... may leave its console silent: a test program prints
# as it goes, so no longer than its slowest test's limit; the KUnit suites
# and the guest's own steps, no longer than TIME_GUEST_BASE_S; the wait for
# rmmod and the steps after it (kmemleak scan, logs, unmount) are one
# silence, no longer than both.  Plus TIME_PROG_BASE_S, all scaled.
quiet_limit() {
	local scale
	scale=$(limits_scale "$1")
	awk -v p="$(scaled "$TIME_PROG_BASE_S" "$scale")" \
	    -v g="$(scaled "$TIME_GUEST_BASE_S" "$scale")" \
	    -v r="$(rmmod_wait "$scale")" '
		$1 == "test" && $2 > x { x = $2 }
		END { if (g + r > x) x = g + r; print x + p }' "$@"
}

# rmmod_wait SCALE: seconds to wait for the module's references to go.
rmmod_wait() {
	echo $((TIME_RMMOD_FIXED_S + $(scaled "$TIME_RMMOD_BASE_S" "$1")))
}
