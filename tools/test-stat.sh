#!/usr/bin/env bash
# test-stat.sh: tcpfsm-stat on fixture copies of /proc/net/tcpfsm, against the expected lines and against ss(8) reading the same file.
#
# Usage: tools/test-stat.sh [PROGRAM]   (default: tools/tcpfsm-stat, built)
#
# Runs on the host, without the module: tcpfsm-stat reads the fixture with
# --proc.  tools/testdata/stat/cases lists the cases: each output must
# equal NAME.out, and, when ss is installed and honours PROC_NET_TCP (it
# then reads that file in /proc/net/tcp's format, which /proc/net/tcpfsm
# shares), the output of ss with the arguments given, the blanks at the
# ends of its lines left out.  Then: TCPFSM_PROC, --processes against a
# socket of a live process, --watch across two versions of the file, and
# the exit status of errors.  Prints each difference and exits 1, or
# prints "ok: ..." and exits 0.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
stat=${1:-$top/tools/tcpfsm-stat}
data=$top/tools/testdata/stat
fixture=$data/proc-net-tcpfsm
# Waits for what must come (a process up, a line printed): 10 s times
# TCPFSM_TIME_SCALE (default 2, tests/tcpfsm_test.h), in tenths.
tenths=$(awk -v s="${TCPFSM_TIME_SCALE:-2}" 'BEGIN { n = int(100 * s); print (n < 100 ? 100 : n) }')
tmp=$(mktemp -d)
pids=()
cleanup() {
	local p

	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
checks=0
bad() { echo "test-stat: FAIL: $*"; failures=$((failures + 1)); }

# $1: what; $2: expected file; $3: output file.
same() {
	checks=$((checks + 1))
	diff -u "$2" "$3" > "$tmp/diff" && return 0
	bad "$1"
	cat "$tmp/diff"
	return 1
}

[ -x "$stat" ] || { echo "test-stat: no $stat (make -C tools)"; exit 1; }

# ss reads /proc/net/tcp, or $PROC_NET_TCP when it is set (iproute2 does
# since 2.6): the fixture's ESTAB row to 40001 says it did.
ss_on() {
	PROC_NET_TCP=$1 PROC_NET_TCP6=/dev/null ss -4 "${@:2}" 2>&1 | sed 's/ *$//'
}
have_ss=0
if command -v ss > /dev/null && ss_on "$fixture" -tan | grep -q '127.0.0.1:40001'; then
	have_ss=1
fi

while IFS='|' read -r name targs sargs; do
	name=${name//[[:space:]]/}
	[[ -z $name || $name == \#* ]] && continue
	read -ra ta <<< "$targs"
	read -ra sa <<< "$sargs"
	"$stat" --proc "$fixture" "${ta[@]}" > "$tmp/$name.out" 2>&1 ||
		bad "$name: tcpfsm-stat${ta[*]:+ ${ta[*]}} exits with $?"
	same "$name: tcpfsm-stat${ta[*]:+ ${ta[*]}} is not $data/$name.out" \
		"$data/$name.out" "$tmp/$name.out"
	if [ "$have_ss" = 1 ] && [ "${sa[*]}" != "-" ]; then
		ss_on "$fixture" "${sa[@]}" > "$tmp/$name.ss"
		same "$name: tcpfsm-stat${ta[*]:+ ${ta[*]}} is not ss -4 ${sa[*]} on the same file" \
			"$tmp/$name.ss" "$tmp/$name.out"
	fi
done < "$data/cases"

# The file from the environment; --proc wins over it.
TCPFSM_PROC=$fixture "$stat" -a > "$tmp/env.out" 2>&1
same "TCPFSM_PROC=FILE tcpfsm-stat -a is not all.out" "$data/all.out" "$tmp/env.out"
TCPFSM_PROC=/nonexistent "$stat" --proc "$fixture" -a > "$tmp/env2.out" 2>&1
same "--proc does not override TCPFSM_PROC" "$data/all.out" "$tmp/env2.out"

# --processes: the socket of a live process stands for the row to 40001.
if command -v python3 > /dev/null; then
	python3 -c 'import os, socket, time
s = socket.socket()
print(os.fstat(s.fileno()).st_ino, s.fileno(), flush=True)
time.sleep(60)' > "$tmp/py" &
	py=$!
	pids+=("$py")
	for _ in $(seq "$tenths"); do
		[ -s "$tmp/py" ] && break
		sleep 0.1
	done
	read -r ino fd < "$tmp/py"
	comm=$(cat "/proc/$py/comm")
	sed "s/ 4000000013 / $ino /" "$fixture" > "$tmp/proc-py"
	sed "s/127.0.0.1:40001\$/127.0.0.1:40001 users:((\"$comm\",pid=$py,fd=$fd))/" \
		"$data/default.out" > "$tmp/processes.want"
	"$stat" --proc "$tmp/proc-py" --processes > "$tmp/processes.out" 2>&1
	same "--processes: no users:((\"$comm\",pid=$py,fd=$fd)) on the row of inode $ino" \
		"$tmp/processes.want" "$tmp/processes.out"
	if [ "$have_ss" = 1 ]; then
		ss_on "$tmp/proc-py" -tnp > "$tmp/processes.ss"
		same "--processes: tcpfsm-stat --processes is not ss -4 -tnp on the same file" \
			"$tmp/processes.ss" "$tmp/processes.out"
	fi
	kill "$py"
else
	echo "test-stat: no python3: --processes not checked"
fi

# --watch: the table, then what changed when the file did.
cp "$fixture" "$tmp/proc-watch"
"$stat" --proc "$tmp/proc-watch" -a --watch=20 > "$tmp/watch.out" 2>&1 &
w=$!
pids+=("$w")
want=$(wc -l < "$data/watch.out")
lines() { wc -l < "$tmp/watch.out"; }
for _ in $(seq "$tenths"); do
	[ "$(lines)" -ge "$(wc -l < "$data/all.out")" ] && break
	sleep 0.1
done
cp "$data/proc-net-tcpfsm.next" "$tmp/proc-watch.new"
mv "$tmp/proc-watch.new" "$tmp/proc-watch"
for _ in $(seq "$tenths"); do
	[ "$(lines)" -ge "$want" ] && break
	sleep 0.1
done
sleep 0.2	# nothing more may come
kill "$w"
same "--watch: the table and the transitions are not $data/watch.out" \
	"$data/watch.out" "$tmp/watch.out"

# Errors: a state that does not exist, a file that does not.
checks=$((checks + 2))
"$stat" --proc "$fixture" -s NO_SUCH_STATE > /dev/null 2>&1
rc=$?
[ "$rc" = 2 ] || bad "-s NO_SUCH_STATE exits with $rc, not 2"
"$stat" --proc "$tmp/no-such-file" > /dev/null 2>&1
rc=$?
[ "$rc" = 1 ] || bad "--proc with no such file exits with $rc, not 1"

if [ "$failures" -gt 0 ]; then
	echo "test-stat: $failures of $checks checks failed"
	exit 1
fi
echo "ok: tcpfsm-stat: $checks checks on tools/testdata/stat$([ "$have_ss" = 1 ] &&
	echo ", ss agrees" || echo "; ss not compared (not installed, or no PROC_NET_TCP)")"
