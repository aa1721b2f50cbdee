#!/usr/bin/env bash
# deps.sh: makes sure the Debian packages that build and test tcpfsm are installed.
#
# As root it installs what is missing (apt-get update once, then install);
# otherwise it prints the exact apt-get line and fails.
set -euo pipefail

pkgs=(gcc make bc bison flex libelf-dev libssl-dev cpio kmod xz-utils perl
      python3 python3-matplotlib rsync sparse qemu-system-x86 iproute2 tshark ethtool
      graphviz nftables groff-base dkms busybox-static linux-perf bpftrace
      linux-source-6.12
      curl socat iperf3 nginx-light redis-server redis-tools)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
# Debian's stock headers for 6.12, whichever point release is current (the
# image of the same release is unpacked, not installed, by stock-kernel.sh).
if ! compgen -G '/usr/src/linux-headers-6.12.*-amd64/Makefile' > /dev/null; then
	missing+=(__headers__)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages; run as root:" >&2
	echo "  apt-get update && apt-get install -y ${missing[*]/__headers__/linux-headers-6.12.<newest>-amd64}" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
if [[ " ${missing[*]} " == *" __headers__ "* ]]; then
	hdr=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb[0-9]+-amd64$' |
	      cut -d' ' -f1 | sort -V | tail -n1)
	[ -n "$hdr" ] || { echo "deps: no linux-headers-6.12.*-amd64 package found" >&2; exit 1; }
	missing=("${missing[@]/__headers__/$hdr}")
fi
echo "deps: installing ${missing[*]}" >&2
# nginx and redis are daemons the tests start themselves: their packages
# must not start them (or enable them) on this machine.  invoke-rc.d asks
# policy-rc.d; 101 means "not now".
policy=/usr/sbin/policy-rc.d
restore=
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' > "$policy"
	chmod 755 "$policy"
	restore=1
fi
rc=0
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || rc=$?
[ -z "$restore" ] || rm -f "$policy"
exit $rc
