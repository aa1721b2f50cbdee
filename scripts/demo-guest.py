#!/usr/bin/env python3
# demo-guest.py: the demo story, told inside the VM: load, sockets, /proc/net/tcpfsm, a RST, unload.
"""Plays the tcpfsm demo inside the test VM (run by scripts/demo.sh)."""
import ctypes
import socket
import struct
import subprocess
import time

AF_TCPFSM = 22
IPPROTO_TCPFSM = 253
libc = ctypes.CDLL(None, use_errno=True)


def say(text):
    print("\n== " + text, flush=True)


def show(path):
    with open(path) as f:
        print(f.read().rstrip())


def sockaddr(ip, port):
    return struct.pack("=H", AF_TCPFSM) + struct.pack("!H", port) + \
        socket.inet_aton(ip) + bytes(8)


def bind(sock, ip, port):
    addr = sockaddr(ip, port)
    if libc.bind(sock.fileno(), addr, len(addr)) != 0:
        err = ctypes.get_errno()
        return "%s (%s)" % (__import__("errno").errorcode[err], __import__("os").strerror(err))
    return "ok"


def local_port(sock):
    buf = ctypes.create_string_buffer(16)
    size = ctypes.c_uint(16)
    libc.getsockname(sock.fileno(), buf, ctypes.byref(size))
    return struct.unpack("!H", buf.raw[2:4])[0]


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def syn(sport, dport, seq):
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, 0x02, 65535, 0, 0)
    lo = socket.inet_aton("127.0.0.1")
    pseudo = lo + lo + struct.pack("!BBH", 0, IPPROTO_TCPFSM, len(hdr))
    return hdr[:16] + struct.pack("!H", checksum(pseudo + hdr)) + hdr[18:]


def flags(b):
    names = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"]
    return "|".join(n for i, n in enumerate(names) if b & (1 << i)) or "none"


def main():
    say("insmod module/tcpfsm.ko")
    subprocess.run(["insmod", "module/tcpfsm.ko"], check=True)
    print(open("/sys/module/tcpfsm/parameters/family").read().strip(),
          "is the family number;",
          open("/sys/module/tcpfsm/parameters/ipproto").read().strip(),
          "the IP protocol number")

    say("socket(AF_TCPFSM, SOCK_STREAM, 0), three times; bind()")
    a = socket.socket(AF_TCPFSM, socket.SOCK_STREAM, 0)
    b = socket.socket(AF_TCPFSM, socket.SOCK_STREAM, 0)
    c = socket.socket(AF_TCPFSM, socket.SOCK_STREAM, 0)
    print("bind(a, 0.0.0.0:7000)   ->", bind(a, "0.0.0.0", 7000))
    print("bind(b, 127.0.0.1:7000) ->", bind(b, "127.0.0.1", 7000))
    print("bind(c, 0.0.0.0:0)      ->", bind(c, "0.0.0.0", 0),
          "; ephemeral port", local_port(c))

    say("cat /proc/net/tcpfsm  (sockets in CLOSE have no row, as in /proc/net/tcp)")
    show("/proc/net/tcpfsm")

    say("a SYN from a raw socket to port 7001, where nobody listens")
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_TCPFSM)
    raw.settimeout(2)
    raw.sendto(syn(5555, 7001, 1000), ("127.0.0.1", 0))
    deadline = time.time() + 2
    while time.time() < deadline:
        pkt = raw.recv(2048)
        ihl = (pkt[0] & 15) * 4
        sport, dport, seq, ack, _, fl = struct.unpack("!HHIIBB", pkt[ihl:ihl + 14])
        if (sport, dport) == (7001, 5555):
            print("reply: %s seq=%u ack=%u   (RFC 9293 3.10.7.1: seq 0, ack SEG.SEQ+1)"
                  % (flags(fl), seq, ack))
            break

    say("cat /proc/net/tcpfsm_stat (counters)")
    with open("/proc/net/tcpfsm_stat") as f:
        for line in f:
            if "_" not in line.split()[0]:
                print(line.rstrip())

    say("sysctls in /proc/sys/net/tcpfsm")
    subprocess.run("grep . /proc/sys/net/tcpfsm/*", shell=True)

    for s in (a, b, c, raw):
        s.close()
    say("rmmod tcpfsm")
    subprocess.run(["rmmod", "tcpfsm"], check=True)
    print("done")


if __name__ == "__main__":
    main()
