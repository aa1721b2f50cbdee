#!/usr/bin/env bash
# build-kernel.sh: builds (once) and caches the debug test kernel (or the benchmark kernel); prints its build directory.
#
# The kernel source comes from Debian's linux-source-6.12 package; the
# configuration is 'allnoconfig' plus kunit/test-kernel.config, or the
# fragment named by TCPFSM_FRAGMENT (scripts/bench-kernel.config for
# 'make bench').  The result
# lives outside the clone, under $TCPFSM_CACHE (default ~/.cache/tcpfsm),
# keyed by the source package version, a hash of the fragment and the recipe
# version below, so a second run finds it and returns at once.  Bump RECIPE
# when the way the kernel is built changes.
#
# TCPFSM_SOURCE_ONLY=1 extracts the source and builds nothing (the socket
# tests need only its kselftest harness and kunit.py; 'make check-stock').
#
# Output (stdout, last lines): SRC=<source tree> KBUILD=<build dir>
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
frag=${TCPFSM_FRAGMENT:-$top/kunit/test-kernel.config}
cache=${TCPFSM_CACHE:-$HOME/.cache/tcpfsm}
tarball=/usr/src/linux-source-6.12.tar.xz
jobs=${JOBS:-$(nproc)}

log() { printf 'build-kernel: %s\n' "$*" >&2; }

[ -r "$tarball" ] || { log "missing $tarball: apt-get install linux-source-6.12"; exit 1; }
ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
RECIPE=1
key=$( (cat "$frag"; echo "recipe $RECIPE") | sha256sum | cut -c1-12)
src="$cache/src-$ver"
kbuild="$cache/kernel-$ver-$key"

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

if [ ! -f "$src/.tcpfsm-extracted" ]; then
	log "extracting $tarball into $src"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xf "$tarball"
	touch "$src.tmp/.tcpfsm-extracted"
	mv "$src.tmp" "$src"
fi

if [ "${TCPFSM_SOURCE_ONLY:-0}" = 1 ]; then
	echo "SRC=$src"
	exit 0
fi

if [ ! -f "$kbuild/.tcpfsm-built" ]; then
	log "building kernel $ver (fragment $key) in $kbuild with -j$jobs"
	rm -rf "$kbuild"
	mkdir -p "$kbuild"
	start=$(date +%s)
	make -s -C "$src" O="$kbuild" KCONFIG_ALLCONFIG="$frag" allnoconfig >&2
	# Every line of the fragment must have survived Kconfig's dependency
	# resolution; a silently dropped option would weaken the test kernel.
	missing=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=n) opt=${line%%=*}
			if grep -q "^$opt=y" "$kbuild/.config"; then
				log "fragment wants $line but .config has it set"
				missing=1
			fi ;;
		CONFIG_*=*)
			if ! grep -qx "$line" "$kbuild/.config"; then
				log "fragment line not in .config: $line"
				missing=1
			fi ;;
		esac
	done < "$frag"
	[ "$missing" = 0 ] || { log "fix $frag"; exit 1; }
	make -s -C "$src" O="$kbuild" -j"$jobs" bzImage modules >&2
	touch "$kbuild/.tcpfsm-built"
	log "built in $(( $(date +%s) - start )) s"
fi

echo "SRC=$src"
echo "KBUILD=$kbuild"
