// SPDX-License-Identifier: GPL-2.0
/* conn.c: the interpreter of the state table, and the receive half of the byte stream it drives. */
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "sack.h"
#include "tcpfsm.h"

static siphash_aligned_key_t tcpfsm_isn_key;

/**
 * tcpfsm_seq_init() - choose the ISN and start the send sequence there.
 * @sk: the socket, its addresses and ports set, locked
 *
 * The ISN comes from the 4-tuple and the clock (RFC 6528); SND.UNA,
 * SND.NXT and the next byte to queue all begin at it.  For connect() and
 * for a listener's child alike.
 */
void tcpfsm_seq_init(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	const struct inet_sock *inet = inet_sk(sk);
	u32 iss = tcpfsm_isn(&tcpfsm_isn_key, inet->inet_saddr,
			     inet->inet_daddr, inet->inet_sport,
			     inet->inet_dport, ktime_get_real_ns());

	ts->tcb.iss = iss;
	ts->tcb.snd_una = iss;
	ts->tcb.snd_nxt = iss;
	ts->cc.recover = iss;		/* RFC 6582 3.2: recover = ISS */
	ts->write_seq = iss;
	ts->snd_sml = iss;
}

/* ---- the receive side ---- */

/* Whether the receive buffer can take @skb. */
static bool tcpfsm_rmem_room(const struct sock *sk, const struct sk_buff *skb)
{
	return atomic_read(&sk->sk_rmem_alloc) + skb->truesize <=
	       READ_ONCE(sk->sk_rcvbuf);
}

/* The sequence space a waiting segment holds: its text and a FIN. */
static u32 tcpfsm_ooo_end(const struct sk_buff *skb)
{
	return TCPFSM_RX_SEG(skb)->seq + tcpfsm_seg_len(TCPFSM_RX_SEG(skb));
}

/**
 * tcpfsm_ooo_held_end() - the end of the text that waits after a hole.
 * @sk: the socket, locked
 *
 * Return: the end of the last waiting segment, which holds the highest
 * (tcpfsm_ooo_queue()); RCV.NXT when none waits.
 */
u32 tcpfsm_ooo_held_end(const struct sock *sk)
{
	const struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	const struct sk_buff *tail = skb_peek_tail(&ts->ooo_queue);

	return tail ? tcpfsm_ooo_end(tail) : ts->tcb.rcv_nxt;
}

/* With SACK, the block our ACKs report first (RFC 2018 4) takes @skb in. */
static void tcpfsm_sack_on_ooo(struct sock *sk, const struct sk_buff *skb)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	if (ts->opts & TCPFSM_OPTF_SACK)
		ts->nsack = tcpfsm_sack_note(ts->sack, ts->nsack,
					     TCPFSM_RX_SEG(skb)->seq,
					     tcpfsm_ooo_end(skb));
}

/*
 * A segment after a hole waits in the out-of-order queue, sorted by
 * sequence number, whole (header and parsed header kept), charged to the
 * receive buffer.  One whose every byte a waiting one holds is dropped;
 * waiting ones it holds whole go (as Linux's tcp_data_queue_ofo()): a
 * sender may send a run again as one segment, GRO may merge one.  So
 * each waiting segment ends after the one before it, and the last holds
 * the end of what waits (tcpfsm_ooo_held_end()).
 */
static bool tcpfsm_ooo_queue(struct sock *sk, struct sk_buff *skb)
{
	struct sk_buff_head *q = &tcpfsm_sk(sk)->ooo_queue;
	u32 seq = TCPFSM_RX_SEG(skb)->seq, end = tcpfsm_ooo_end(skb);
	struct sk_buff *pos, *tmp;

	skb_queue_walk_safe(q, pos, tmp) {
		u32 s = TCPFSM_RX_SEG(pos)->seq, e = tcpfsm_ooo_end(pos);

		if (tcpfsm_seq_le(s, seq) && tcpfsm_seq_ge(e, end)) {
			/* Its block still goes first (RFC 2018 4). */
			tcpfsm_sack_on_ooo(sk, skb);
			return false;
		}
		if (tcpfsm_seq_ge(s, seq) && tcpfsm_seq_le(e, end)) {
			__skb_unlink(pos, q);
			kfree_skb(pos);
			continue;
		}
		if (tcpfsm_seq_gt(s, seq))
			break;
	}
	skb_dst_drop(skb);
	skb_set_owner_r(skb, sk);
	/* Before the first later segment; at the tail when there is none. */
	__skb_queue_before(q, pos, skb);
	tcpfsm_sack_on_ooo(sk, skb);
	return true;
}

/* The first waiting segment once nothing is missing before it, unlinked. */
static struct sk_buff *tcpfsm_ooo_ready(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb = skb_peek(&ts->ooo_queue);

	if (!skb || tcpfsm_seq_gt(TCPFSM_RX_SEG(skb)->seq, ts->tcb.rcv_nxt) ||
	    sk->sk_state == TCPFSM_CLOSE)
		return NULL;
	__skb_unlink(skb, &ts->ooo_queue);
	skb_orphan(skb);
	/*
	 * PAWS judged it when it came (RFC 7323 5.3), as Linux does once;
	 * the retransmission that filled the hole may since have made
	 * TS.Recent newer than its TSval.  Nor may it update TS.Recent: it
	 * starts past the last RCV.NXT acknowledged.
	 */
	TCPFSM_RX_SEG(skb)->opts &= ~TCPFSM_OPTF_TS;
	return skb;
}

/*
 * @len bytes of @skb's text from @off in a buffer sized to them, or NULL.
 * Up to a page less the shared info it is linear, beyond that in pages,
 * so that its truesize stays near @len.
 */
static struct sk_buff *tcpfsm_text_copy(const struct sk_buff *skb, u32 off,
					u32 len)
{
	struct sk_buff *copy;
	u32 done = 0;
	int err, i;

	if (len <= SKB_WITH_OVERHEAD(PAGE_SIZE)) {
		copy = alloc_skb(len, GFP_ATOMIC);
		if (copy && skb_copy_bits(skb, off, skb_put(copy, len), len)) {
			kfree_skb(copy);
			copy = NULL;
		}
		return copy;
	}
	copy = alloc_skb_with_frags(0, len, 0, &err, GFP_ATOMIC);
	if (!copy)
		return NULL;
	copy->len = len;
	copy->data_len = len;
	for (i = 0; i < skb_shinfo(copy)->nr_frags; i++) {
		skb_frag_t *frag = &skb_shinfo(copy)->frags[i];

		if (skb_copy_bits(skb, off + done, skb_frag_address(frag),
				  skb_frag_size(frag))) {
			kfree_skb(copy);
			return NULL;
		}
		done += skb_frag_size(frag);
	}
	return copy;
}

/*
 * Text in sequence goes to the receive queue; text before RCV.NXT is
 * trimmed; text after a hole waits in the out-of-order queue until the
 * hole is filled.  Nothing is taken beyond SO_RCVBUF, but text in order
 * makes room by dropping what waits after a hole, the highest first.
 *
 * Text in order whose buffer does not fit is copied into one sized to it
 * first.  On loopback and veth a segment's buffer is the sender's own:
 * 16.5 KiB of truesize for an MSS of 15360, and all of that still when
 * the sender cut the segment to a small window, so a small SO_RCVBUF
 * could refuse for ever the text its window asked for.
 *
 * Returns whether @skb was kept (queued); the text may be taken in a copy.
 */
static bool tcpfsm_take_text(struct sock *sk, struct sk_buff *skb,
			     const struct tcpfsm_seg *seg)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u32 start = seg->seq + !!(seg->flags & TCPFSM_SYN);
	u32 end = start + seg->datalen;
	struct sk_buff *copy = NULL, *text;
	u32 skip;

	/*
	 * shutdown(SHUT_RD) refuses nothing: the text is taken and acked
	 * as before (recv() returns it, then 0), as Linux does, so that the
	 * peer is not stalled.
	 */
	if (!seg->datalen)
		return false;
	if (tcpfsm_seq_gt(start, ts->tcb.rcv_nxt)) {
		if (!tcpfsm_rmem_room(sk, skb))
			return false;	/* the peer cannot make us hold more */
		return tcpfsm_ooo_queue(sk, skb);
	}
	if (!tcpfsm_seq_gt(end, ts->tcb.rcv_nxt))
		return false;	/* all of it came before */
	skip = seg->hdrlen + (ts->tcb.rcv_nxt - start);
	if (!tcpfsm_rmem_room(sk, skb)) {
		copy = tcpfsm_text_copy(skb, skip, end - ts->tcb.rcv_nxt);
		if (copy && copy->truesize >= skb->truesize) {
			kfree_skb(copy);
			copy = NULL;
		}
	}
	text = copy ?: skb;
	/*
	 * Text in order goes before text after a hole (RFC 9293 3.10.7.4);
	 * the SACK blocks forget what goes at once, so that a segment that
	 * comes next to it cannot join it into a block again.
	 */
	if (!tcpfsm_rmem_room(sk, text) && !skb_queue_empty(&ts->ooo_queue)) {
		do {
			kfree_skb(__skb_dequeue_tail(&ts->ooo_queue));
		} while (!tcpfsm_rmem_room(sk, text) &&
			 !skb_queue_empty(&ts->ooo_queue));
		ts->nsack = tcpfsm_sack_trim(ts->sack, ts->nsack,
					     ts->tcb.rcv_nxt,
					     tcpfsm_ooo_held_end(sk));
	}
	if (!tcpfsm_rmem_room(sk, text)) {
		kfree_skb(copy);
		return false;
	}
	if (!copy) {
		if (!pskb_pull(skb, skip))
			return false;
		skb_dst_drop(skb);
	}
	skb_set_owner_r(text, sk);
	TCPFSM_SKB_CB(text)->seq = ts->tcb.rcv_nxt;
	TCPFSM_SKB_CB(text)->end_seq = end;
	TCPFSM_SKB_CB(text)->used = 0;
	__skb_queue_tail(&sk->sk_receive_queue, text);
	ts->tcb.rcv_nxt = end;
	ts->rcv_seg_max = max_t(u16, ts->rcv_seg_max,
				min_t(u32, seg->datalen, ts->rcv_mss));
	ts->last_recv_data = jiffies;
	sk->sk_data_ready(sk);
	return !copy;
}

/*
 * The options of the peer's SYN decide those of the connection: window
 * scaling and timestamps if both ends offered them (RFC 7323), TS.Recent
 * from its TSval.
 */
static void tcpfsm_take_syn_options(struct sock *sk,
				    const struct tcpfsm_seg *seg)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	ts->opts = tcpfsm_opts_agree(ts->opts, seg);
	ts->cc.sack = !!(ts->opts & TCPFSM_OPTF_SACK);
	if (ts->opts & TCPFSM_OPTF_WSCALE) {
		ts->snd_wscale = seg->wscale;
	} else {
		ts->snd_wscale = 0;
		ts->rcv_wscale = 0;
	}
	if (ts->opts & TCPFSM_OPTF_TS) {
		ts->tcb.ts_recent = seg->tsval;
		ts->ts_recent_stamp = ktime_get_seconds();
	}
}

static void tcpfsm_take_syn(struct sock *sk, const struct tcpfsm_seg *seg)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	/* A peer cannot make us send slivers (CVE-2019-11479): 48 at least. */
	u16 mss = max_t(u16, seg->mss ? seg->mss : 536, TCPFSM_MIN_SND_MSS);

	tcpfsm_take_syn_options(sk, seg);
	ts->tcb.irs = seg->seq;
	ts->tcb.rcv_nxt = seg->seq + 1;
	ts->copied_seq = ts->tcb.rcv_nxt;
	ts->rcv_edge = ts->tcb.rcv_nxt;
	tcpfsm_set_snd_wnd(ts, seg->wnd);
	ts->tcb.snd_wl1 = seg->seq;
	/* A bare SYN's ACK field means nothing: the next ACK may update. */
	ts->tcb.snd_wl2 = (seg->flags & TCPFSM_ACK) ? seg->ack :
						     ts->tcb.snd_una;
	ts->snd_mss = min_t(u16, min_t(u16, mss, ts->rcv_mss), TCPFSM_MSS_MAX);
	if (ts->user_mss)
		ts->snd_mss = min(ts->snd_mss, ts->user_mss);
	ts->snd_mss = tcpfsm_mss_less_options(ts, ts->snd_mss);
}

/**
 * tcpfsm_mss_less_options() - the text a segment carries, options aside.
 * @ts: the socket
 * @mss: the MSS the path and the peer allow (what an MSS option says)
 *
 * The MSS option counts the header without options (RFC 9293 3.7.1):
 * the timestamps every segment carries come out of it.
 *
 * Return: the largest text of a segment, TCPFSM_MIN_SND_MSS at least.
 */
u16 tcpfsm_mss_less_options(const struct tcpfsm_sock *ts, u16 mss)
{
	if (ts->opts & TCPFSM_OPTF_TS)
		mss -= TCPFSM_TS_ALIGNED;
	return max_t(u16, mss, TCPFSM_MIN_SND_MSS);
}

/**
 * tcpfsm_rcv_space_adjust() - receive buffer autotuning, after a read.
 * @sk: the socket, locked
 * @copied: bytes the read took
 *
 * Once per round trip (the smoothed RTT, 1 ms before a sample) the bytes
 * read in it decide whether SO_RCVBUF grows (tcpfsm_rcvbuf_tune()): when
 * they are more than in any round trip before, and than ten segments
 * (an initial window, as Linux's rcvq_space starts),
 * unless the user set SO_RCVBUF, or the window cannot grow past 65535
 * (no window scaling).  The caller's window update tells the peer.
 */
void tcpfsm_rcv_space_adjust(struct sock *sk, u32 copied)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u64 now = ktime_get_ns();
	u32 rtt_us = ts->srtt ?: USEC_PER_MSEC;
	u32 rcvbuf;

	ts->rcvq_copied += copied;
	if (!ts->rcvq_start) {
		ts->rcvq_start = now;
		return;
	}
	if (now - ts->rcvq_start < (u64)rtt_us * NSEC_PER_USEC)
		return;
	if (!(sk->sk_userlocks & SOCK_RCVBUF_LOCK) && ts->rcv_wscale) {
		rcvbuf = tcpfsm_rcvbuf_tune(READ_ONCE(sk->sk_rcvbuf),
					    ts->rcvq_copied,
					    max_t(u32, ts->rcvq_prev,
						  TCPFSM_RCVQ_INIT * ts->rcv_mss),
					    ts->rcv_mss, TCPFSM_RCVBUF_MAX);
		WRITE_ONCE(sk->sk_rcvbuf, rcvbuf);
	}
	ts->rcvq_prev = max(ts->rcvq_prev, ts->rcvq_copied);
	ts->rcvq_copied = 0;
	ts->rcvq_start = now;
}

/**
 * tcpfsm_opts_offer() - the options our SYN offers, from the sysctls.
 * @sk: the socket, about to send its SYN or take a peer's (a child)
 *
 * The window scale shift is the least that reaches the largest receive
 * buffer the connection may come to have: the SO_RCVBUF the user set, else
 * autotuning's ceiling (as Linux's tcp_select_initial_window() with its
 * window clamp).  The timestamp offset is a keyed hash of the 4-tuple
 * (RFC 7323 5.4 and 6.1, as Linux's secure_tcp_ts_off()): it hides the
 * clock, and the TSvals of successive connections of one 4-tuple still
 * grow, so that a peer's TIME_WAIT takes a new SYN by them (RFC 6191).
 */
void tcpfsm_opts_offer(struct sock *sk)
{
	struct tcpfsm_net *tn = tcpfsm_sk_pernet(sk);
	const struct inet_sock *inet = inet_sk(sk);
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	ts->opts = 0;
	ts->snd_wscale = 0;
	ts->rcv_wscale = 0;
	if (READ_ONCE(tn->cfg.window_scaling)) {
		u32 space = READ_ONCE(sk->sk_rcvbuf);

		if (!(sk->sk_userlocks & SOCK_RCVBUF_LOCK))
			space = max_t(u32, space, TCPFSM_RCVBUF_MAX);
		ts->opts |= TCPFSM_OPTF_WSCALE;
		ts->rcv_wscale = tcpfsm_wscale_for(space);
	}
	if (READ_ONCE(tn->cfg.timestamps))
		ts->opts |= TCPFSM_OPTF_TS;
	if (READ_ONCE(tn->cfg.sack))
		ts->opts |= TCPFSM_OPTF_SACK;
	ts->nsack = 0;
	ts->ts_offset = tcpfsm_ts_offset(&tcpfsm_isn_key, inet->inet_saddr,
					 inet->inet_daddr, inet->inet_sport,
					 inet->inet_dport);
	ts->tcb.ts_recent = 0;
	ts->ts_recent_stamp = 0;
}

/* ---- the end of a connection ---- */

/**
 * tcpfsm_done() - a connection reached CLOSED: unhash it, stop its timers.
 * @sk: the socket, locked
 *
 * The port is released at once (as Linux's tcp_done() does), the queues
 * are purged, and a child not yet accepted leaves its listener.  An orphan
 * is freed when the last reference goes.
 */
void tcpfsm_done(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	tcpfsm_timers_stop(sk);
	if (tcpfsm_ehash_remove(&ts->h))
		__sock_put(sk);
	tcpfsm_lhash_del(sk);
	tcpfsm_port_put(sk);
	tcpfsm_wq_purge(sk);
	__skb_queue_purge(&ts->ooo_queue);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	/* A soft error of this connection has been reported, or is moot. */
	WRITE_ONCE(sk->sk_err_soft, 0);
	if (ts->parent)
		tcpfsm_child_unlink(sk, true);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

/* ---- the interpreter ---- */

/*
 * A listener's SYN: the rest of the step (take the SYN, SYN_RECV,
 * <SYN,ACK>) is its new child's, carried out under the child's lock, taken
 * before the child can be found.
 */
static void tcpfsm_run_child(struct sock *lsk, struct sk_buff *skb,
			     const struct tcpfsm_seg *seg,
			     const struct tcpfsm_result *res)
{
	struct tcpfsm_result cres = *res;
	struct sock *child;

	if (tcpfsm_listen_overflow(lsk, skb, seg))
		return;
	child = tcpfsm_child_spawn(lsk, skb, seg);
	if (!child)
		return;
	bh_lock_sock_nested(child);
	if (tcpfsm_child_link(lsk, child)) {
		bh_unlock_sock(child);
		sk_free(child);
		return;
	}
	cres.cmds &= ~TCPFSM_CMD_SPAWN_CHILD;
	tcpfsm_run(child, skb, seg, &cres);
	bh_unlock_sock(child);
}

/**
 * tcpfsm_run() - carry out what one step of the table decided.
 * @sk: the socket, locked (by its owner or bh_lock_sock())
 * @skb: the segment of a segment event, else NULL
 * @seg: its parsed header, else NULL
 * @res: the step's result
 *
 * The commands are done in the order of enum tcpfsm_cmd: the peer's ACK
 * and text first, then what we send, then timers, then the state change
 * and the wake-ups.  Entering TIME_WAIT hands the connection to a small
 * record and closes the socket.
 *
 * Return: whether @skb was kept (queued); not when its text was taken in
 * a copy, and the caller frees it.
 */
bool tcpfsm_run(struct sock *sk, struct sk_buff *skb,
		const struct tcpfsm_seg *seg, const struct tcpfsm_result *res)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	bool kept = false, in_order = false;
	u32 cmds = res->cmds;
	bool nobufs = false;
	int sent = 0;

	if (cmds & TCPFSM_CMD_SPAWN_CHILD) {
		tcpfsm_run_child(sk, skb, seg, res);
		return false;
	}

	if (cmds & TCPFSM_CMD_TAKE_SYN)
		tcpfsm_take_syn(sk, seg);
	if (cmds & TCPFSM_CMD_TAKE_ACK)
		tcpfsm_take_ack(sk, seg);
	if (cmds & TCPFSM_CMD_DELIVER) {
		u32 rcv_nxt = ts->tcb.rcv_nxt;

		kept = tcpfsm_take_text(sk, skb, seg);
		in_order = ts->tcb.rcv_nxt != rcv_nxt;
	}
	if (cmds & TCPFSM_CMD_DELIVER_EOF) {
		ts->tcb.rcv_nxt++;
		ts->copied_seq++;	/* the FIN is nothing to read */
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
		sock_set_flag(sk, SOCK_DONE);
	}

	if (res->next != TCPFSM_SAME && res->next != TCPFSM_TIME_WAIT &&
	    !(cmds & TCPFSM_CMD_DELETE_TCB)) {
		/* The transfer starts: the initial window of its MSS. */
		if (res->next == TCPFSM_ESTABLISHED &&
		    sk->sk_state != TCPFSM_ESTABLISHED)
			tcpfsm_cc_established(&ts->cc, ts->snd_mss);
		tcpfsm_set_state(sk, res->next);
	}

	if (cmds & TCPFSM_CMD_SEND_SYN) {
		if (tcpfsm_queue_ctl(sk, TCPFSM_SYN))
			nobufs = true;
		tcpfsm_push(sk);
	}
	if (cmds & TCPFSM_CMD_SEND_SYN_ACK) {
		struct sk_buff *head = skb_peek(&sk->sk_write_queue);

		/* Simultaneous open re-sends its SYN, now with ACK. */
		if (head && (TCPFSM_SKB_CB(head)->flags & TCPFSM_SYN)) {
			TCPFSM_SKB_CB(head)->flags |= TCPFSM_ACK;
			tcpfsm_send_queued(sk, head);
		} else if (ts->tcb.snd_nxt != ts->tcb.snd_una) {
			/* Counted as sent when no memory could queue it. */
			tcpfsm_xmit(sk, NULL, TCPFSM_SYN | TCPFSM_ACK,
				    ts->tcb.iss);
		} else {
			tcpfsm_queue_ctl(sk, TCPFSM_SYN | TCPFSM_ACK);
			tcpfsm_push(sk);
		}
	}
	if (cmds & TCPFSM_CMD_SEND_FIN) {
		tcpfsm_queue_ctl(sk, TCPFSM_FIN | TCPFSM_ACK);
		tcpfsm_push(sk);
	}
	if (cmds & TCPFSM_CMD_SEND_DATA)
		sent = tcpfsm_push(sk);
	if (cmds & TCPFSM_CMD_SEND_ACK) {
		/*
		 * With a hole, a bare ACK goes at once even if data went: it
		 * is the duplicate ACK that tells the sender (RFC 5681 4.2);
		 * tcpfsm_sk_rcv() sends it after the segments the hole held
		 * back, if it was just filled, so that one ACK covers all.
		 * Text that came in order, no hole behind it, may wait.
		 */
		bool hole = !skb_queue_empty(&ts->ooo_queue);

		if (hole)
			ts->ack_now = 1;	/* once the hole is looked at */
		else if (in_order && !sent && !(cmds & TCPFSM_CMD_DELIVER_EOF) &&
			 tcpfsm_seq_gt(ts->tcb.rcv_nxt, ts->rcv_wup))
			tcpfsm_delack_start(sk);
		else if (!sent)
			tcpfsm_send_ack(sk);
	}
	if ((cmds & TCPFSM_CMD_CHALLENGE_ACK) &&
	    tcpfsm_oow_allow(&ts->last_oow_ack, jiffies,
			     tcpfsm_oow_gap(sock_net(sk))))
		tcpfsm_send_ack(sk);
	if (cmds & TCPFSM_CMD_SEND_RST)
		tcpfsm_send_rst(sk);
	if ((cmds & TCPFSM_CMD_REPLY_RST) && seg)
		tcpfsm_reply_rst(sock_net(sk), skb, seg);
	if (cmds & TCPFSM_CMD_SEND_PROBE)
		tcpfsm_xmit(sk, NULL, TCPFSM_ACK, ts->tcb.snd_nxt - 1);
	if (cmds & TCPFSM_CMD_RETRANSMIT)
		tcpfsm_retransmit(sk);

	if (cmds & TCPFSM_CMD_STOP_TIMERS)
		tcpfsm_timers_stop(sk);
	/*
	 * Started if not running (RFC 6298 5.1): more data to send must not
	 * push back the timeout of what is in flight, or the persist probe.
	 */
	if ((cmds & TCPFSM_CMD_ARM_RETRANS) &&
	    !tcpfsm_rtx_armed(sk) &&
	    (tcpfsm_seq_lt(ts->tcb.snd_una, ts->tcb.snd_nxt) ||
	     !skb_queue_empty(&sk->sk_write_queue)))
		tcpfsm_rtx_arm(sk);
	if ((cmds & TCPFSM_CMD_STOP_RETRANS) &&
	    ts->tcb.snd_una == ts->tcb.snd_nxt)
		tcpfsm_rtx_stop(sk);
	if (cmds & TCPFSM_CMD_ARM_KEEPALIVE)
		tcpfsm_ka_start(sk);
	if (cmds & TCPFSM_CMD_ARM_FIN_WAIT2)
		tcpfsm_fin_wait2_start(sk);

	if (cmds & TCPFSM_CMD_TO_ACCEPT_QUEUE)
		tcpfsm_child_to_accept_queue(sk);
	if (res->sk_err) {
		int err = res->sk_err;

		/* A timeout reports the soft error that explains it. */
		if (err == ETIMEDOUT)
			err = READ_ONCE(sk->sk_err_soft) ?: err;
		WRITE_ONCE(sk->sk_err, err);
		sk_error_report(sk);
	}

	if (res->next == TCPFSM_TIME_WAIT) {
		tcpfsm_set_state(sk, TCPFSM_TIME_WAIT);
		tcpfsm_tw_enter(sk);
		/* The record carries on; the socket itself is done. */
		sk->sk_state = TCPFSM_CLOSE;
		tcpfsm_done(sk);
	} else if (cmds & TCPFSM_CMD_DELETE_TCB) {
		if (res->next != TCPFSM_SAME)
			tcpfsm_set_state(sk, res->next);
		if (sk->sk_state == TCPFSM_LISTEN && ts->parent)
			sk->sk_state = TCPFSM_CLOSE;	/* a child back to LISTEN */
		tcpfsm_done(sk);
	}
	if ((cmds & TCPFSM_CMD_WAKE) && !sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
	if (nobufs) {
		/* No SYN: the connect() fails, as Linux's tcp_connect(). */
		WRITE_ONCE(sk->sk_err, ENOBUFS);
		tcpfsm_event(sk, TCPFSM_EV_ABORT);
	}
	return kept;
}

/**
 * tcpfsm_event() - feed an application or timer event to the machine.
 * @sk: the socket, locked
 * @ev: the event
 *
 * Return: the errno the step decided for the caller (0 or negative).
 */
int tcpfsm_event(struct sock *sk, enum tcpfsm_event ev)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct tcpfsm_result res;

	tcpfsm_tcb_sync(sk);
	tcpfsm_step(&ts->tcb, ev, NULL, &res);
	tcpfsm_run(sk, NULL, NULL, &res);
	return res.err;
}

/**
 * tcpfsm_icmp_rcv() - an ICMP error quoting one of the connection's segments.
 * @sk: the socket, under bh_lock_sock()
 * @type: ICMP type
 * @code: ICMP code
 * @seq: the quoted segment's sequence number
 *
 * tcpfsm_icmp_verdict() decides.  An error is not queued for later: with
 * the socket owned by its process, a hard error is kept as a soft one, as
 * Linux's tcp_v4_err() does, for the timeout to report.
 */
void tcpfsm_icmp_rcv(struct sock *sk, u8 type, u8 code, u32 seq)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct tcpfsm_result res;
	struct tcpfsm_tcb tcb;

	if (sock_owned_by_user(sk)) {
		/* The owner may be writing the TCB: decide on a copy. */
		tcb = ts->tcb;
		tcb.state = sk->sk_state;
		tcpfsm_icmp_verdict(&tcb, type, code, seq, &res);
		if (res.sk_err || res.err)
			WRITE_ONCE(sk->sk_err_soft, res.sk_err ?: res.err);
		return;
	}
	tcpfsm_tcb_sync(sk);
	tcpfsm_icmp_verdict(&ts->tcb, type, code, seq, &res);
	if (res.sk_err)
		tcpfsm_run(sk, NULL, NULL, &res);
	else if (res.err)
		WRITE_ONCE(sk->sk_err_soft, res.err);
}

/**
 * tcpfsm_tcb_sync() - bring the TCB's view of the socket up to date.
 * @sk: the socket
 */
void tcpfsm_tcb_sync(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	ts->tcb.state = sk->sk_state;
	ts->tcb.orphan = sock_flag(sk, SOCK_DEAD);
	ts->tcb.rcv_shut = sk->sk_shutdown & RCV_SHUTDOWN;
	ts->tcb.rfc1337 = READ_ONCE(tcpfsm_sk_pernet(sk)->cfg.rfc1337);
	ts->tcb.rcv_wnd = max_t(u32, ts->tcb.rcv_wnd, tcpfsm_rcv_window(sk));
	ts->tcb.paws = (ts->opts & TCPFSM_OPTF_TS) &&
		       tcpfsm_ts_recent_ok(ts->tcb.ts_recent,
					   ts->ts_recent_stamp,
					   ktime_get_seconds());
}

/*
 * A FIN counts only once the text before it is taken: a FIN taken with
 * its text refused (no room in the receive buffer) would end the stream
 * with the tail missing.  So the text of a FIN's segment goes first; when
 * RCV.NXT does not reach the FIN, the segment is stepped again as if it
 * had no FIN, so that neither RCV.NXT nor the state moves for it, and the
 * peer sends both again.  Returns whether @skb was kept (queued).
 */
static bool tcpfsm_fin_text(struct sock *sk, struct sk_buff *skb,
			    struct tcpfsm_seg *seg, struct tcpfsm_result *res)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u32 fin = seg->seq + !!(seg->flags & TCPFSM_SYN) + seg->datalen;
	bool kept = tcpfsm_take_text(sk, skb, seg);

	if (ts->tcb.rcv_nxt != fin) {
		seg->flags &= ~TCPFSM_FIN;
		tcpfsm_step(&ts->tcb, tcpfsm_classify(&ts->tcb, seg), seg, res);
	}
	res->cmds &= ~TCPFSM_CMD_DELIVER;	/* done */
	return kept;
}

/*
 * RFC 7323 4.3: an acceptable segment's TSval becomes TS.Recent if it is
 * no older and the segment starts at or before the last RCV.NXT we
 * acknowledged (Last.ACK.sent), so that a delayed ACK echoes the oldest
 * segment it answers.  Linux takes it once the ACK field passed too.
 */
static void tcpfsm_ts_recent_update(struct sock *sk,
				    const struct tcpfsm_seg *seg,
				    enum tcpfsm_event ev)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	if (!(ts->opts & TCPFSM_OPTF_TS) || !(seg->opts & TCPFSM_OPTF_TS))
		return;
	switch (ev) {
	case TCPFSM_EV_ACK:
	case TCPFSM_EV_ACK_OF_FIN:
	case TCPFSM_EV_DATA:
	case TCPFSM_EV_FIN:
	case TCPFSM_EV_FIN_ACK:
		break;
	default:
		return;
	}
	if (tcpfsm_seq_gt(seg->seq, ts->rcv_wup) ||
	    (ts->tcb.paws && (s32)(seg->tsval - ts->tcb.ts_recent) < 0))
		return;
	ts->tcb.ts_recent = seg->tsval;
	ts->ts_recent_stamp = ktime_get_seconds();
}

/* One segment through the machine. */
static void tcpfsm_sk_rcv_one(struct sock *sk, struct sk_buff *skb)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct tcpfsm_seg seg = *TCPFSM_RX_SEG(skb);
	struct tcpfsm_result res;
	enum tcpfsm_event ev;
	bool kept = false;

	/* The ACK of a SYN cookie makes a listener's child there and then. */
	if (sk->sk_state == TCPFSM_LISTEN && tcpfsm_cookie_ack(sk, skb, &seg))
		return;
	/* The SACK blocks, while skb->data is still the header. */
	ts->rx_nsack = 0;
	if (seg.nsack && (ts->opts & TCPFSM_OPTF_SACK)) {
		tcpfsm_opts_sack_get(skb->data, &seg, ts->rx_sack);
		ts->rx_nsack = seg.nsack;
	}
	tcpfsm_tcb_sync(sk);
	ev = tcpfsm_classify(&ts->tcb, &seg);
	if (ev != TCPFSM_EV_DROP && ev != TCPFSM_EV_UNACCEPTABLE) {
		ts->last_recv = jiffies;
		ts->probes = 0;
	}
	tcpfsm_step(&ts->tcb, ev, &seg, &res);
	if (ev == TCPFSM_EV_UNACCEPTABLE && tcpfsm_paws_reject(&ts->tcb, &seg))
		TCPFSM_INC_STATS(sock_net(sk), TCPFSM_MIB_PAWSESTAB);
	tcpfsm_ts_recent_update(sk, &seg, ev);
	if ((res.cmds & TCPFSM_CMD_DELIVER_EOF) && seg.datalen)
		kept = tcpfsm_fin_text(sk, skb, &seg, &res);
	if (!tcpfsm_run(sk, skb, &seg, &res) && !kept)
		consume_skb(skb);
}

/**
 * tcpfsm_sk_rcv() - a segment for a socket: classify, step, run.
 * @sk: the socket, locked (softirq with bh_lock_sock(), or the owner
 *	draining its backlog)
 * @skb: the segment, its parsed header in skb->cb; consumed
 *
 * Segments that were waiting behind a hole this one filled go through
 * the machine next, in order, as if they had just come (in a loop, not
 * by recursion); then the ACK a hole calls for goes, covering them all.
 *
 * Return: 0.
 */
int tcpfsm_sk_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	tcpfsm_sk_rcv_one(sk, skb);
	while ((skb = tcpfsm_ooo_ready(sk)))
		tcpfsm_sk_rcv_one(sk, skb);
	if (ts->ack_now) {
		ts->ack_now = 0;
		if (sk->sk_state != TCPFSM_CLOSE)
			tcpfsm_send_ack(sk);
	}
	return 0;
}

/*
 * The backlog is drained by the owner in process context with BHs on; the
 * receive path takes locks that softirqs take too, so run it as softirq
 * code would.
 */
static int tcpfsm_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	local_bh_disable();
	tcpfsm_sk_rcv(sk, skb);
	local_bh_enable();
	return 0;
}

/**
 * tcpfsm_route_mss() - the MSS we can take for a path MTU.
 * @mtu: the path MTU
 *
 * Return: MTU less the IPv4 and our header, within 88..TCPFSM_MSS_MAX.
 */
u16 tcpfsm_route_mss(unsigned int mtu)
{
	return clamp_t(unsigned int, mtu - 40, 88, TCPFSM_MSS_MAX);
}

/**
 * tcpfsm_init_sock() - the protocol part of a new socket.
 * @sk: the socket
 */
void tcpfsm_init_sock(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	/* sk_alloc() zeroed the whole object. */
	ts->h.kind = TCPFSM_HENT_SOCK;
	write_pnet(&ts->h.net, sock_net(sk));
	ts->h.proto = READ_ONCE(tcpfsm_sk_pernet(sk)->cfg.wire_proto);
	/*
	 * The GSO type of its trains: TCP's in TCP wire mode; for our own
	 * protocol one no hardware segments (offload.c).
	 */
	sk->sk_gso_type = ts->h.proto == IPPROTO_TCP ? SKB_GSO_TCPV4 :
						       SKB_GSO_SCTP;
	INIT_HLIST_NODE(&ts->h.bind_node);
	ts->h.ehash_node.pprev = NULL;	/* unhashed (a nulls node) */
	INIT_HLIST_NODE(&ts->lnode);
	tcpfsm_timers_init(sk);
	spin_lock_init(&ts->accept_lock);
	INIT_LIST_HEAD(&ts->accept_queue);
	INIT_LIST_HEAD(&ts->syn_queue);
	INIT_LIST_HEAD(&ts->child_node);
	skb_queue_head_init(&ts->ooo_queue);
	sk->sk_write_space = tcpfsm_write_space;
	ts->snd_mss = 536;
	ts->rcv_mss = 536;
	ts->last_recv = jiffies;
	tcpfsm_cc_init(&ts->cc,
		       READ_ONCE(tcpfsm_sk_pernet(sk)->cfg.congestion_control));
	sk->sk_backlog_rcv = tcpfsm_backlog_rcv;
	sock_set_flag(sk, SOCK_RCU_FREE);
}

/**
 * tcpfsm_conn_init() - the boot-time secret of the ISN generator.
 */
void tcpfsm_conn_init(void)
{
	get_random_bytes(&tcpfsm_isn_key, sizeof(tcpfsm_isn_key));
}
