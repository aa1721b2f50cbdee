#!/bin/bash
# guest-init.sh: PID 1 of the test VM: mounts what must be writable, runs the command, reports, reboots.
#
# The root filesystem is the host's, read-only over 9p.  vm-run.sh shares a
# writable directory with the tag tcpfsm_out; it holds the command to run
# (cmd) and receives its output (cmd.log), its exit status (status) and the
# kernel log (dmesg).  The kernel passes TCPFSM_CWD from its command line.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp/home LANG=C.UTF-8 TERM=dumb

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
# The work tree may live under a directory that gets a tmpfs (a clone in
# /tmp, say): keep it reachable by moving a bind mount of it back on top.
cwd=${TCPFSM_CWD:-/}
mkdir -p /dev/.tcpfsm-cwd
mount --bind "$cwd" /dev/.tcpfsm-cwd
for d in /tmp /run /var/tmp /var/lib/wireshark; do
	[ -d "$d" ] && mount -t tmpfs tmpfs "$d"
done
if [ ! -d "$cwd/scripts" ]; then
	mkdir -p "$cwd"
	mount --move /dev/.tcpfsm-cwd "$cwd"
else
	umount /dev/.tcpfsm-cwd
fi
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mkdir -p /tmp/out "$HOME"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 tcpfsm_out /tmp/out
ip link set lo up
echo "tcpfsm-guest: init reached"

cd "$cwd" || exit 1
bash /tmp/out/cmd 2>&1 | tee /tmp/out/cmd.log
rc=${PIPESTATUS[0]}
echo "$rc" > /tmp/out/status
dmesg > /tmp/out/dmesg
sync
umount /tmp/out
echo "tcpfsm-guest: command exited with $rc"
echo b > /proc/sysrq-trigger
