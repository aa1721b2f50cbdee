// SPDX-License-Identifier: GPL-2.0
/* proc.c: /proc/net/tcpfsm (the /proc/net/tcp format) and /proc/net/tcpfsm_stat, per namespace. */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "tcpfsm.h"

const char *const tcpfsm_state_names[TCPFSM_MAX_STATES] = {
	[TCPFSM_ESTABLISHED]	= "ESTABLISHED",
	[TCPFSM_SYN_SENT]	= "SYN_SENT",
	[TCPFSM_SYN_RECV]	= "SYN_RECV",
	[TCPFSM_FIN_WAIT1]	= "FIN_WAIT1",
	[TCPFSM_FIN_WAIT2]	= "FIN_WAIT2",
	[TCPFSM_TIME_WAIT]	= "TIME_WAIT",
	[TCPFSM_CLOSE]		= "CLOSE",
	[TCPFSM_CLOSE_WAIT]	= "CLOSE_WAIT",
	[TCPFSM_LAST_ACK]	= "LAST_ACK",
	[TCPFSM_LISTEN]		= "LISTEN",
	[TCPFSM_CLOSING]	= "CLOSING",
};

/* A row of /proc/net/tcp is padded to TMPSZ - 1 characters there. */
#define TCPFSM_ROW_WIDTH	149

/**
 * struct tcpfsm_iter - where a reader of /proc/net/tcpfsm stands.
 * @p: namespace of the reader (must come first)
 * @bucket: table cursor: chain (tcpfsm_lookup_walk())
 * @offset: table cursor: entries already passed in that chain
 * @prev_bucket: cursor before the last socket returned
 * @prev_offset: the same
 * @num: row number of the last socket returned
 */
struct tcpfsm_iter {
	struct seq_net_private p;
	unsigned int bucket;
	unsigned int offset;
	unsigned int prev_bucket;
	unsigned int prev_offset;
	loff_t num;
};

/* The next entry to show (every state but CLOSE), held, or NULL. */
static struct tcpfsm_hent *tcpfsm_iter_next(struct seq_file *seq)
{
	struct tcpfsm_iter *it = seq->private;
	struct net *net = seq_file_net(seq);
	struct tcpfsm_hent *h;

	for (;;) {
		it->prev_bucket = it->bucket;
		it->prev_offset = it->offset;
		h = tcpfsm_lookup_walk(net, &it->bucket, &it->offset);
		if (!h || tcpfsm_hent_state(h) != TCPFSM_CLOSE)
			break;
		tcpfsm_hent_put(h);
	}
	if (h)
		it->num++;
	return h;
}

static void *tcpfsm_seq_start(struct seq_file *seq, loff_t *pos)
{
	struct tcpfsm_iter *it = seq->private;
	struct tcpfsm_hent *h = NULL;

	if (!*pos) {
		it->bucket = 0;
		it->offset = 0;
		it->num = 0;
		return SEQ_START_TOKEN;
	}
	/* Resume where the last read() stopped instead of walking again. */
	if (*pos == it->num && it->num) {
		it->bucket = it->prev_bucket;
		it->offset = it->prev_offset;
		it->num--;
		return tcpfsm_iter_next(seq);
	}
	if (*pos != it->num + 1) {
		it->bucket = 0;
		it->offset = 0;
		it->num = 0;
	}
	while (it->num < *pos) {
		h = tcpfsm_iter_next(seq);
		if (!h || it->num == *pos)
			break;
		tcpfsm_hent_put(h);
	}
	return h;
}

static void *tcpfsm_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	if (v != SEQ_START_TOKEN)
		tcpfsm_hent_put(v);
	++*pos;
	return tcpfsm_iter_next(seq);
}

static void tcpfsm_seq_stop(struct seq_file *seq, void *v)
{
	if (v && v != SEQ_START_TOKEN)
		tcpfsm_hent_put(v);
}

/* Nanoseconds in USER_HZ ticks, as /proc/net/tcp shows times. */
static unsigned long tcpfsm_ns_to_clock_t(u64 ns)
{
	return div_u64(ns, NSEC_PER_SEC / USER_HZ);
}

/* Time left on an hrtimer, in USER_HZ ticks. */
static unsigned long tcpfsm_timer_left(const struct hrtimer *t)
{
	s64 left = ktime_to_ns(hrtimer_get_remaining(t));

	return left > 0 ? tcpfsm_ns_to_clock_t(left) : 0;
}

static void tcpfsm_seq_show_sock(struct seq_file *seq, struct sock *sk,
				 loff_t row)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	const struct inet_sock *inet = inet_sk(sk);
	int state = READ_ONCE(sk->sk_state);
	unsigned long when = 0;
	int tr = 0, tx, rx;

	if (hrtimer_is_queued(&ts->rtx_timer)) {
		/* The persist timer probes a window shut after the handshake. */
		tr = READ_ONCE(ts->tcb.snd_wnd) ||
		     ((1 << state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) ? 1 : 4;
		when = tcpfsm_ns_to_clock_t(max_t(s64, READ_ONCE(ts->rtx_due) -
							ktime_get_ns(), 0));
	} else if (hrtimer_is_queued(&ts->ka_timer)) {
		tr = 2;
		when = tcpfsm_timer_left(&ts->ka_timer);
	}
	if (state == TCPFSM_LISTEN) {
		tx = 0;
		rx = READ_ONCE(sk->sk_ack_backlog);
	} else {
		tx = max_t(int, READ_ONCE(ts->write_seq) -
				READ_ONCE(ts->tcb.snd_una), 0);
		rx = max_t(int, READ_ONCE(ts->tcb.rcv_nxt) -
				READ_ONCE(ts->copied_seq), 0);
	}
	seq_printf(seq, "%4lld: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK %ld",
		   row, inet->inet_rcv_saddr ?: inet->inet_saddr,
		   ntohs(inet->inet_sport), inet->inet_daddr,
		   ntohs(inet->inet_dport), state, tx, rx, tr, when,
		   READ_ONCE(ts->rtx_count),
		   from_kuid_munged(seq_user_ns(seq), sock_i_uid(sk)),
		   READ_ONCE(ts->probes), sock_i_ino(sk),
		   refcount_read(&sk->sk_refcnt), sk,
		   jiffies_to_clock_t(usecs_to_jiffies(READ_ONCE(ts->rto))));
}

static void tcpfsm_seq_show_tw(struct seq_file *seq, struct tcpfsm_tw *tw,
			       loff_t row)
{
	s64 left = READ_ONCE(tw->expires) - ktime_get_ns();

	seq_printf(seq, "%4lld: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5d %8d %d %d %pK",
		   row, tw->h.laddr, tw->h.lport, tw->h.raddr,
		   ntohs(tw->h.rport), TCPFSM_TIME_WAIT, 0, 0, 3,
		   left > 0 ? tcpfsm_ns_to_clock_t(left) : 0UL,
		   0, 0, 0, 0, refcount_read(&tw->refcnt), tw);
}

static int tcpfsm_seq_show(struct seq_file *seq, void *v)
{
	struct tcpfsm_iter *it = seq->private;
	struct tcpfsm_hent *h = v;

	seq_setwidth(seq, TCPFSM_ROW_WIDTH);
	if (v == SEQ_START_TOKEN)
		seq_puts(seq, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode");
	else if (h->kind == TCPFSM_HENT_TW)
		tcpfsm_seq_show_tw(seq, tcpfsm_hent_tw(h), it->num - 1);
	else
		tcpfsm_seq_show_sock(seq, &tcpfsm_hent_sk(h)->inet.sk,
				     it->num - 1);
	seq_pad(seq, '\n');
	return 0;
}

static const struct seq_operations tcpfsm_seq_ops = {
	.start	= tcpfsm_seq_start,
	.next	= tcpfsm_seq_next,
	.stop	= tcpfsm_seq_stop,
	.show	= tcpfsm_seq_show,
};

static const char *const tcpfsm_mib_names[TCPFSM_MIB_MAX] = {
	[TCPFSM_MIB_ACTIVEOPENS]	= "ActiveOpens",
	[TCPFSM_MIB_PASSIVEOPENS]	= "PassiveOpens",
	[TCPFSM_MIB_ATTEMPTFAILS]	= "AttemptFails",
	[TCPFSM_MIB_ESTABRESETS]	= "EstabResets",
	[TCPFSM_MIB_INSEGS]		= "InSegs",
	[TCPFSM_MIB_OUTSEGS]		= "OutSegs",
	[TCPFSM_MIB_RETRANSSEGS]	= "RetransSegs",
	[TCPFSM_MIB_INERRS]		= "InErrs",
	[TCPFSM_MIB_INCSUMERRORS]	= "InCsumErrors",
	[TCPFSM_MIB_OUTRSTS]		= "OutRsts",
	[TCPFSM_MIB_LISTENOVERFLOWS]	= "ListenOverflows",
	[TCPFSM_MIB_SYNCOOKIESSENT]	= "SyncookiesSent",
	[TCPFSM_MIB_SYNCOOKIESRECV]	= "SyncookiesRecv",
	[TCPFSM_MIB_SYNCOOKIESFAILED]	= "SyncookiesFailed",
	[TCPFSM_MIB_PAWSESTAB]		= "PAWSEstab",
	[TCPFSM_MIB_SACKRENEGING]	= "TCPSACKReneging",
};

static int tcpfsm_stat_show(struct seq_file *seq, void *v)
{
	struct tcpfsm_net *tn = tcpfsm_pernet(seq_file_single_net(seq));
	struct tcpfsm_mib *sum;
	int cpu, i, from, to;

	sum = kzalloc(sizeof(*sum), GFP_KERNEL);
	if (!sum)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		const struct tcpfsm_mib *m = per_cpu_ptr(tn->mib, cpu);

		for (i = 0; i < TCPFSM_MIB_MAX; i++)
			sum->mibs[i] += READ_ONCE(m->mibs[i]);
		for (from = 0; from < TCPFSM_MAX_STATES; from++)
			for (to = 0; to < TCPFSM_MAX_STATES; to++)
				sum->trans[from][to] +=
					READ_ONCE(m->trans[from][to]);
	}
	for (i = 0; i < TCPFSM_MIB_MAX; i++)
		seq_printf(seq, "%s %lu\n", tcpfsm_mib_names[i], sum->mibs[i]);
	seq_printf(seq, "CurrEstab %d\n", atomic_read(&tn->curr_estab));
	for (from = TCPFSM_ESTABLISHED; from < TCPFSM_MAX_STATES; from++)
		for (to = TCPFSM_ESTABLISHED; to < TCPFSM_MAX_STATES; to++)
			if (from != to)
				seq_printf(seq, "%s_%s %lu\n",
					   tcpfsm_state_names[from],
					   tcpfsm_state_names[to],
					   sum->trans[from][to]);
	kfree(sum);
	return 0;
}

/**
 * tcpfsm_proc_init_net() - create /proc/net/tcpfsm and tcpfsm_stat in @net.
 * @net: the namespace
 *
 * Return: 0 or -ENOMEM.
 */
int tcpfsm_proc_init_net(struct net *net)
{
	if (!proc_create_net("tcpfsm", 0444, net->proc_net, &tcpfsm_seq_ops,
			     sizeof(struct tcpfsm_iter)))
		return -ENOMEM;
	if (!proc_create_net_single("tcpfsm_stat", 0444, net->proc_net,
				    tcpfsm_stat_show, NULL)) {
		remove_proc_entry("tcpfsm", net->proc_net);
		return -ENOMEM;
	}
	return 0;
}

/**
 * tcpfsm_proc_exit_net() - remove what tcpfsm_proc_init_net() created.
 * @net: the namespace
 */
void tcpfsm_proc_exit_net(struct net *net)
{
	remove_proc_entry("tcpfsm_stat", net->proc_net);
	remove_proc_entry("tcpfsm", net->proc_net);
}
