// SPDX-License-Identifier: GPL-2.0
/* send.c: the send half of the stream: write queue, sending, retransmission, ACKs taken. */
#include <linux/jiffies.h>
#include <linux/skbuff.h>
#include <linux/skbuff_ref.h>
#include <linux/timekeeping.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "sack.h"
#include "tcpfsm.h"

/*
 * The write queue is charged to sk_wmem_queued, segment by segment, by
 * these three alone.
 */

/**
 * tcpfsm_wq_link() - put a segment in the write queue and charge it.
 * @sk: the socket, locked
 * @prev: the segment it goes after, or NULL for the tail
 * @skb: the segment
 */
void tcpfsm_wq_link(struct sock *sk, struct sk_buff *prev, struct sk_buff *skb)
{
	if (prev)
		__skb_queue_after(&sk->sk_write_queue, prev, skb);
	else
		__skb_queue_tail(&sk->sk_write_queue, skb);
	sk_wmem_queued_add(sk, skb->truesize);
}

/**
 * tcpfsm_wq_free() - take a segment out of the write queue and free it.
 * @sk: the socket, locked
 * @skb: the segment
 */
void tcpfsm_wq_free(struct sock *sk, struct sk_buff *skb)
{
	__skb_unlink(skb, &sk->sk_write_queue);
	sk_wmem_queued_add(sk, -skb->truesize);
	consume_skb(skb);	/* acknowledged, or let go: not a drop */
}

/**
 * tcpfsm_wq_purge() - empty the write queue.
 * @sk: the socket, locked
 */
void tcpfsm_wq_purge(struct sock *sk)
{
	struct sk_buff *skb;

	while ((skb = skb_peek(&sk->sk_write_queue)))
		tcpfsm_wq_free(sk, skb);
}

/*
 * Make @skb's buffer ours alone, to change its fragments: an earlier
 * transmission's clone (in a qdisc, or in the peer's receive queue on
 * loopback) shares it.  Its truesize, which the queue is charged, stays.
 */
static int tcpfsm_wq_own(struct sk_buff *skb)
{
	unsigned int truesize = skb->truesize;

	if (!skb_cloned(skb))
		return 0;
	if (pskb_expand_head(skb, 0, 0, GFP_ATOMIC))
		return -ENOBUFS;
	skb->truesize = truesize;
	__skb_header_release(skb);	/* clones may push headers again */
	return 0;
}

/**
 * tcpfsm_wq_split() - cut a segment of the write queue in two.
 * @sk: the socket, locked
 * @skb: the segment, with text longer than @len
 * @len: the bytes of text it keeps; the rest, with any PSH or FIN,
 *	becomes the segment after it
 *
 * No text is copied: the page fragments are divided (skb_split()).  The
 * halves keep the segment's state and scoreboard marks
 * (tcpfsm_sack_split()), and its truesize is divided with the text.
 *
 * Return: 0, or -ENOBUFS.
 */
int tcpfsm_wq_split(struct sock *sk, struct sk_buff *skb, u32 len)
{
	u32 moved = skb->len - len;
	struct sk_buff *tail;

	if (tcpfsm_wq_own(skb))
		return -ENOBUFS;
	tail = tcpfsm_alloc_text(GFP_ATOMIC);
	if (!tail)
		return -ENOBUFS;
	skb_split(skb, tail, len);
	tcpfsm_sack_split(&tcpfsm_sk(sk)->cc, TCPFSM_SKB_CB(skb),
			  TCPFSM_SKB_CB(tail), len);
	skb->truesize -= moved;
	tail->truesize += moved;
	sk_wmem_queued_add(sk, -moved);
	tcpfsm_wq_link(sk, skb, tail);
	return 0;
}

/*
 * The head of the write queue, acknowledged up to @una in part (a train
 * whose first segments the peer has): the text before @una goes, in
 * place, as Linux's tcp_trim_head(), so that the memory comes back and a
 * retransmission starts at SND.UNA.  Its marks lose those bytes
 * (tcpfsm_sack_head_acked()).  Without memory it stays as it is, to be
 * trimmed at the next try.
 */
static int tcpfsm_wq_trim(struct sock *sk, struct sk_buff *skb, u32 una)
{
	struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);
	u32 len = min(una - cb->seq, skb->len), eat = len;
	struct skb_shared_info *shinfo;
	int i, k = 0;

	if (!tcpfsm_seq_lt(cb->seq, una))
		return 0;
	if (skb_headlen(skb) || tcpfsm_wq_own(skb))
		return -ENOBUFS;
	shinfo = skb_shinfo(skb);
	for (i = 0; i < shinfo->nr_frags; i++) {
		u32 size = skb_frag_size(&shinfo->frags[i]);

		if (size <= eat) {
			skb_frag_unref(skb, i);
			eat -= size;
			continue;
		}
		shinfo->frags[k] = shinfo->frags[i];
		if (eat) {
			skb_frag_off_add(&shinfo->frags[k], eat);
			skb_frag_size_sub(&shinfo->frags[k], eat);
			eat = 0;
		}
		k++;
	}
	shinfo->nr_frags = k;
	skb->len -= len;
	skb->data_len -= len;
	skb->truesize -= len;
	sk_wmem_queued_add(sk, -len);
	tcpfsm_sack_head_acked(&tcpfsm_sk(sk)->cc, cb, len);
	return 0;
}

/*
 * A sent segment is resent, and marked on the scoreboard, one MSS at a
 * time: cut @skb after its first, from @una (SND.UNA, or the ACK at
 * hand), trimmed first if it starts before.  Without memory it stays
 * whole, and goes whole (a train: still correct, only coarser).
 */
static void tcpfsm_wq_fragment(struct sock *sk, struct sk_buff *skb, u32 una)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	if (tcpfsm_wq_trim(sk, skb, una))
		return;		/* a cut would straddle @una */
	if (skb->len > ts->snd_mss)
		tcpfsm_wq_split(sk, skb, ts->snd_mss);
}

/*
 * No memory for a control segment: what Linux does instead
 * (tcpfsm_ctl_nobufs()).  A SYN fails the connect() (tcp_connect()); a FIN
 * rides on the last data segment queued (tcp_send_fin()), as if it had
 * gone with it if that one went; anything else takes its sequence number as
 * if sent and lost, and the retransmission timer, armed for what is now
 * in flight, sends it bare (tcpfsm_bare_ctl()).
 */
static int tcpfsm_queue_ctl_nobufs(struct sock *sk, u8 flags)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *tail = skb_peek_tail(&sk->sk_write_queue);
	bool lost;

	if (tail && (TCPFSM_SKB_CB(tail)->flags & TCPFSM_SYN))
		tail = NULL;		/* a FIN does not ride on a SYN */
	switch (tcpfsm_ctl_nobufs(flags, tail)) {
	case TCPFSM_NOBUFS_FAIL:
		return -ENOBUFS;
	case TCPFSM_NOBUFS_TACK:
		/*
		 * Its marks counted its bytes without the FIN: marked again
		 * with it (lost stays lost, to be resent with the FIN).
		 */
		lost = TCPFSM_SKB_CB(tail)->sacked & TCPFSM_SCB_LOST;
		tcpfsm_sack_unmark(&ts->cc, TCPFSM_SKB_CB(tail));
		TCPFSM_SKB_CB(tail)->flags |= TCPFSM_FIN;
		TCPFSM_SKB_CB(tail)->end_seq++;
		if (lost)
			tcpfsm_sack_lose(&ts->cc, TCPFSM_SKB_CB(tail));
		if (TCPFSM_SKB_CB(tail)->sent) {
			ts->tcb.snd_nxt = TCPFSM_SKB_CB(tail)->end_seq;
			ts->tcb.fin_sent = true;
		}
		break;
	case TCPFSM_NOBUFS_LOST:
		ts->tcb.snd_nxt = ts->write_seq + 1;
		if (flags & TCPFSM_FIN)
			ts->tcb.fin_sent = true;
		break;
	}
	ts->write_seq++;
	return 0;
}

/**
 * tcpfsm_queue_ctl() - queue a SYN, SYN-ACK or FIN.
 * @sk: the socket, locked
 * @flags: its control bits
 *
 * One sequence number, no data.
 *
 * Return: 0, or -ENOBUFS; only a SYN can fail (see
 * tcpfsm_queue_ctl_nobufs()).
 */
int tcpfsm_queue_ctl(struct sock *sk, u8 flags)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb = tcpfsm_alloc_text(GFP_ATOMIC);

	if (!skb)
		return tcpfsm_queue_ctl_nobufs(sk, flags);
	TCPFSM_SKB_CB(skb)->flags = flags;
	TCPFSM_SKB_CB(skb)->seq = ts->write_seq;
	TCPFSM_SKB_CB(skb)->end_seq = ts->write_seq + 1;
	ts->write_seq++;
	tcpfsm_wq_link(sk, NULL, skb);
	return 0;
}

/**
 * tcpfsm_send_queued() - send a segment of the write queue as it stands.
 * @sk: the socket, locked
 * @skb: the segment, which stays queued until acknowledged
 *
 * Return: what tcpfsm_xmit() returns.
 */
int tcpfsm_send_queued(struct sock *sk, struct sk_buff *skb)
{
	struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	int err;

	err = tcpfsm_xmit(sk, skb, cb->flags, cb->seq);
	if (skb->len)
		ts->last_send = jiffies;
	return err;
}

/*
 * Nagle (RFC 9293 3.8.6.2.1) with Minshall's refinement, as Linux has it:
 * a short segment at the tail of the queue waits while an earlier short
 * segment is unacknowledged, unless TCP_NODELAY.  More writes fill it.
 */
static bool tcpfsm_nagle_holds(const struct sock *sk, const struct sk_buff *skb)
{
	const struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	bool short_tail = skb->len < ts->snd_mss &&
			  !(TCPFSM_SKB_CB(skb)->flags & TCPFSM_FIN) &&
			  skb_queue_is_last(&sk->sk_write_queue, skb);

	/*
	 * A FIN (tacked on a short tail when no memory held its own) goes.
	 * A push asked for (push_once: TCP_NODELAY set, or a writer out of
	 * memory) sends the tail queued, corked or not, as Linux's
	 * TCP_NAGLE_PUSH.  Otherwise TCP_CORK holds a short tail whatever is
	 * in flight, until it is full or uncorked, as Linux's (without its
	 * 200 ms ceiling).
	 */
	if (!short_tail || ts->push_once)
		return false;
	if (ts->cork)
		return true;
	return !ts->nodelay &&
	       tcpfsm_seq_gt(ts->snd_sml, ts->tcb.snd_una) &&
	       !tcpfsm_seq_gt(ts->snd_sml, ts->tcb.snd_nxt);
}

/* The clock of congestion control (CUBIC's epoch), microseconds. */
static u64 tcpfsm_now_us(void)
{
	return div_u64(ktime_get_ns(), NSEC_PER_USEC);
}

/* Bytes in the network, as cwnd counts them (tcpfsm_cc_pipe()). */
static u32 tcpfsm_pipe(const struct tcpfsm_sock *ts)
{
	return tcpfsm_cc_pipe(&ts->cc, ts->tcb.snd_una, ts->tcb.snd_nxt,
			      ts->snd_mss);
}

/*
 * How much of the unsent text at @seq may go now as one train: what cwnd
 * allows beside what is in flight, what the peer's window takes, and
 * @train_max segments.
 */
static u32 tcpfsm_send_room(const struct tcpfsm_sock *ts, u32 seq,
			    unsigned int train_max)
{
	u32 wnd_end = ts->tcb.snd_una + ts->tcb.snd_wnd;
	u32 room = tcpfsm_cc_room(&ts->cc, tcpfsm_pipe(ts), ts->snd_mss);

	room = min(room, train_max * ts->snd_mss);
	return tcpfsm_seq_lt(seq, wnd_end) ? min(room, wnd_end - seq) : 0;
}

/*
 * Cut what goes now off the unsent segment @skb, as tcpfsm_train_cut()
 * decides; the rest follows it in the queue, unsent.
 */
static int tcpfsm_push_cut(struct sock *sk, struct sk_buff *skb,
			   unsigned int train_max)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);
	u32 cut;

	if (skb->len <= ts->snd_mss)
		return 0;
	cut = tcpfsm_train_cut(skb->len, ts->snd_mss,
			       tcpfsm_send_room(ts, cb->seq, train_max),
			       cb->flags & TCPFSM_FIN);
	return cut < skb->len ? tcpfsm_wq_split(sk, skb, cut) : 0;
}

/**
 * tcpfsm_push() - send what the write queue holds and the window allows.
 * @sk: the socket, locked
 *
 * Segments leave in order while they fit in SND.UNA + SND.WND; a FIN or a
 * SYN goes as soon as what precedes it has gone.  Queued text longer than
 * an MSS goes as GSO trains of full segments, cut from it as cwnd, the
 * window and the route let them go (tcpfsm_train_cut()); a short
 * remainder goes after them alone.  The first segment that leaves with
 * nothing in flight starts the retransmission timer and, if no RTT
 * measurement runs, is timed (Karn: never a retransmission).
 *
 * Return: how many segments left.
 */
int tcpfsm_push(struct sock *sk)
{
	unsigned int train_max = tcpfsm_train_max(sk);
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb;
	int sent = 0;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);
		u32 wnd_end = ts->tcb.snd_una + ts->tcb.snd_wnd;
		u32 segs;

		if (cb->sent)
			continue;
		if (tcpfsm_push_cut(sk, skb, train_max)) {
			/* No memory: the timer tries again. */
			if (!tcpfsm_rtx_armed(sk))
				tcpfsm_rtx_arm(sk);
			break;
		}
		/* No more in flight than cwnd; the ACKs clock out the rest. */
		if (skb->len && !tcpfsm_cc_may_send(&ts->cc, tcpfsm_pipe(ts),
						    skb->len, ts->snd_mss))
			break;
		/*
		 * Data beyond the window waits.  With nothing in flight the
		 * retransmission timer runs as the persist timer and probes
		 * the window (RFC 9293 3.8.6.1).
		 */
		if (skb->len && tcpfsm_seq_gt(cb->end_seq, wnd_end)) {
			if (ts->tcb.snd_una == ts->tcb.snd_nxt &&
			    !tcpfsm_rtx_armed(sk))
				tcpfsm_rtx_arm(sk);
			break;
		}
		if (skb->len && tcpfsm_nagle_holds(sk, skb))
			break;
		if (skb->len && ts->tcb.snd_una == ts->tcb.snd_nxt &&
		    ts->last_send) {
			tcpfsm_cc_after_idle(&ts->cc, ts->last_send, jiffies,
					     tcpfsm_now_us(), ts->rto,
					     ts->snd_mss);
			/*
			 * A restart leaves less than the cut took: cut
			 * again (without memory this one train goes whole).
			 */
			tcpfsm_push_cut(sk, skb, train_max);
		}
		cb->sent = 1;
		if (skb->len && skb->len < ts->snd_mss)
			ts->snd_sml = cb->end_seq;
		if (!ts->rtt_start) {
			/* A train's first segment is timed. */
			ts->rtt_seq = skb->len > ts->snd_mss ?
				      cb->seq + ts->snd_mss : cb->end_seq;
			ts->rtt_start = ktime_get_ns();
			ts->rtt_karn = false;
		}
		if (tcpfsm_seq_gt(cb->end_seq, ts->tcb.snd_nxt))
			ts->tcb.snd_nxt = cb->end_seq;
		if (cb->flags & TCPFSM_FIN)
			ts->tcb.fin_sent = true;
		/* Longer than an MSS: one GSO train (tcpfsm_xmit()). */
		tcpfsm_send_queued(sk, skb);
		segs = max(DIV_ROUND_UP(skb->len, ts->snd_mss), 1U);
		if (skb->len)
			tcpfsm_cc_sent(&ts->cc, segs);
		sent += segs;
		if (!tcpfsm_rtx_armed(sk))
			tcpfsm_rtx_arm(sk);
	}
	return sent;
}

/* Send a segment of the write queue again (the oldest, but for SACK). */
static void tcpfsm_resend_head(struct sock *sk, struct sk_buff *skb)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	tcpfsm_wq_fragment(sk, skb, ts->tcb.snd_una);
	/* A segment SACK took as lost is back in the network (RFC 6675). */
	tcpfsm_sack_resent(&ts->cc, TCPFSM_SKB_CB(skb));
	ts->rtt_start = 0;		/* Karn */
	ts->rtt_karn = true;
	ts->total_retrans++;
	TCPFSM_INC_STATS(sock_net(sk), TCPFSM_MIB_RETRANSSEGS);
	tcpfsm_cc_sent(&ts->cc, 1);
	tcpfsm_send_queued(sk, skb);
}

/*
 * After a timeout, all that was in flight is taken as lost and sent again
 * from SND.UNA as cwnd and the peer's window let it (go-back-N, as
 * Linux's tcp_enter_loss() marks it all lost; tcpfsm_cc_loss_next()
 * decides each segment): the ACKs that grow cwnd clock out as many
 * retransmissions, and cwnd grows only by what was sent.
 */
static void tcpfsm_loss_resend(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);
		enum tcpfsm_cc_rtx rtx;

		if (!cb->sent)
			break;
		/* Decided one MSS at a time (rtx_nxt moves past it). */
		tcpfsm_wq_fragment(sk, skb, ts->tcb.snd_una);
		rtx = tcpfsm_cc_loss_next(&ts->cc, cb->seq, cb->end_seq,
					  skb->len, ts->tcb.snd_una,
					  ts->tcb.snd_nxt, ts->tcb.snd_wnd,
					  ts->snd_mss);
		if (rtx == TCPFSM_CC_RTX_STOP)
			break;
		if (rtx == TCPFSM_CC_RTX_SEND)
			tcpfsm_resend_head(sk, skb);
	}
}

/* ---- SACK: the scoreboard of the write queue (RFC 6675) ---- */

/*
 * Take as lost each segment sent and not SACKed that RFC 6675's IsLost()
 * says is (tcpfsm_sack_is_lost()): walking up from SND.UNA, with the
 * SACKed bytes and runs above each counted down from their totals.
 * IsLost() only weakens going up, so the walk stops at the first segment
 * that is not lost.
 */
static void tcpfsm_sack_mark_lost(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u32 bytes = ts->cc.sacked_bytes, runs = 0;
	struct sk_buff *skb;
	bool prev = false;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);

		if (!cb->sent)
			break;
		runs += (cb->sacked & TCPFSM_SCB_SACKED) && !prev;
		prev = cb->sacked & TCPFSM_SCB_SACKED;
	}
	prev = false;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);

		if (!cb->sent || !bytes)
			break;
		if (cb->sacked & TCPFSM_SCB_SACKED) {
			bytes -= cb->end_seq - cb->seq;
			runs -= !prev;
			prev = true;
			continue;
		}
		prev = false;
		if (cb->sacked & TCPFSM_SCB_LOST)
			continue;
		if (!tcpfsm_sack_is_lost(bytes, runs, ts->snd_mss))
			break;
		tcpfsm_wq_fragment(sk, skb, ts->tcb.snd_una);
		tcpfsm_sack_lose(&ts->cc, cb);
	}
}

/*
 * The SACK blocks of an ACK (RFC 2018), as tcpfsm_sk_rcv_one() copied
 * them from its header: each block that tcpfsm_sack_block_ok() takes
 * (against SND.UNA before this ACK) marks SACKed the segments after the
 * ACK that it covers whole; then, if any was new, the losses they reveal
 * are marked.  The walk stops past the highest block.  Blocks are not
 * read after a timeout (its go-back-N resends what is in flight whatever
 * was SACKed, RFC 2018 8).  The bytes go to @ts->cc.sack_new, for PRR's
 * DeliveredData.
 */
static void tcpfsm_sack_tag(struct sock *sk, u32 ack)
{
	struct tcpfsm_sack_block b[TCPFSM_SACK_MAX];
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u32 top = ack, newly = 0;
	struct sk_buff *skb;
	u8 i, n = 0;

	if (!ts->cc.sack || ts->cc.state == TCPFSM_CA_LOSS)
		return;
	for (i = 0; i < ts->rx_nsack; i++) {
		if (!tcpfsm_sack_block_ok(&ts->rx_sack[i], ts->tcb.snd_una,
					  ts->tcb.snd_nxt))
			continue;
		b[n] = ts->rx_sack[i];
		if (tcpfsm_seq_gt(b[n].end, top))
			top = b[n].end;
		n++;
	}
	if (!n)
		return;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);

		if (!cb->sent || !tcpfsm_seq_lt(cb->seq, top))
			break;
		if (!tcpfsm_seq_gt(cb->end_seq, ack))
			continue;
		/* Marks are per MSS, as the segments the peer got. */
		if (tcpfsm_sack_overlaps(b, n, cb->seq, cb->end_seq))
			tcpfsm_wq_fragment(sk, skb, ack);
		if ((cb->sacked & TCPFSM_SCB_SACKED) ||
		    !tcpfsm_sack_covers(b, n, cb->seq, cb->end_seq))
			continue;
		newly += tcpfsm_sack_mark(&ts->cc, cb);
	}
	if (!newly)
		return;
	ts->cc.sack_new += newly;
	tcpfsm_sack_mark_lost(sk);
}

/*
 * In a fast recovery with SACK: the first segment not SACKed (the hole
 * at SND.UNA, or after it when an ACK reached SACKed text) is taken as
 * lost (the fast retransmit's, RFC 6675 5 step 4.3, or a partial ACK's
 * next hole, as RFC 6582 has it); on @entry it goes whatever cwnd says,
 * even if it went before (as Linux forces the fast retransmit).  Then the
 * segments taken as lost and not yet sent again go, in order, as cwnd
 * and the peer's window let them (NextSeg() rule 1; new data follows in
 * tcpfsm_push(), rule 2).  Rules 3 and 4 (an unSACKed segment not taken
 * as lost, the rescue retransmission) are not followed: the first hole
 * taken as lost covers what they are for.
 */
static void tcpfsm_sack_resend(struct sock *sk, bool entry)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u32 wnd_end = ts->tcb.snd_una + ts->tcb.snd_wnd;
	struct sk_buff *skb;
	bool first = true;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);

		if (!cb->sent)
			break;
		if (cb->sacked & TCPFSM_SCB_SACKED)
			continue;
		if (first) {
			first = false;
			tcpfsm_wq_fragment(sk, skb, ts->tcb.snd_una);
			tcpfsm_sack_lose(&ts->cc, cb);
			if (entry) {
				/* Its copy of an earlier recovery is lost too. */
				tcpfsm_sack_unresent(&ts->cc, cb);
				tcpfsm_resend_head(sk, skb);
				continue;
			}
		}
		if (cb->sacked != TCPFSM_SCB_LOST)
			continue;
		if (!tcpfsm_cc_may_send(&ts->cc, tcpfsm_pipe(ts), skb->len,
					ts->snd_mss) ||
		    (cb->seq != ts->tcb.snd_una &&
		     !tcpfsm_seq_lt(cb->seq, wnd_end)))
			break;
		tcpfsm_resend_head(sk, skb);
	}
}

/*
 * A timeout of what is in flight (RFC 5681 3.1, RFC 6298 5.4): cwnd to
 * one segment, and the retransmission starts again from SND.UNA.  Of a
 * SYN or SYN-ACK, only the initial window is affected
 * (tcpfsm_cc_on_rto()).
 */
static void tcpfsm_enter_loss(struct sock *sk, struct sk_buff *skb)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	bool handshake = (1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV);
	u8 prior = ts->cc.state;
	struct sk_buff *pos;

	/*
	 * RFC 2018 8: after a timeout the SACKed bits go (cc's counts too).
	 * SACKed text at SND.UNA: the peer reneged (it let go of what it
	 * had SACKed), counted as Linux's tcp_timeout_mark_lost() does.
	 */
	if (TCPFSM_SKB_CB(skb)->sacked & TCPFSM_SCB_SACKED)
		TCPFSM_INC_STATS(sock_net(sk), TCPFSM_MIB_SACKRENEGING);
	skb_queue_walk(&sk->sk_write_queue, pos)
		tcpfsm_sack_unmark(&ts->cc, TCPFSM_SKB_CB(pos));
	tcpfsm_cc_on_rto(&ts->cc, ts->tcb.snd_una, ts->tcb.snd_nxt,
			 ts->snd_mss, handshake);
	if (ts->cc.state == TCPFSM_CA_LOSS) {
		tcpfsm_trace_cong(sk, prior);
		tcpfsm_loss_resend(sk);
		return;
	}
	tcpfsm_resend_head(sk, skb);
}

/**
 * tcpfsm_retransmit() - what the retransmission timer's expiry sends.
 * @sk: the socket, locked
 *
 * Resend the oldest unacknowledged segment and back off (RFC 6298
 * 5.4-5.6); each partial ACK then resends the next hole.  With nothing in
 * flight it is the persist timer: a zero window is probed with
 * <SEQ=SND.UNA-1> (which the peer must ACK with its window), a window too
 * small for the next segment gets what fits of it.
 */
void tcpfsm_retransmit(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb = skb_peek(&sk->sk_write_queue);
	u8 ctl = skb ? 0 : tcpfsm_bare_ctl(&ts->tcb);

	if (!skb && !ctl)
		return;
	ts->rtt_start = 0;		/* Karn */
	ts->rtt_karn = true;
	ts->cc.dupacks = 0;
	ts->rtx_count++;
	if (ts->backoff < U8_MAX)	/* probing a window may go on for ever */
		ts->backoff++;
	if (ctl) {
		/* A SYN-ACK or FIN no memory could queue: bare, once more. */
		ts->total_retrans++;
		TCPFSM_INC_STATS(sock_net(sk), TCPFSM_MIB_RETRANSSEGS);
		tcpfsm_xmit(sk, NULL, ctl, (ctl & TCPFSM_FIN) ?
				ts->tcb.snd_nxt - 1 : ts->tcb.iss);
		return;
	}
	if (!TCPFSM_SKB_CB(skb)->sent) {
		if (!ts->tcb.snd_wnd) {
			ts->probes++;
			tcpfsm_xmit(sk, NULL, TCPFSM_ACK,
				    ts->tcb.snd_una - 1);
			return;
		}
		/*
		 * Send what the window takes of the segment (RFC 9293
		 * 3.8.6.1); of one that carries a FIN, the text alone.
		 */
		if (ts->tcb.snd_wnd < TCPFSM_SKB_CB(skb)->end_seq -
				      TCPFSM_SKB_CB(skb)->seq &&
		    tcpfsm_wq_split(sk, skb, min(ts->tcb.snd_wnd, skb->len)))
			return;		/* no memory: the timer tries again */
		tcpfsm_push(sk);
		return;
	}
	/* What followed it is likely lost too. */
	tcpfsm_enter_loss(sk, skb);
}

/**
 * tcpfsm_send_ack() - send a bare ACK: SND.NXT, RCV.NXT, our window.
 * @sk: the socket, locked
 */
void tcpfsm_send_ack(struct sock *sk)
{
	tcpfsm_xmit(sk, NULL, TCPFSM_ACK, tcpfsm_sk(sk)->tcb.snd_nxt);
}

/**
 * tcpfsm_send_rst() - an active reset: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>.
 * @sk: the socket, locked
 */
void tcpfsm_send_rst(struct sock *sk)
{
	tcpfsm_xmit(sk, NULL, TCPFSM_RST | TCPFSM_ACK,
		    tcpfsm_sk(sk)->tcb.snd_nxt);
}

/*
 * The retransmission timer after an ACK of new text (@advanced) or a
 * fast retransmission: one RTO from now (RFC 6298 5.3; as Linux re-arms
 * it for the hole's copy), unless SACKed text sits at SND.UNA.  Then the
 * peer reneged (let go of text it had SACKed), and only a timeout sends
 * that text again: it comes in half an RTT (tcpfsm_sack_reneging_wait(),
 * as Linux's tcp_check_sack_reneging()), set by each ACK that reveals
 * the reneging and not put off by the duplicate ACKs that follow.
 */
static void tcpfsm_rtx_rearm(struct sock *sk, bool advanced)
{
	struct sk_buff *head = skb_peek(&sk->sk_write_queue);

	if (!head || !(TCPFSM_SKB_CB(head)->sacked & TCPFSM_SCB_SACKED))
		tcpfsm_rtx_restart(sk);
	else if (advanced || !tcpfsm_rtx_armed(sk))
		tcpfsm_rtx_arm_within(sk,
				      tcpfsm_sack_reneging_wait(tcpfsm_sk(sk)->srtt));
}

/*
 * An ACK that acknowledges nothing new, carries no text and no window
 * change while data is in flight says a segment after a hole arrived
 * (tcpfsm_cc_dupack()); the third in a row retransmits the hole at once
 * (RFC 5681 3.2).  One with text or a new window at SND.UNA is not
 * counted, and does not reset the count either (as Linux's FLAG_NOT_DUP:
 * the duplicate ACKs counted as delivered stay so), unless it SACKs new
 * text: then it is one (as Linux's FLAG_DATA_SACKED), whose losses and
 * deliveries the recovery must see.
 */
static void tcpfsm_dup_ack(struct sock *sk, const struct tcpfsm_seg *seg)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb = skb_peek(&sk->sk_write_queue);
	u8 prior = ts->cc.state;

	if (ts->tcb.snd_una == ts->tcb.snd_nxt || !skb ||
	    !TCPFSM_SKB_CB(skb)->sent) {
		ts->cc.dupacks = 0;
		return;
	}
	if ((seg->datalen || (seg->flags & (TCPFSM_SYN | TCPFSM_FIN)) ||
	     tcpfsm_seg_wnd(ts, seg) != ts->tcb.snd_wnd) &&
	    !(ts->cc.sack && ts->cc.sack_new))
		return;
	if (tcpfsm_cc_dupack(&ts->cc, ts->tcb.snd_una, ts->tcb.snd_nxt,
			     ts->snd_mss)) {
		tcpfsm_trace_cong(sk, prior);
		if (ts->cc.sack)
			tcpfsm_sack_resend(sk, true);
		else
			tcpfsm_resend_head(sk, skb);
		tcpfsm_rtx_rearm(sk, false);
	} else if (ts->cc.sack && ts->cc.state == TCPFSM_CA_RECOVERY) {
		tcpfsm_sack_resend(sk, false);	/* the losses it revealed */
	}
}

/*
 * RTTM (RFC 7323 4): new data acknowledged while Karn's rule left nothing
 * timed (a retransmission is in flight) is timed by the TSecr it echoes,
 * which is the TSval of the segment that filled the hole.  The
 * millisecond clock makes a sample of 0 one of 1 ms (as Linux's
 * tcp_rtt_tsopt_us()); a TSecr from the future is ignored.
 */
static void tcpfsm_rtt_ts_sample(struct sock *sk, u32 ms)
{
	if ((s32)ms < 0 || ms > TCPFSM_RTT_TS_MAX_MS)
		return;
	tcpfsm_rtt_sample(sk, max(ms, 1U) * USEC_PER_MSEC);
}

/**
 * tcpfsm_take_ack() - the ACK field of an acceptable segment.
 * @sk: the socket, locked
 * @seg: the segment (its SACK blocks: @sk's rx_sack)
 *
 * Its SACK blocks mark the scoreboard, SND.UNA advances, acknowledged
 * segments leave the write queue, the congestion state learns of it, and
 * a duplicate ACK is counted.
 */
void tcpfsm_take_ack(struct sock *sk, const struct tcpfsm_seg *seg)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u32 wnd = tcpfsm_seg_wnd(ts, seg);
	enum tcpfsm_cc_resend resend;
	struct sk_buff *skb;
	u32 ack = seg->ack;
	u8 prior;

	if (!(seg->flags & TCPFSM_ACK))
		return;
	if (tcpfsm_seq_ge(ack, ts->tcb.snd_una) &&
	    tcpfsm_seq_le(ack, ts->tcb.snd_nxt))
		tcpfsm_sack_tag(sk, ack);
	if (ack == ts->tcb.snd_una)
		tcpfsm_dup_ack(sk, seg);
	/*
	 * The window is taken from an ACK within SND.UNA..SND.NXT, and only
	 * from a segment no older than the last that set it: SND.WL1 and
	 * SND.WL2 (RFC 9293 3.10.7.4), so that a segment the network
	 * delayed does not undo a newer window.
	 */
	if (tcpfsm_seq_ge(ack, ts->tcb.snd_una) &&
	    tcpfsm_seq_le(ack, ts->tcb.snd_nxt) &&
	    tcpfsm_wnd_update_ok(ts->tcb.snd_wl1, ts->tcb.snd_wl2, seg->seq,
				 ack)) {
		if (!ts->tcb.snd_wnd && wnd) {
			/* The window opened: the persist episode is over. */
			tcpfsm_rtx_stop(sk);
			ts->rtx_count = 0;
			ts->backoff = 0;
			ts->probes = 0;
			/* TCP_USER_TIMEOUT counts from a new episode. */
			ts->retrans_start = 0;
			/*
			 * What was in flight when it shut was not kept: send
			 * it again now, not after a backed-off timeout.
			 */
			skb = skb_peek(&sk->sk_write_queue);
			if (skb && TCPFSM_SKB_CB(skb)->sent)
				tcpfsm_resend_head(sk, skb);
			if (ts->tcb.snd_una != ts->tcb.snd_nxt)
				tcpfsm_rtx_arm(sk);
		} else if (!wnd && ts->tcb.snd_una == ts->tcb.snd_nxt) {
			/*
			 * A window probe answered: the peer is alive, only
			 * slow to read.  Probing goes on, backed off, for as
			 * long as it answers (RFC 9293 3.8.6.1).
			 */
			ts->rtx_count = 0;
		}
		tcpfsm_set_snd_wnd(ts, wnd);
		ts->tcb.snd_wl1 = seg->seq;
		ts->tcb.snd_wl2 = ack;
	}
	if (!tcpfsm_seq_gt(ack, ts->tcb.snd_una) ||
	    tcpfsm_seq_gt(ack, ts->tcb.snd_nxt)) {
		ts->cc.sack_new = 0;	/* consumed, or not counted */
		return;
	}

	if (ts->rtt_start && tcpfsm_seq_ge(ack, ts->rtt_seq)) {
		tcpfsm_rtt_sample(sk, div_u64(ktime_get_ns() - ts->rtt_start,
					      NSEC_PER_USEC));
		ts->rtt_start = 0;
	} else if (ts->rtt_karn && (ts->opts & TCPFSM_OPTF_TS) &&
		   (seg->opts & TCPFSM_OPTF_TS) && seg->tsecr) {
		tcpfsm_rtt_ts_sample(sk, tcpfsm_tsval(ts) - seg->tsecr);
	}
	while ((skb = skb_peek(&sk->sk_write_queue)) &&
	       tcpfsm_seq_le(TCPFSM_SKB_CB(skb)->end_seq, ack)) {
		tcpfsm_sack_acked(&ts->cc, TCPFSM_SKB_CB(skb));
		tcpfsm_wq_free(sk, skb);
	}
	/* A train acknowledged in part (the ACKs of its first segments). */
	if (skb)
		tcpfsm_wq_trim(sk, skb, ack);
	prior = ts->cc.state;
	resend = tcpfsm_cc_ack(&ts->cc, ts->tcb.snd_una, ack, ts->tcb.snd_nxt,
			       skb && TCPFSM_SKB_CB(skb)->sent, ts->snd_mss,
			       ts->srtt, tcpfsm_now_us());
	if (ts->cc.state != prior)
		tcpfsm_trace_cong(sk, prior);
	/*
	 * Send buffer autotuning, unless the user set SO_SNDBUF, and only
	 * while cwnd is not what holds the sender back (as Linux's
	 * tcp_should_expand_sndbuf()): more buffer would not send more.
	 */
	if (!(sk->sk_userlocks & SOCK_SNDBUF_LOCK) &&
	    tcpfsm_pipe(ts) < ts->cc.cwnd * ts->snd_mss)
		WRITE_ONCE(sk->sk_sndbuf,
			   tcpfsm_sndbuf_tune(READ_ONCE(sk->sk_sndbuf), ts->cc.cwnd,
					      SKB_TRUESIZE(SKB_DATA_ALIGN(TCPFSM_MAX_HEADER +
									  ts->snd_mss)),
					      TCPFSM_SNDBUF_MAX));
	ts->tcb.bytes_acked += ack - ts->tcb.snd_una;
	ts->tcb.snd_una = ack;
	ts->rtx_count = 0;
	ts->backoff = 0;
	ts->retrans_start = 0;
	/* Something got through: an ICMP error kept is stale (tcp_ack()). */
	WRITE_ONCE(sk->sk_err_soft, 0);
	if (ts->tcb.snd_una == ts->tcb.snd_nxt) {
		tcpfsm_rtx_stop(sk);
	} else {
		if (resend == TCPFSM_CC_RESEND_HEAD)
			tcpfsm_resend_head(sk, skb);
		else if (resend == TCPFSM_CC_RESEND_LOSS)
			tcpfsm_loss_resend(sk);
		else if (resend == TCPFSM_CC_RESEND_SACK)
			tcpfsm_sack_resend(sk, prior != TCPFSM_CA_RECOVERY);
		tcpfsm_rtx_rearm(sk, true);
	}
	sk->sk_write_space(sk);
}
