#!/bin/bash
# bench-guest.sh: the benchmark run inside the VM: every benchmark, AF_TCPFSM and AF_INET alternating (and TCP wire mode), JSON lines out.
#
# Runs in the repository (read-only); writes /tmp/out/bench.jsonl, one
# object per run with "path" (lo or veth) and "round" added.  Each run gets
# fresh network namespaces, so that nothing one run leaves (TIME_WAIT
# entries, sockets still closing) weighs on the next.
# Environment: BENCH_MODULE (the tcpfsm.ko to load), BENCH_SECS (length of
# a timed run, default 5), BENCH_CONNS (connections for scale, time_wait
# and idle, default 100000), BENCH_ROUNDS (default 2), BENCH_TESTS (default
# all: "stream rr crr scale time_wait idle netem fair").
#
# netem: the time 16 MiB take across veth whose A side (the data's way)
# delays 10 ms and loses 1 % (netem), tcpfsm and Linux TCP in turn.
# BENCH_PERF=1: a CPU profile (perf record -a) of each stream across veth,
# its top 40 symbols in perf-veth-FAMILY-ROUND.txt beside bench.jsonl.
# fair: one tcpfsm flow and one Linux TCP flow from A to B at once for
# BENCH_FAIR_SECS (20) through A's 100 Mbit/s token bucket (tbf): each
# one's throughput, and tcpfsm's share of the two.
set -u
out=/tmp/out/bench.jsonl
bench=tools/tcpfsm-bench
secs=${BENCH_SECS:-5}
conns=${BENCH_CONNS:-100000}
rounds=${BENCH_ROUNDS:-2}
tests=${BENCH_TESTS:-stream rr crr scale time_wait idle netem fair}
fair_secs=${BENCH_FAIR_SECS:-20}
: > "$out"

insmod "${BENCH_MODULE:-module/tcpfsm.ko}" || { echo "bench: insmod failed"; exit 1; }
# 'ip netns exec' mounts a sysfs of its own, without tracefs under it.
tracefs=/tmp/tracefs
mkdir -p "$tracefs"
mount -t tracefs nodev "$tracefs"
ulimit -n 1048576
sysctl -qw fs.nr_open=1048576 fs.file-max=4194304

# A namespace with loopback up and room for many connections.
netns_new() {
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip netns exec "$1" sysctl -qw net.ipv4.ip_local_port_range="1024 65535" \
		net.ipv4.tcp_max_tw_buckets=1000000 net.core.somaxconn=65535
}

# Wait until the namespaces deleted before are gone (memory settles).
settle() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 3
}

# $1 test, $2 family, $3 round: on loopback in a namespace of its own.
run_lo() {
	local extra=()
	netns_new bl
	case "$1" in
	scale|time_wait|idle) extra=(--conns "$conns" --src-addrs 16) ;;
	crr) extra=(--src-addrs 16) ;;
	esac
	[ "$1" = time_wait ] && [ "$2" = tcpfsm ] && extra+=(--tracefs "$tracefs")
	ip netns exec bl "$bench" --family "$2" --secs "$secs" "${extra[@]}" "$1" |
		sed "s/^{/{\"path\":\"lo\",\"round\":$3,/" | tee -a "$out"
	ip netns del bl
	settle
}

# Namespaces ba (10.201.0.1) and bb (10.201.0.2) joined by veth va-vb.
veth_up() {
	netns_new ba
	netns_new bb
	ip link add va netns ba type veth peer vb netns bb
	ip -n ba addr add 10.201.0.1/24 dev va
	ip -n bb addr add 10.201.0.2/24 dev vb
	ip -n ba link set va up
	ip -n bb link set vb up
	ip -n ba neigh add 10.201.0.2 dev va nud permanent \
		lladdr "$(ip -n bb -br link show vb | awk '{print $3}')"
	ip -n bb neigh add 10.201.0.1 dev vb nud permanent \
		lladdr "$(ip -n ba -br link show va | awk '{print $3}')"
}

veth_down() {
	ip netns del ba
	ip netns del bb
	settle
}

# $1 test, $2 family, $3 round: across a veth pair between two namespaces.
run_veth() {
	veth_up
	# tcpwire: tcpfsm in TCP wire mode in ba, Linux TCP serving in bb.
	[ "$2" = tcpwire ] && ip netns exec ba sysctl -qw net.tcpfsm.wire_proto=6
	local perf=()
	# BENCH_PERF=1: a CPU profile of each stream across veth.
	[ -n "${BENCH_PERF:-}" ] && [ "$1" = stream ] &&
		perf=(perf record -q -a -e cpu-clock -F 499 -o /tmp/perf.data --)
	"${perf[@]}" "$bench" --family "$2" --secs "$secs" --addr 10.201.0.2 \
		--server-ns /run/netns/bb --client-ns /run/netns/ba "$1" |
		sed "s/^{/{\"path\":\"veth\",\"round\":$3,/" | tee -a "$out"
	[ ${#perf[@]} -gt 0 ] &&
		perf report -i /tmp/perf.data --no-children --sort sym --stdio \
			2> /dev/null | grep -v '^#' | grep -v '^$' | head -40 \
			> "/tmp/out/perf-veth-$2-$3.txt"
	veth_down
}

# $1 family, $2 round: 16 MiB through 10 ms of delay and 1 % loss.
run_netem() {
	veth_up
	# Segments, not GSO trains, must meet netem: it drops a train whole,
	# as one packet.  With one segment per skb neither stack builds them.
	ip -n ba link set va gso_max_segs 1
	ip netns exec ba tc qdisc add dev va root netem delay 10ms loss 1% \
		limit 100000
	"$bench" --family "$1" --bytes $((16 << 20)) --addr 10.201.0.2 \
		--server-ns /run/netns/bb --client-ns /run/netns/ba bulk |
		sed "s/^{\"test\":\"bulk\"/{\"path\":\"veth\",\"round\":$2,\"test\":\"netem\"/" |
		tee -a "$out"
	veth_down
}

# $1 round: a tcpfsm flow and a Linux TCP flow through one 100 Mbit/s tbf.
run_fair() {
	local fam port=9100 pids=()
	veth_up
	ip netns exec ba tc qdisc add dev va root tbf rate 100mbit burst 64kb \
		latency 20ms
	for fam in tcpfsm inet; do
		"$bench" --family "$fam" --secs "$fair_secs" --port "$port" \
			--addr 10.201.0.2 --server-ns /run/netns/bb \
			--client-ns /run/netns/ba stream > "/tmp/fair-$fam" &
		pids+=($!)
		port=$((port + 1))
	done
	wait "${pids[@]}"
	for fam in tcpfsm inet; do
		sed "s/^{\"test\":\"stream\"/{\"path\":\"veth\",\"round\":$1,\"test\":\"fair\"/" \
			"/tmp/fair-$fam" | tee -a "$out"
	done
	veth_down
}

echo "bench: $rounds rounds, ${secs} s runs, $conns connections; $(nproc) CPUs, $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
for t in $tests; do
	for r in $(seq "$rounds"); do
		if [ "$t" = fair ]; then
			run_fair "$r"
			continue
		fi
		if [ "$t" = netem ]; then
			run_netem tcpfsm "$r"
			run_netem inet "$r"
			continue
		fi
		for fam in tcpfsm inet; do
			run_lo "$t" "$fam" "$r"
			case "$t" in
			stream|rr|crr) run_veth "$t" "$fam" "$r" ;;
			esac
		done
		case "$t" in
		stream|rr|crr) run_veth "$t" tcpwire "$r" ;;
		esac
	done
done
echo "bench: done"
