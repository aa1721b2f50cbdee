# guest-verdict.sh: sourced by check.sh and check-stock.sh: what a guest run's logs say beyond its test results.
# shellcheck shell=bash
#
# The caller defines fail() (record a failure and go on).

# Taint bits a loaded tcpfsm may add: O (out-of-tree), E (unsigned), and N
# (a KUnit test module ran).  Anything else (W after a WARN, D after an
# oops, ...) fails the run.
TAINT_ALLOWED=$(((1 << 12) | (1 << 13) | (1 << 18)))

# taint_letters N: the letters of kernel/panic.c's taint_flags for N.
taint_letters() {
	local letters=PFSRMBUDAWCIOELKXTN n=$1 i out=
	for ((i = 0; i < ${#letters}; i++)); do
		((n & (1 << i))) && out+=${letters:i:1}
	done
	echo "${out:-none}"
}

# guest_verdict DIR: rmmod status, kmemleak, taint and kernel log of the
# guest run whose output is in DIR.
guest_verdict() {
	local dir=$1 rrc before after new bad
	rrc=$(cat "$dir/rmmod.status" 2>/dev/null || echo missing)
	[ "$rrc" = 0 ] || fail "rmmod tcpfsm (status $rrc)"
	if [ -s "$dir/kmemleak" ]; then
		cat "$dir/kmemleak"
		fail "kmemleak reports leaks"
	fi
	before=$(cat "$dir/taint.before" 2>/dev/null || echo missing)
	after=$(cat "$dir/taint.after" 2>/dev/null || echo missing)
	if [ "$before" = missing ] || [ "$after" = missing ]; then
		fail "no taint record from the guest"
	else
		new=$((after & ~before & ~TAINT_ALLOWED))
		echo "taint: $before ($(taint_letters "$before")) before insmod, $after ($(taint_letters "$after")) after rmmod"
		[ "$new" = 0 ] || fail "the kernel was tainted $(taint_letters "$new") during the run"
	fi
	if grep -q 'tcpfsm-check: start' "$dir/check.dmesg" 2>/dev/null; then
		bad=$(sed -n '/tcpfsm-check: start/,$p' "$dir/check.dmesg" |
		      grep -E 'BUG:|WARNING:|KASAN|UBSAN|possible circular locking|lockdep|kmemleak|Call Trace|waiting for .* to become free|unregister_netdevice')
		if [ -n "$bad" ]; then
			echo "$bad" | head -n 40
			fail "the guest kernel log has reports (see $dir/check.dmesg)"
		fi
	else
		fail "no guest kernel log from the run"
	fi
}
