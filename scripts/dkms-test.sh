#!/usr/bin/env bash
# dkms-test.sh: dkms.conf and 'make dkms-install/dkms-remove' work against Debian's stock headers, in a throwaway DKMS tree.
#
# Usage: scripts/dkms-test.sh [HEADERS_DIR]
# HEADERS_DIR defaults to the newest /usr/src/linux-headers-6.12.*-amd64
# (not -cloud or -rt), as check.sh picks it.  Needs the dkms package.
# 'make dkms-install' (dkms add, build, install) must leave a tcpfsm.ko
# with the stock vermagic in DKMS's tree and in updates/dkms, a 6.15
# kernel must be skipped, and 'make dkms-remove' must take it all away.
# dkms install and remove need root; as another user the script runs dkms
# add and build alone, and says so.  The DKMS, source and module trees are
# temporary (--dkmstree, --sourcetree, --installtree); so are DKMS's
# signing key and scratch files, and depmod is not run, since dkms would
# run it on the real /lib/modules.  Afterwards the script checks that
# nothing under /var/lib/dkms, /usr/src, /lib/modules or /etc/dkms
# changed.  The last line is "ok: ..." or "dkms-test: FAIL: ...".
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

die() { printf 'dkms-test: FAIL: %s\n' "$*"; exit 1; }

hdrs=${1:-$(bash scripts/stock-headers.sh)}
[ -f "${hdrs:-/nonexistent}/Makefile" ] || die "no Debian 6.12 headers (linux-headers-6.12.*-amd64)"
kver=$(basename "$hdrs")
kver=${kver#linux-headers-}
command -v dkms > /dev/null || die "dkms is not installed (apt-get install --no-install-recommends dkms)"

version=$(make -s --no-print-directory version)
[ -n "$version" ] || die "no PACKAGE_VERSION in dkms.conf"

work=$(mktemp -d "${TMPDIR:-/tmp}/tcpfsm-dkms.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tmp" "$work/dkms" "$work/usrsrc" "$work/modules/$kver"
stamp=$work/stamp
touch "$stamp"

# dkms reads its signing key's place from the environment as from
# /etc/dkms/framework.conf; the default, /var/lib/dkms/mok.key, would be
# created on the first build.
export TMPDIR=$work/tmp
export mok_signing_key=$work/mok.key mok_certificate=$work/mok.pub
trees="--dkmstree $work/dkms --sourcetree $work/usrsrc --installtree $work/modules"
# What 'make dkms-install' and 'make dkms-remove' run, with the trees moved
# and without depmod.
mk=(make --no-print-directory KVER="$kver" KDIR="$hdrs" DKMS_SRC="$work/usrsrc/tcpfsm-$version"
    DKMS_FLAGS="$trees --no-depmod")
# shellcheck disable=SC2086
dkms() { echo "+ dkms $*"; command dkms $trees "$@"; }
build_failed() {
	cat "$work/dkms/tcpfsm/$version/build/make.log" 2>/dev/null || true
	die "$@"
}

if [ "$(id -u)" = 0 ]; then
	echo "+ ${mk[*]} dkms-install"
	"${mk[@]}" dkms-install || build_failed "make dkms-install (dkms add, build, install) for $kver"
	done="make dkms-install/dkms-remove (dkms add, build, install, remove)"
else
	echo "+ ${mk[*]} dkms-source"
	"${mk[@]}" dkms-source || die "make dkms-source"
	dkms add -m tcpfsm -v "$version" || die "dkms add"
	dkms build -m tcpfsm -v "$version" -k "$kver" --kernelsourcedir "$hdrs" ||
		build_failed "dkms build for $kver"
	done="dkms add, build (as $(id -un): install and remove need root, not run)"
fi

built=$(compgen -G "$work/dkms/tcpfsm/$version/$kver/*/module/tcpfsm.ko*" || true)
[ "$(printf '%s' "$built" | grep -c .)" = 1 ] ||
	die "dkms build left no single tcpfsm.ko in $work/dkms/tcpfsm/$version/$kver (found: ${built:-none})"
vermagic=$(modinfo -F vermagic "$built") || die "modinfo $built"
[ "${vermagic%% *}" = "$kver" ] || die "$built has vermagic '$vermagic', not $kver"
log=$(compgen -G "$work/dkms/tcpfsm/$version/$kver/*/log/make.log") || die "dkms kept no make.log"
! grep -q 'tcpfsm_kunit' "$log" || die "dkms built the KUnit module too (see $log)"

# BUILD_EXCLUSIVE_KERNEL: another series is skipped (dkms's status 77).
rc=0
dkms build -m tcpfsm -v "$version" -k 6.15.0-guard --kernelsourcedir "$hdrs" > "$work/guard.log" 2>&1 ||
	rc=$?
[ "$rc" = 77 ] || { cat "$work/guard.log"; die "dkms build for 6.15.0 gave status $rc, not 77 (skipped)"; }
echo "dkms build for 6.15.0-guard: skipped (BUILD_EXCLUSIVE_KERNEL)"

if [ "$(id -u)" = 0 ]; then
	[ -n "$(compgen -G "$work/modules/$kver/updates/dkms/tcpfsm.ko*")" ] ||
		die "dkms install put no tcpfsm.ko in updates/dkms of the temporary module tree"
	dkms status -m tcpfsm
	echo "+ ${mk[*]} dkms-remove"
	"${mk[@]}" dkms-remove || die "make dkms-remove"
	[ -z "$(compgen -G "$work/modules/$kver/updates/dkms/tcpfsm.ko*")" ] ||
		die "dkms remove left the module installed"
	[ ! -e "$work/dkms/tcpfsm" ] || die "dkms remove left tcpfsm in the DKMS tree"
	[ ! -e "$work/usrsrc/tcpfsm-$version" ] || die "make dkms-remove left the source tree"
fi

changed=$(find /var/lib/dkms /usr/src /lib/modules /etc/dkms -newer "$stamp" 2>/dev/null || true)
[ -z "$changed" ] || die "dkms wrote outside its temporary trees: $(echo "$changed" | head -n 5 | tr '\n' ' ')"

echo "ok: $done tcpfsm/$version for $kver: $(basename "$built"), vermagic $kver, nothing written outside the temporary trees"
