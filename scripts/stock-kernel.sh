#!/usr/bin/env bash
# stock-kernel.sh: Debian's stock kernel of a release, unpacked (never installed) into the cache; prints its root.
#
# usage: stock-kernel.sh KERNEL_RELEASE
#
# check-stock.sh boots linux-image-<release>-amd64, the image whose headers
# the module is built against.  Installing it would make it the machine's
# default boot kernel (update-grub) and rebuild an initramfs; the test needs
# neither, so the package is fetched with 'apt-get download' and unpacked
# with dpkg-deb into $TCPFSM_CACHE/stock-<release>/ (boot/vmlinuz-<release>
# and lib/modules/<release>, which the guest mounts on /lib/modules).
# Output (stdout, last line): the directory.
set -euo pipefail

kver=$1
cache=${TCPFSM_CACHE:-$HOME/.cache/tcpfsm}
root=$cache/stock-$kver
log() { printf 'stock-kernel: %s\n' "$*" >&2; }

mkdir -p "$cache"
exec 9>"$cache/.lock-stock"
flock 9
if [ ! -f "$root/.tcpfsm-unpacked" ]; then
	work=$(mktemp -d "$cache/stock-fetch.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	found=
	# The signed image is what Debian installs by default; the unsigned one
	# has the same kernel and modules (without the Secure Boot signature).
	for attempt in 1 2; do
		for pkg in "linux-image-$kver-unsigned" "linux-image-$kver"; do
			if (cd "$work" && apt-get download -q "$pkg" >&2 2>/dev/null); then
				found=$pkg
				break 2
			fi
		done
		# Package lists that predate the release: refresh them once.
		[ "$attempt" = 1 ] && [ "$(id -u)" = 0 ] && apt-get update -q >&2
	done
	[ -n "$found" ] || { log "no linux-image-$kver(-unsigned) in the archive (apt-get update?)"; exit 1; }
	dpkg-deb -x "$work"/*.deb "$work/root"
	if [ ! -r "$work/root/boot/vmlinuz-$kver" ] || [ ! -d "$work/root/lib/modules/$kver/kernel" ]; then
		log "$found has no boot/vmlinuz-$kver or lib/modules/$kver"
		exit 1
	fi
	depmod -b "$work/root" "$kver"
	rm -rf "$root"
	mv "$work/root" "$root"
	touch "$root/.tcpfsm-unpacked"
	log "unpacked $found into $root"
fi
echo "$root"
