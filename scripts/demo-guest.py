#!/usr/bin/env python3
# demo-guest.py: the demo story, told inside the VM: the eleven states between two real sockets.
"""Plays the tcpfsm demo inside the test VM (run by scripts/demo.sh).

Both ends are on loopback.  Each step says what happens in the terms of the
RFC 9293 state diagram and shows /proc/net/tcpfsm through tools/tcpfsm-stat
(-a: every state, listeners and TIME-WAIT too; -o: the timers).
"""
import ctypes
import errno
import os
import socket
import struct
import subprocess
import time

IPPROTO_TCPFSM = 253
libc = ctypes.CDLL(None, use_errno=True)
AF = 22


def sh(cmd):
    subprocess.run(cmd, shell=True, check=True)


def say(step, text):
    print("\n=== %s\n    %s" % (step, text), flush=True)


def show():
    print("    /proc/net/tcpfsm:", flush=True)
    out = subprocess.run(["tools/tcpfsm-stat", "-ao"], capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        print("      " + line)


def sockaddr(ip, port):
    return struct.pack("=H", AF) + struct.pack("!H", port) + \
        socket.inet_aton(ip) + bytes(8)


def call(fn, sock, *args):
    if fn(sock.fileno(), *args) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def bind(sock, ip, port):
    addr = sockaddr(ip, port)
    call(libc.bind, sock, addr, len(addr))


def connect(sock, ip, port):
    addr = sockaddr(ip, port)
    call(libc.connect, sock, addr, len(addr))


def accept(sock):
    fd = libc.accept(sock.fileno(), None, None)
    if fd < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return socket.socket(AF, socket.SOCK_STREAM, 0, fileno=fd)


def new():
    return socket.socket(AF, socket.SOCK_STREAM, 0)


def pair(port):
    lsn = new()
    bind(lsn, "127.0.0.1", port)
    lsn.listen(4)
    cli = new()
    connect(cli, "127.0.0.1", port)
    srv = accept(lsn)
    return lsn, cli, srv


def main():
    sh("insmod module/tcpfsm.ko")
    AF_USED = int(open("/sys/module/tcpfsm/parameters/family").read())
    assert AF_USED == AF
    sh("echo 1000 > /proc/sys/net/tcpfsm/msl_ms")
    print("tcpfsm loaded: AF_TCPFSM=%d, IP protocol %d; msl_ms=1000 (TIME_WAIT lasts 2 s)"
          % (AF, IPPROTO_TCPFSM))

    say("1. passive open", "server: socket(), bind(127.0.0.1:7000), listen()  ->  CLOSED -> LISTEN")
    lsn = new()
    bind(lsn, "127.0.0.1", 7000)
    lsn.listen(4)
    show()

    say("2. three-way handshake",
        "client: connect()  SYN ->  <- SYN,ACK  ACK ->\n"
        "    client CLOSED -> SYN_SENT -> ESTABLISHED; server child LISTEN -> SYN_RECV -> ESTABLISHED")
    cli = new()
    connect(cli, "127.0.0.1", 7000)
    srv = accept(lsn)
    show()

    say("3. data both ways", "client sends 'hello', server answers 'hi there'")
    cli.send(b"hello")
    print("    server got:", srv.recv(100))
    srv.send(b"hi there")
    print("    client got:", cli.recv(100))

    say("4. half-close",
        "client: shutdown(SHUT_WR)  FIN ->  <- ACK\n"
        "    client ESTABLISHED -> FIN_WAIT1 -> FIN_WAIT2; server ESTABLISHED -> CLOSE_WAIT;\n"
        "    the server can still send, and the client in FIN_WAIT2 still receives")
    cli.shutdown(socket.SHUT_WR)
    print("    server reads EOF:", srv.recv(100))
    srv.send(b"still flowing toward FIN_WAIT2")
    print("    client got:", cli.recv(100))
    show()

    say("5. the rest of the four-way close",
        "server: close()  FIN ->  <- ACK\n"
        "    server CLOSE_WAIT -> LAST_ACK -> CLOSED; client FIN_WAIT2 -> TIME_WAIT (2*MSL)")
    srv.close()
    time.sleep(0.2)
    show()
    say("6. TIME_WAIT expires", "2*MSL = 2 s later the TIME_WAIT entry is gone: TIME_WAIT -> CLOSED")
    time.sleep(2.3)
    show()
    cli.close()

    say("7. simultaneous close",
        "both ends send FIN before seeing the other's (loopback delayed by 300 ms with netem):\n"
        "    ESTABLISHED -> FIN_WAIT1 -> CLOSING -> TIME_WAIT on both sides")
    lsn2, a, b = pair(7001)
    lsn2.close()
    sh("tc qdisc add dev lo root netem delay 300ms")
    a.shutdown(socket.SHUT_WR)
    b.shutdown(socket.SHUT_WR)
    time.sleep(0.1)
    show()
    time.sleep(0.4)
    show()
    time.sleep(0.5)
    sh("tc qdisc del dev lo root")
    show()
    a.close()
    b.close()

    say("8. connection refused", "client: connect() to port 7999 where nobody listens:  SYN ->  <- RST,ACK")
    c = new()
    try:
        connect(c, "127.0.0.1", 7999)
    except OSError as e:
        print("    connect() failed:", errno.errorcode[e.errno], "-", e.strerror)
    c.close()

    say("9. abort with SO_LINGER {1, 0}",
        "client: close() with linger 0  RST ->  no FIN exchange, no TIME_WAIT;\n"
        "    the server's next recv() gets ECONNRESET")
    cli, srv = new(), None
    connect(cli, "127.0.0.1", 7000)
    srv = accept(lsn)
    show()
    cli.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    cli.close()
    try:
        srv.recv(10)
    except OSError as e:
        print("    server recv() failed:", errno.errorcode[e.errno], "-", e.strerror)
    show()
    srv.close()
    lsn.close()

    say("10. TCP wire mode: tcpfsm fetches a page from a real TCP server",
        "a namespace 'demo-srv' behind a veth pair runs python3 -m http.server on Linux TCP;\n"
        "    here wire_proto=6: tcpfsm's segments are TCP (IP protocol 6), and its state machine\n"
        "    talks to Linux TCP: SYN_SENT -> ESTABLISHED, then the server closes first (HTTP/1.0):\n"
        "    ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> CLOSED on our side")
    sh("ip netns add demo-srv && "
       "ip link add dv0 type veth peer dv1 netns demo-srv && "
       "ip addr add 10.77.0.1/24 dev dv0 && ip link set dv0 up && "
       "ip -n demo-srv addr add 10.77.0.2/24 dev dv1 && "
       "ip -n demo-srv link set dv1 up && ip -n demo-srv link set lo up")
    server = subprocess.Popen(
        ["ip", "netns", "exec", "demo-srv", "python3", "-m", "http.server",
         "-b", "10.77.0.2", "-d", "/tmp", "8080"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sh("echo 6 > /proc/sys/net/tcpfsm/wire_proto")
    page = b""
    for _ in range(60):            # until the server listens
        web = new()
        try:
            connect(web, "10.77.0.2", 8080)
        except OSError:
            web.close()
            time.sleep(0.5)
            continue
        show()
        web.send(b"GET / HTTP/1.0\r\nHost: 10.77.0.2\r\n\r\n")
        while True:
            chunk = web.recv(65536)
            if not chunk:
                break
            page += chunk
        show()
        web.close()
        break
    print("    got %d bytes: %s" % (len(page), page.split(b"\r\n", 1)[0].decode()))
    time.sleep(0.5)
    show()
    server.terminate()
    server.wait()
    sh("echo %d > /proc/sys/net/tcpfsm/wire_proto" % IPPROTO_TCPFSM)
    sh("ip netns del demo-srv")

    say("11. counters", "/proc/net/tcpfsm_stat, the transitions taken:")
    with open("/proc/net/tcpfsm_stat") as f:
        for line in f:
            name, val = line.split()
            if val != "0":
                print("      %-24s %s" % (name, val))

    time.sleep(2.5)     # the simultaneous close's TIME_WAITs
    sh("rmmod tcpfsm")
    print("\nrmmod tcpfsm: done")


if __name__ == "__main__":
    main()
