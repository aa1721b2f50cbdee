#!/usr/bin/env bash
# stock-initramfs.sh: the small initramfs that lets Debian's stock kernel boot the test VM over the host's root.
#
# usage: stock-initramfs.sh KERNEL_RELEASE MODULES_ROOT OUTPUT.cpio.gz
#
# The stock kernel has 9p as modules (9p, 9pnet, 9pnet_virtio, netfs); the
# test kernel has them built in and needs no initramfs.  This one holds a
# static busybox, those modules (uncompressed, in the order modprobe
# --show-depends gives) and /init, which loads them, mounts the root that
# vm-run.sh shares (tag /dev/root, read-only), puts MODULES_ROOT's
# lib/modules (stock-kernel.sh's unpacked package, a path on the host) on
# its /lib/modules, and hands over to TCPFSM_INIT (guest-init.sh) with
# switch_root.
set -euo pipefail

kver=$1
mroot=$(cd "$2" && pwd)
output=$3
bb=/bin/busybox
# Static: the initramfs has no libc.
if ! [ -x "$bb" ] || ! "$bb" --list | grep -qx switch_root ||
   LC_ALL=C readelf -l "$bb" | grep -q 'INTERP'; then
	echo "stock-initramfs: needs a static busybox with switch_root (busybox-static)" >&2
	exit 1
fi
[ -d "$mroot/lib/modules/$kver" ] || { echo "stock-initramfs: no $mroot/lib/modules/$kver" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,dev,proc,sys,root,modules}
cp "$bb" "$work/bin/busybox"
ln -s busybox "$work/bin/sh"

# The modules 9p and 9pnet_virtio need, each once, dependencies first.
n=0
while read -r verb path _; do
	[ "$verb" = insmod ] || continue
	name=$(basename "$path")
	name=${name%%.ko*}
	ls "$work"/modules/*-"$name".ko > /dev/null 2>&1 && continue
	n=$((n + 1))
	case "$path" in
	*.ko.xz) xz -dc "$path" ;;
	*.ko.zst) zstd -qdc "$path" ;;
	*.ko.gz) gzip -dc "$path" ;;
	*) cat "$path" ;;
	esac > "$work/modules/$(printf %02d "$n")-$name.ko"
done < <(modprobe -d "$mroot" -S "$kver" --show-depends 9p
	 modprobe -d "$mroot" -S "$kver" --show-depends 9pnet_virtio)
[ "$n" -gt 0 ] || { echo "stock-initramfs: no 9p modules for $kver" >&2; exit 1; }

{
echo '#!/bin/sh'
printf 'MODULES=%q\n' "$mroot/lib/modules"
cat <<'INIT'

# /init of the stock-kernel test VM: 9p modules, the shared root, switch_root.
PATH=/bin
busybox mount -t proc proc /proc
busybox mount -t devtmpfs devtmpfs /dev
for m in /modules/*.ko; do
	busybox insmod "$m" || echo "tcpfsm-initramfs: insmod $m failed"
done
if ! busybox mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=512000,cache=loose /dev/root /root; then
	echo "tcpfsm-initramfs: cannot mount the root"
	busybox poweroff -f
fi
# The stock kernel's modules (veth, netem, nftables, ...) for modprobe.
if ! busybox mount --bind "/root$MODULES" /root/lib/modules; then
	echo "tcpfsm-initramfs: cannot mount $MODULES on /lib/modules"
	busybox poweroff -f
fi
busybox umount /dev
busybox umount /proc
exec busybox switch_root /root "${TCPFSM_INIT:?no TCPFSM_INIT on the kernel command line}"
INIT
} > "$work/init"
chmod +x "$work/init"

(cd "$work" && find . | cpio -o -H newc --quiet) | gzip -1 > "$output"
echo "stock-initramfs: $output: $n modules for $kver"
