#!/usr/bin/env bash
# check.sh: 'make check': dependencies, builds, static checks, the VM run, and the verdict.
#
# Environment: TCPFSM_CACHE (kernel cache, default ~/.cache/tcpfsm),
# QEMU_ACCEL (see vm-run.sh), TCPFSM_TESTS and TCPFSM_KUNIT_FILTER (see
# guest-check.sh) to run a part of the suites.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$top/build/check
failures=()

step() { printf '\n==== %s\n' "$*"; }
fail() { printf 'check: FAIL: %s\n' "$*"; failures+=("$*"); }

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
hdrs=$(compgen -G '/usr/src/linux-headers-6.12.*-amd64' | grep -vE -- '-(cloud|rt)-amd64$' |
       sort -V | tail -n1)
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

step "generated documentation matches module/fsm.c"
tools/tcpfsm-fsmdot --dot > "$out/state-machine.dot" &&
	tools/tcpfsm-fsmdot --rst > "$out/state-table.inc" || fail "tcpfsm-fsmdot"
if cmp -s "$out/state-machine.dot" Documentation/state-machine.dot &&
   cmp -s "$out/state-table.inc" Documentation/state-table.inc; then
	echo "ok: Documentation/state-machine.dot and state-table.inc are current"
else
	fail "Documentation/ is stale: run 'make state-machine' and commit"
fi

step "VM: load, KUnit, socket tests, kmemleak, unload"
bash scripts/vm-run.sh -o "$out/vm" -- env TCPFSM_TESTS="${TCPFSM_TESTS:-}" \
	TCPFSM_KUNIT_FILTER="${TCPFSM_KUNIT_FILTER:-}" bash scripts/guest-check.sh
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

counts=$(python3 - "$out/kunit.json" "$out/selftests.json" <<'PY'
import json, sys
p = f = s = 0
def walk(g):
    global p, f, s
    for c in g.get("test_cases", []):
        st = c["status"]
        if st == "PASS": p += 1
        elif st == "SKIP": s += 1
        else:
            f += 1
            print("failed: %s.%s" % (g.get("name"), c["name"]), file=sys.stderr)
    for sub in g.get("sub_groups", []):
        walk(sub)
for path in sys.argv[1:]:
    try:
        walk(json.load(open(path)))
    except (OSError, ValueError):
        f += 1
        print("failed: no results in %s" % path, file=sys.stderr)
print(p, f, s)
PY
)
read -r npass nfail nskip <<< "$counts"
[ "$nfail" = 0 ] || fail "$nfail test(s) failed"
[ "$npass" -gt 0 ] || fail "no test passed"

rrc=$(cat "$out/vm/rmmod.status" 2>/dev/null || echo missing)
[ "$rrc" = 0 ] || fail "rmmod tcpfsm (status $rrc)"
if [ -s "$out/vm/kmemleak" ]; then
	cat "$out/vm/kmemleak"
	fail "kmemleak reports leaks"
fi
if grep -q 'tcpfsm-check: start' "$out/vm/check.dmesg" 2>/dev/null; then
	bad=$(sed -n '/tcpfsm-check: start/,$p' "$out/vm/check.dmesg" |
	      grep -E 'BUG:|WARNING:|KASAN|UBSAN|possible circular locking|lockdep|kmemleak|Call Trace|waiting for .* to become free|unregister_netdevice')
	if [ -n "$bad" ]; then
		echo "$bad" | head -n 40
		fail "the guest kernel log has reports (see $out/vm/check.dmesg)"
	fi
else
	fail "no guest kernel log from the run"
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
	printf 'check: failed: %s\n' "${failures[@]}"
fi
echo "$npass passed, $nfail failed, $nskip skipped"
[ ${#failures[@]} -eq 0 ]
