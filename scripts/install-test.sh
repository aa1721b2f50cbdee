#!/usr/bin/env bash
# install-test.sh: 'make install' and 'make uninstall' with DESTDIR, against Debian's stock headers, from a copy of the tree.
#
# Usage: scripts/install-test.sh [HEADERS_DIR]
# HEADERS_DIR defaults to the newest /usr/src/linux-headers-6.12.*-amd64
# (not -cloud or -rt), as check.sh picks it.  The build runs in a copy
# (the work tree's module/ keeps what check.sh built for the test kernel)
# and installs into a temporary DESTDIR: the module must land in
# lib/modules/<version>/updates, resolve through modprobe -d, and carry
# the stock vermagic; the header, the tools, the preload library and
# man/'s pages must be under PREFIX; 'make uninstall' must then leave no file.  Nothing under
# /lib/modules or /usr/local may change.  The last line is "ok: ..." or
# "install-test: FAIL: ...".
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

die() { printf 'install-test: FAIL: %s\n' "$*"; exit 1; }

hdrs=${1:-$(bash scripts/stock-headers.sh)}
[ -f "${hdrs:-/nonexistent}/Makefile" ] || die "no Debian 6.12 headers (linux-headers-6.12.*-amd64)"
kver=$(basename "$hdrs")
kver=${kver#linux-headers-}

work=$(mktemp -d "${TMPDIR:-/tmp}/tcpfsm-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
src=$work/src
dest=$work/root
prefix=/usr/local
stamp=$work/stamp
touch "$stamp"

# Sources only: no object of the work tree comes along.
mkdir -p "$src/module" "$src/tools"
cp Kbuild Makefile dkms.conf "$src/"
cp module/Kbuild module/*.[ch] "$src/module/"
cp -r include "$src/"
cp tools/Makefile tools/*.[ch] "$src/tools/"
cp -r tools/shim "$src/tools/"
[ -d man ] && cp -r man "$src/"

args=(DESTDIR="$dest" KVER="$kver" KDIR="$hdrs" PREFIX="$prefix")
echo "+ make install ${args[*]}"
make -C "$src" "${args[@]}" install > "$work/install.log" 2>&1 ||
	{ cat "$work/install.log"; die "make install (status $?)"; }
grep -E 'warning:|error:' "$work/install.log" && die "warnings in make install"

mod=$(compgen -G "$dest/lib/modules/$kver/updates/tcpfsm.ko*" || true)
[ "$(printf '%s' "$mod" | grep -c .)" = 1 ] ||
	die "no single tcpfsm.ko in $dest/lib/modules/$kver/updates (found: ${mod:-none})"
vermagic=$(modinfo -F vermagic "$mod") || die "modinfo $mod"
[ "${vermagic%% *}" = "$kver" ] || die "$mod has vermagic '$vermagic', not $kver"
dep=$(modprobe -d "$dest" -S "$kver" --show-depends tcpfsm 2> "$work/modprobe.err") ||
	{ cat "$work/modprobe.err"; die "modprobe -d $dest -S $kver does not find tcpfsm"; }
[ "$dep" = "insmod $mod " ] || [ "$dep" = "insmod $mod" ] ||
	die "modprobe resolves tcpfsm to '$dep', not $mod"

cmp -s include/uapi/linux/tcpfsm.h "$dest$prefix/include/linux/tcpfsm.h" ||
	die "no $prefix/include/linux/tcpfsm.h, or not the uapi header"
for t in tcpfsm-cat tcpfsm-stat; do
	[ -x "$dest$prefix/bin/$t" ] || die "no executable $prefix/bin/$t"
done
[ -f "$dest$prefix/lib/libtcpfsm-preload.so" ] || die "no $prefix/lib/libtcpfsm-preload.so"
for t in tcpfsm-bench tcpfsm-fsmdot; do
	[ ! -e "$dest$prefix/bin/$t" ] || die "$t is a tool of this tree and must not be installed"
done
npages=0
for page in man/*.[17]; do
	[ -f "$page" ] || continue
	sec=${page##*.}
	cmp -s "$page" "$dest$prefix/share/man/man$sec/$(basename "$page")" ||
		die "$page not installed in $prefix/share/man/man$sec"
	npages=$((npages + 1))
done

echo "+ make uninstall ${args[*]}"
make -C "$src" "${args[@]}" uninstall > "$work/uninstall.log" 2>&1 ||
	{ cat "$work/uninstall.log"; die "make uninstall (status $?)"; }
left=$(find "$dest" ! -type d)
[ -z "$left" ] || die "make uninstall left: $(echo "$left" | tr '\n' ' ')"

changed=$(find /lib/modules /usr/local -newer "$stamp" 2>/dev/null || true)
[ -z "$changed" ] || die "make install wrote outside DESTDIR: $(echo "$changed" | head -n 5 | tr '\n' ' ')"

echo "ok: make install into DESTDIR: $(basename "$mod") (vermagic $kver, modprobe finds it), header, 2 tools, the preload library, $npages man pages; make uninstall left no file"
