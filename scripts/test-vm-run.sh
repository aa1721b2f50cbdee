#!/usr/bin/env bash
# test-vm-run.sh: vm-run.sh's two limits, on the host: a fake QEMU that talks, then falls silent.
#
# vm-run.sh must stop a guest whose console says nothing for -q seconds
# (a kernel that hangs where no test's alarm ends it), and must not stop
# one that keeps talking for longer than that.  QEMU here is a script in
# PATH that prints a line every tenth of a second for a while, writes the
# guest's status and exits, or prints one line and then nothing.  The
# quiet limit is a base times TCPFSM_TIME_SCALE (default 2); the talking
# lasts twice as long, with each pause a fiftieth of it.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/tcpfsm-vmrun.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
scale=${TCPFSM_TIME_SCALE:-2}
quiet=$(awk -v s="$scale" 'BEGIN { x = 3 * s; n = int(x); if (x > n) n++; print n }')
# A scale awk reads as 0 would give -q 0 and -t 0, no limit at all: the
# silent guest would never be stopped (tests/tcpfsm_test.h checks it later).
case $scale in
''|.|*[!0-9.]*|*.*.*) echo "test-vm-run: TCPFSM_TIME_SCALE=\"$scale\": not a decimal number"; exit 1 ;;
esac
[ "$quiet" -gt 0 ] || { echo "test-vm-run: TCPFSM_TIME_SCALE=\"$scale\" gives no quiet limit"; exit 1; }
failed=0

mkdir -p "$tmp/bin"
cat > "$tmp/bin/qemu-system-x86_64" <<'FAKE'
#!/usr/bin/env bash
# Fake QEMU: FAKE_MODE=talk prints for FAKE_TALK_S seconds, then reports
# status 0 as guest-init.sh does; FAKE_MODE=silent prints once and hangs.
out=
for a in "$@"; do
	case "$a" in
	local,id=out,path=*) out=${a#local,id=out,path=}; out=${out%%,*} ;;
	esac
done
printf 'tcpfsm-guest: init reached\r\n'
if [ "$FAKE_MODE" = talk ]; then
	end=$((SECONDS + FAKE_TALK_S))
	while [ "$SECONDS" -lt "$end" ]; do
		printf 'line %s\r\n' "$SECONDS"
		sleep "$FAKE_PAUSE"
	done
	echo 0 > "$out/status"
	exit 0
fi
if [ "$FAKE_MODE" = kernel ]; then
	# A hung kernel that goes on reporting an RCU stall.
	while :; do printf '[ %6d.000000] rcu: INFO: rcu_preempt detected stalls\r\n' "$SECONDS"; sleep 0.1; done
fi
while :; do sleep 0.1; done
FAKE
chmod +x "$tmp/bin/qemu-system-x86_64"

# run MODE: vm-run.sh's status, its output in $tmp/MODE.log.
run() {
	PATH="$tmp/bin:$PATH" FAKE_MODE=$1 FAKE_TALK_S=$((quiet * 2)) \
		FAKE_PAUSE=$(awk -v q="$quiet" 'BEGIN { print q / 50 }') \
		QEMU_ACCEL=tcg bash "$top/scripts/vm-run.sh" -t $((quiet * 20)) -q "$quiet" \
		-k /dev/null -o "$tmp/$1" -- true > "$tmp/$1.log" 2>&1
}

start=$SECONDS
run silent
rc=$?
took=$((SECONDS - start))
if [ "$rc" = 124 ] && [ -f "$tmp/silent/quiet" ] &&
   grep -q "console said nothing for $quiet s" "$tmp/silent.log" &&
   [ "$took" -lt $((quiet * 20)) ]; then
	echo "ok: a guest silent for $quiet s is stopped (status 124, after $took s)"
else
	echo "FAIL: silent guest: status $rc after $took s"; cat "$tmp/silent.log"; failed=1
fi
if ! pgrep -f "id=out,path=$tmp/silent," > /dev/null; then
	echo "ok: the silent guest's QEMU is gone"
else
	echo "FAIL: the silent guest's QEMU is still running"; failed=1
	pkill -f "id=out,path=$tmp/silent,"
fi

run kernel
rc=$?
if [ "$rc" = 124 ] && [ -f "$tmp/kernel/quiet" ]; then
	echo "ok: a guest whose kernel alone talks (an RCU stall) is stopped after $quiet s"
else
	echo "FAIL: guest with kernel reports only: status $rc"; tail -n 5 "$tmp/kernel.log"; failed=1
fi
pkill -f "id=out,path=$tmp/kernel," 2>/dev/null

run talk
rc=$?
if [ "$rc" = 0 ] && [ ! -f "$tmp/talk/quiet" ] &&
   ! grep -q $'\r' "$tmp/talk/console.log" &&
   [ "$(grep -c '^line ' "$tmp/talk/console.log")" -gt 10 ]; then
	echo "ok: a guest that talks for longer than $quiet s in all is not stopped; its console log has no CR"
else
	echo "FAIL: talking guest: status $rc"; cat "$tmp/talk.log"; failed=1
fi
exit "$failed"
