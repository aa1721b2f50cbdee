// SPDX-License-Identifier: GPL-2.0
/* fsm.c: the state machine: one const table of (action, next state), named RFC actions. */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "fsm.h"

/*
 * The actions.  Each is named after the section of RFC 9293 (or RFC 5961)
 * it implements, reads the TCB and the segment, and only says what is to be
 * done.  Conditions that would change the next state are resolved before
 * the table is read (tcpfsm_classify()); what is left to an action are
 * details within one transition (is there text to deliver, does the peer
 * get a RST or nothing).
 */

#define CMD(x)	TCPFSM_CMD_##x

static bool has_text(const struct tcpfsm_seg *seg)
{
	return seg && seg->datalen;
}

/* 3.10.1 OPEN, CLOSED: active: send SYN, go to SYN-SENT. */
static void rfc_3_10_1_open_active(const struct tcpfsm_tcb *tcb,
				   const struct tcpfsm_seg *seg,
				   struct tcpfsm_result *res)
{
	res->cmds = CMD(SEND_SYN) | CMD(ARM_RETRANS);
}

/* 3.10.1 OPEN, CLOSED or LISTEN: passive: (keep) listening. */
static void rfc_3_10_1_open_passive(const struct tcpfsm_tcb *tcb,
				    const struct tcpfsm_seg *seg,
				    struct tcpfsm_result *res)
{
}

/* 3.10.1 OPEN (listen) on a socket that already has a connection: EINVAL. */
static void rfc_3_10_1_open_invalid(const struct tcpfsm_tcb *tcb,
				    const struct tcpfsm_seg *seg,
				    struct tcpfsm_result *res)
{
	res->err = -EINVAL;
}

/*
 * 3.10.1 OPEN, LISTEN, active, with a foreign socket: RFC 9293 turns the
 * connection from passive to active (LISTEN -> SYN-SENT).  The sockets API
 * does not offer that arc: a listening socket stands for its queue of
 * children (SYN_RECV and established, not yet accepted), not for one
 * connection that could go active, and Linux refuses connect() on it with
 * EISCONN; so does tcpfsm, and the listener goes on listening.
 */
static void rfc_3_10_1_open_listening(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	res->err = -EISCONN;
}

/* 3.10.1 OPEN while the handshake runs: EALREADY. */
static void rfc_3_10_1_open_in_progress(const struct tcpfsm_tcb *tcb,
					const struct tcpfsm_seg *seg,
					struct tcpfsm_result *res)
{
	res->err = -EALREADY;
}

/* 3.10.1 OPEN on a synchronized connection: "connection already exists". */
static void rfc_3_10_1_open_connected(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	res->err = -EISCONN;
}

/* 3.10.2 SEND, ESTABLISHED or CLOSE-WAIT: segmentize and send. */
static void rfc_3_10_2_send(const struct tcpfsm_tcb *tcb,
			    const struct tcpfsm_seg *seg,
			    struct tcpfsm_result *res)
{
	res->cmds = CMD(SEND_DATA) | CMD(ARM_RETRANS);
}

/* 3.10.2 SEND, SYN-SENT or SYN-RECEIVED: queue until established. */
static void rfc_3_10_2_send_queued(const struct tcpfsm_tcb *tcb,
				   const struct tcpfsm_seg *seg,
				   struct tcpfsm_result *res)
{
	res->cmds = CMD(WAIT_CONNECT);
}

/* 3.10.2 SEND with no connection, or after our FIN: EPIPE, as Linux. */
static void rfc_3_10_2_send_closing(const struct tcpfsm_tcb *tcb,
				    const struct tcpfsm_seg *seg,
				    struct tcpfsm_result *res)
{
	res->err = -EPIPE;
}

/* 3.10.4 CLOSE, CLOSED: "connection does not exist"; nothing to undo. */
static void rfc_3_10_4_close_closed(const struct tcpfsm_tcb *tcb,
				    const struct tcpfsm_seg *seg,
				    struct tcpfsm_result *res)
{
	res->cmds = CMD(DELETE_TCB);
}

/* 3.10.4 CLOSE, LISTEN or SYN-SENT: delete the TCB. */
static void rfc_3_10_4_close_delete(const struct tcpfsm_tcb *tcb,
				    const struct tcpfsm_seg *seg,
				    struct tcpfsm_result *res)
{
	res->cmds = CMD(STOP_TIMERS) | CMD(DELETE_TCB) | CMD(WAKE);
}

/*
 * 3.10.4 CLOSE, SYN-RECEIVED, ESTABLISHED or CLOSE-WAIT: queue a FIN after
 * the data (FIN-WAIT-1, or LAST-ACK from CLOSE-WAIT).
 */
static void rfc_3_10_4_close_send_fin(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	res->cmds = CMD(SEND_FIN) | CMD(ARM_RETRANS);
}

/*
 * 3.10.4 CLOSE once our FIN is out: nothing more to send.  An orphan in
 * FIN-WAIT-2 gets the fin_timeout timer (Linux's tcp_fin_timeout).
 */
static void rfc_3_10_4_close_fin_sent(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	if (tcb->state == TCPFSM_FIN_WAIT2)
		res->cmds = CMD(ARM_FIN_WAIT2);
}

/* shutdown(SHUT_WR) with no connection: ENOTCONN. */
static void rfc_3_10_4_shutdown_closed(const struct tcpfsm_tcb *tcb,
				       const struct tcpfsm_seg *seg,
				       struct tcpfsm_result *res)
{
	res->err = -ENOTCONN;
}

/*
 * shutdown(SHUT_WR) of a listener, or once our FIN is out: nothing to shut
 * (and, unlike close(), no orphan timer: the socket stays the user's).
 */
static void rfc_3_10_4_shutdown_nothing(const struct tcpfsm_tcb *tcb,
					const struct tcpfsm_seg *seg,
					struct tcpfsm_result *res)
{
}

/* 3.10.5 ABORT, CLOSED: nothing. */
static void rfc_3_10_5_abort_closed(const struct tcpfsm_tcb *tcb,
				    const struct tcpfsm_seg *seg,
				    struct tcpfsm_result *res)
{
	res->cmds = CMD(DELETE_TCB);
}

/*
 * 3.10.5 ABORT, LISTEN, SYN-SENT, CLOSING, LAST-ACK, TIME-WAIT: delete the
 * TCB without a word.
 */
static void rfc_3_10_5_abort_quiet(const struct tcpfsm_tcb *tcb,
				   const struct tcpfsm_seg *seg,
				   struct tcpfsm_result *res)
{
	res->cmds = CMD(STOP_TIMERS) | CMD(DELETE_TCB) | CMD(WAKE);
}

/*
 * 3.10.5 ABORT, SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1/2, CLOSE-WAIT: send a
 * RST, flush the queues, delete the TCB.
 */
static void rfc_3_10_5_abort_reset(const struct tcpfsm_tcb *tcb,
				   const struct tcpfsm_seg *seg,
				   struct tcpfsm_result *res)
{
	res->cmds = CMD(SEND_RST) | CMD(STOP_TIMERS) | CMD(DELETE_TCB) |
		    CMD(WAKE);
}

/* 3.10.7.1 CLOSED: a RST for anything but a RST. */
static void rfc_3_10_7_1_closed(const struct tcpfsm_tcb *tcb,
				const struct tcpfsm_seg *seg,
				struct tcpfsm_result *res)
{
	res->cmds = CMD(DISCARD);
	if (!(seg->flags & TCPFSM_RST))
		res->cmds |= CMD(REPLY_RST);
}

/* 3.10.7.2 LISTEN: a RST is ignored. */
static void rfc_3_10_7_2_listen_rst(const struct tcpfsm_tcb *tcb,
				    const struct tcpfsm_seg *seg,
				    struct tcpfsm_result *res)
{
	res->cmds = CMD(DISCARD);
}

/* 3.10.7.2 LISTEN: a SYN makes a SYN-RECEIVED child that sends <SYN,ACK>. */
static void rfc_3_10_7_2_listen_syn(const struct tcpfsm_tcb *tcb,
				    const struct tcpfsm_seg *seg,
				    struct tcpfsm_result *res)
{
	res->cmds = CMD(SPAWN_CHILD) | CMD(TAKE_SYN) | CMD(SEND_SYN_ACK) |
		    CMD(ARM_RETRANS);
}

/* 3.10.7.2 LISTEN: anything with ACK gets <SEQ=SEG.ACK><CTL=RST>; else drop. */
static void rfc_3_10_7_2_listen_other(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	res->cmds = CMD(DISCARD);
	if (seg->flags & TCPFSM_ACK)
		res->cmds |= CMD(REPLY_RST);
}

/* 3.10.7.3 SYN-SENT: an ACK outside ISS..SND.NXT gets a RST. */
static void rfc_3_10_7_3_syn_sent_bad_ack(const struct tcpfsm_tcb *tcb,
					  const struct tcpfsm_seg *seg,
					  struct tcpfsm_result *res)
{
	res->cmds = CMD(REPLY_RST) | CMD(DISCARD);
}

/* 3.10.7.3 SYN-SENT: RST with an acceptable ACK: "connection reset". */
static void rfc_3_10_7_3_syn_sent_rst(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	res->cmds = CMD(STOP_TIMERS) | CMD(DELETE_TCB) | CMD(WAKE) |
		    CMD(DISCARD);
	res->sk_err = ECONNREFUSED;
}

/* 3.10.7.3 SYN-SENT: <SYN,ACK> acking our SYN: ESTABLISHED, send ACK. */
static void rfc_3_10_7_3_syn_sent_syn_ack(const struct tcpfsm_tcb *tcb,
					  const struct tcpfsm_seg *seg,
					  struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_SYN) | CMD(TAKE_ACK) | CMD(STOP_RETRANS) |
		    CMD(SEND_ACK) | CMD(ARM_KEEPALIVE) | CMD(WAKE);
	if (has_text(seg))
		res->cmds |= CMD(DELIVER);
}

/* 3.10.7.3 SYN-SENT: a bare SYN: simultaneous open, send <SYN,ACK>. */
static void rfc_3_10_7_3_syn_sent_syn(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_SYN) | CMD(SEND_SYN_ACK) | CMD(ARM_RETRANS);
}

/* 3.10.7.3 SYN-SENT: neither SYN nor RST (or a RST without ACK): drop. */
static void rfc_3_10_7_3_syn_sent_drop(const struct tcpfsm_tcb *tcb,
				       const struct tcpfsm_seg *seg,
				       struct tcpfsm_result *res)
{
	res->cmds = CMD(DISCARD);
}

/*
 * 3.10.7.4 first check: an unacceptable segment gets an ACK, then drop.  The
 * ACK for a bare one is limited per socket (two ends out of step would
 * bounce pure ACKs forever); one with text or FIN (a retransmission whose
 * ACK was lost) always gets it, as in Linux.
 */
static void rfc_3_10_7_4_unacceptable(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	bool answered = seg && tcpfsm_seg_len(seg) && !(seg->flags & TCPFSM_SYN);

	res->cmds = (answered ? CMD(SEND_ACK) : CMD(CHALLENGE_ACK)) |
		    CMD(DISCARD);
}

/* 3.10.7.4, RFC 5961 3.2: a RST in the window but not at RCV.NXT. */
static void rfc5961_3_rst_challenge(const struct tcpfsm_tcb *tcb,
				    const struct tcpfsm_seg *seg,
				    struct tcpfsm_result *res)
{
	res->cmds = CMD(CHALLENGE_ACK) | CMD(DISCARD);
}

/* 3.10.7.4, RFC 5961 4.2: a SYN in a synchronized state. */
static void rfc5961_4_syn_challenge(const struct tcpfsm_tcb *tcb,
				    const struct tcpfsm_seg *seg,
				    struct tcpfsm_result *res)
{
	res->cmds = CMD(CHALLENGE_ACK) | CMD(DISCARD);
}

/*
 * 3.10.7.4 SYN-RECEIVED: the peer's SYN again (our <SYN,ACK> was lost):
 * send <SYN,ACK> again, as Linux does, instead of a challenge ACK.
 */
static void rfc_3_10_7_4_syn_recv_syn(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	res->cmds = CMD(SEND_SYN_ACK) | CMD(DISCARD);
}

/*
 * 3.10.7.4 RST, SYN-RECEIVED: "if this connection was initiated with a
 * passive OPEN, return this connection to LISTEN": the child's TCB is
 * dropped and its listener goes on listening.  An active one (simultaneous
 * open) was refused: CLOSED, and the one place besides 3.8.3 below where an
 * action overrides the table's next state, as the RFC makes it depend on
 * how the connection was opened.
 */
static void rfc_3_10_7_4_syn_recv_rst(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	res->cmds = CMD(STOP_TIMERS) | CMD(DELETE_TCB) | CMD(WAKE) |
		    CMD(DISCARD);
	if (!tcb->passive) {
		res->next = TCPFSM_CLOSE;
		res->sk_err = ECONNREFUSED;
	}
}

/*
 * 3.10.7.4 RST, ESTABLISHED, FIN-WAIT-1/2, CLOSE-WAIT: "connection reset";
 * queues flushed, TCB deleted.
 */
static void rfc_3_10_7_4_rst(const struct tcpfsm_tcb *tcb,
			     const struct tcpfsm_seg *seg,
			     struct tcpfsm_result *res)
{
	res->cmds = CMD(STOP_TIMERS) | CMD(DELETE_TCB) | CMD(WAKE) |
		    CMD(DISCARD);
	res->sk_err = ECONNRESET;
}

/* 3.10.7.4 RST, CLOSING, LAST-ACK, TIME-WAIT: enter CLOSED quietly. */
static void rfc_3_10_7_4_rst_closing(const struct tcpfsm_tcb *tcb,
				     const struct tcpfsm_seg *seg,
				     struct tcpfsm_result *res)
{
	res->cmds = CMD(STOP_TIMERS) | CMD(DELETE_TCB) | CMD(WAKE) |
		    CMD(DISCARD);
}

/* 3.10.7.4 fifth check: no ACK bit in a synchronized state: drop. */
static void rfc_3_10_7_4_drop(const struct tcpfsm_tcb *tcb,
			      const struct tcpfsm_seg *seg,
			      struct tcpfsm_result *res)
{
	res->cmds = CMD(DISCARD);
}

/* 3.10.7.4 SYN-RECEIVED: an ACK outside SND.UNA..SND.NXT gets a RST. */
static void rfc_3_10_7_4_syn_recv_bad_ack(const struct tcpfsm_tcb *tcb,
					  const struct tcpfsm_seg *seg,
					  struct tcpfsm_result *res)
{
	res->cmds = CMD(REPLY_RST) | CMD(DISCARD);
}

/*
 * 3.10.7.4 ACK of something not yet sent, and RFC 5961 5.2 an ACK older
 * than SND.UNA - MAX.SND.WND: send an ACK (limited per socket), drop.
 */
static void rfc_3_10_7_4_bad_ack(const struct tcpfsm_tcb *tcb,
				 const struct tcpfsm_seg *seg,
				 struct tcpfsm_result *res)
{
	res->cmds = CMD(CHALLENGE_ACK) | CMD(DISCARD);
}

/*
 * 3.10.7.4 SYN-RECEIVED: the ACK of our <SYN,ACK>: ESTABLISHED.  A passive
 * child joins its listener's accept queue.
 */
static void rfc_3_10_7_4_syn_recv_ack(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_ACK) | CMD(STOP_RETRANS) | CMD(ARM_KEEPALIVE) |
		    CMD(WAKE);
	if (tcb->passive)
		res->cmds |= CMD(TO_ACCEPT_QUEUE);
	if (has_text(seg))
		res->cmds |= CMD(DELIVER) | CMD(SEND_ACK);
}

/*
 * 3.10.7.4 SYN-RECEIVED: FIN with the ACK of our <SYN,ACK>: established and
 * at once half-closed by the peer: CLOSE-WAIT.
 */
static void rfc_3_10_7_4_syn_recv_fin(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	rfc_3_10_7_4_syn_recv_ack(tcb, seg, res);
	res->cmds |= CMD(DELIVER) | CMD(DELIVER_EOF) | CMD(SEND_ACK);
}

/* 3.10.7.4 ACK in a state that still sends: advance SND.UNA, send more. */
static void rfc_3_10_7_4_ack(const struct tcpfsm_tcb *tcb,
			     const struct tcpfsm_seg *seg,
			     struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_ACK) | CMD(SEND_DATA);
}

/* 3.10.7.4 ACK once our FIN is acked (FIN-WAIT-2): nothing more to send. */
static void rfc_3_10_7_4_ack_fin_wait2(const struct tcpfsm_tcb *tcb,
				       const struct tcpfsm_seg *seg,
				       struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_ACK);
	if (has_text(seg))
		res->cmds |= CMD(DELIVER) | CMD(SEND_ACK);
}

/*
 * 3.10.7.4 seventh: text in ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2: deliver,
 * and acknowledge it, on data of ours if its ACK let more go.
 */
static void rfc_3_10_7_4_text(const struct tcpfsm_tcb *tcb,
			      const struct tcpfsm_seg *seg,
			      struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_ACK) | CMD(DELIVER) | CMD(SEND_DATA) |
		    CMD(SEND_ACK);
}

/*
 * 3.10.7.4 seventh: text after the peer's FIN (CLOSE-WAIT, CLOSING,
 * LAST-ACK, TIME-WAIT) "should not occur": ignore it, but take the ACK.
 */
static void rfc_3_10_7_4_text_after_fin(const struct tcpfsm_tcb *tcb,
					const struct tcpfsm_seg *seg,
					struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_ACK) | CMD(SEND_ACK) | CMD(DISCARD);
}

/*
 * RFC 1122 4.2.2.13 (RFC 9293 3.10.7.4, seventh): new text after the user
 * closed, or shut reading, with our FIN out (FIN-WAIT-1, FIN-WAIT-2): no
 * one can read it.  A RST tells the peer it was lost, and the connection
 * ends, as Linux's does (TCPAbortOnData).
 */
static void rfc1122_4_2_2_13_text_after_close(const struct tcpfsm_tcb *tcb,
					      const struct tcpfsm_seg *seg,
					      struct tcpfsm_result *res)
{
	res->cmds = CMD(REPLY_RST) | CMD(STOP_TIMERS) | CMD(DELETE_TCB) |
		    CMD(WAKE) | CMD(DISCARD);
	res->sk_err = ECONNRESET;
}

/* 3.10.7.4 eighth: FIN in ESTABLISHED: CLOSE-WAIT; FIN-WAIT-1: CLOSING. */
static void rfc_3_10_7_4_fin(const struct tcpfsm_tcb *tcb,
			     const struct tcpfsm_seg *seg,
			     struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_ACK) | CMD(DELIVER) | CMD(DELIVER_EOF) |
		    CMD(SEND_ACK) | CMD(WAKE);
	if (tcb->state == TCPFSM_ESTABLISHED)
		res->cmds |= CMD(SEND_DATA);
}

/* 3.10.7.4 fifth, FIN-WAIT-1: our FIN is acked: FIN-WAIT-2. */
static void rfc_3_10_7_4_fin_wait1_ack_of_fin(const struct tcpfsm_tcb *tcb,
					      const struct tcpfsm_seg *seg,
					      struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_ACK) | CMD(STOP_RETRANS) | CMD(WAKE);
	if (tcb->orphan)
		res->cmds |= CMD(ARM_FIN_WAIT2);
	if (has_text(seg))
		res->cmds |= CMD(DELIVER) | CMD(SEND_ACK);
}

/*
 * 3.10.7.4 eighth, FIN-WAIT-1 with our FIN acked, or FIN-WAIT-2: ACK the
 * FIN and enter TIME-WAIT for 2 MSL.
 */
static void rfc_3_10_7_4_fin_to_time_wait(const struct tcpfsm_tcb *tcb,
					  const struct tcpfsm_seg *seg,
					  struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_ACK) | CMD(DELIVER) | CMD(DELIVER_EOF) |
		    CMD(SEND_ACK) | CMD(STOP_TIMERS) | CMD(ARM_TIME_WAIT) |
		    CMD(WAKE);
}

/* 3.10.7.4 fifth, CLOSING: our FIN is acked: TIME-WAIT. */
static void rfc_3_10_7_4_closing_ack_of_fin(const struct tcpfsm_tcb *tcb,
					    const struct tcpfsm_seg *seg,
					    struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_ACK) | CMD(STOP_TIMERS) | CMD(ARM_TIME_WAIT) |
		    CMD(WAKE);
	if (seg->flags & TCPFSM_FIN)
		res->cmds |= CMD(SEND_ACK);
}

/* 3.10.7.4 fifth, LAST-ACK: our FIN is acked: delete the TCB, CLOSED. */
static void rfc_3_10_7_4_last_ack_ack_of_fin(const struct tcpfsm_tcb *tcb,
					     const struct tcpfsm_seg *seg,
					     struct tcpfsm_result *res)
{
	res->cmds = CMD(TAKE_ACK) | CMD(STOP_TIMERS) | CMD(DELETE_TCB) |
		    CMD(WAKE) | CMD(DISCARD);
}

/*
 * 3.10.7.4 TIME-WAIT: the only thing that can arrive is the peer's FIN
 * again: acknowledge it and restart the 2 MSL timeout.  Text astray gets
 * an ACK, and no restart.  A bare ACK gets nothing, as in Linux: two
 * records (a simultaneous close) would answer each other's for 2 MSL.
 */
static void rfc_3_10_7_4_time_wait_segment(const struct tcpfsm_tcb *tcb,
					   const struct tcpfsm_seg *seg,
					   struct tcpfsm_result *res)
{
	res->cmds = CMD(DISCARD);
	if (seg->flags & TCPFSM_FIN)
		res->cmds |= CMD(SEND_ACK) | CMD(ARM_TIME_WAIT);
	else if (seg->datalen)
		res->cmds |= CMD(SEND_ACK);
}

/*
 * 3.10.7.4 first check, TIME-WAIT: as above, and a bare ACK outside the
 * window gets an ACK limited per record.
 */
static void rfc_3_10_7_4_time_wait_unacceptable(const struct tcpfsm_tcb *tcb,
						const struct tcpfsm_seg *seg,
						struct tcpfsm_result *res)
{
	rfc_3_10_7_4_time_wait_segment(tcb, seg, res);
	if (!(res->cmds & CMD(SEND_ACK)))
		res->cmds |= CMD(CHALLENGE_ACK);
}

/* 3.8.1, RFC 6298 5.4-5.6: retransmit the oldest unacked, back off, rearm. */
static void rfc_3_8_1_retransmit(const struct tcpfsm_tcb *tcb,
				 const struct tcpfsm_seg *seg,
				 struct tcpfsm_result *res)
{
	res->cmds = CMD(RETRANSMIT) | CMD(ARM_RETRANS);
}

/* 3.8.3 R2 reached: give the connection up: CLOSED, ETIMEDOUT. */
static void rfc_3_8_3_give_up(const struct tcpfsm_tcb *tcb,
			      const struct tcpfsm_seg *seg,
			      struct tcpfsm_result *res)
{
	res->cmds = CMD(STOP_TIMERS) | CMD(DELETE_TCB) | CMD(WAKE);
	res->sk_err = ETIMEDOUT;
}

/*
 * 3.8.3 R2 reached in SYN-RECEIVED: a passive child is dropped quietly and
 * its listener stays (synack_retries); an active one ends as 3.8.3 says.
 */
static void rfc_3_8_3_syn_recv_give_up(const struct tcpfsm_tcb *tcb,
				       const struct tcpfsm_seg *seg,
				       struct tcpfsm_result *res)
{
	res->cmds = CMD(STOP_TIMERS) | CMD(DELETE_TCB) | CMD(WAKE);
	if (!tcb->passive) {
		res->next = TCPFSM_CLOSE;
		res->sk_err = ETIMEDOUT;
	}
}

/* 3.8.4 keep-alive: idle long enough, send a probe (SEG.SEQ = SND.NXT - 1). */
static void rfc_3_8_4_keepalive_probe(const struct tcpfsm_tcb *tcb,
				      const struct tcpfsm_seg *seg,
				      struct tcpfsm_result *res)
{
	res->cmds = CMD(SEND_PROBE) | CMD(ARM_KEEPALIVE);
}

/* 3.8.4 keep-alive: the probes went unanswered: reset, ETIMEDOUT. */
static void rfc_3_8_4_keepalive_dead(const struct tcpfsm_tcb *tcb,
				     const struct tcpfsm_seg *seg,
				     struct tcpfsm_result *res)
{
	res->cmds = CMD(SEND_RST) | CMD(STOP_TIMERS) | CMD(DELETE_TCB) |
		    CMD(WAKE);
	res->sk_err = ETIMEDOUT;
}

/* 3.10.8 timeouts: TIME-WAIT's 2 MSL passed: delete the TCB. */
static void rfc_3_10_8_time_wait_timeout(const struct tcpfsm_tcb *tcb,
					 const struct tcpfsm_seg *seg,
					 struct tcpfsm_result *res)
{
	res->cmds = CMD(DELETE_TCB);
}

/*
 * FIN-WAIT-2 of an orphan for fin_timeout (not in the RFC; Linux's
 * tcp_fin_timeout): reset and delete, as Linux does.
 */
static void rfc_3_10_8_fin_wait2_timeout(const struct tcpfsm_tcb *tcb,
					 const struct tcpfsm_seg *seg,
					 struct tcpfsm_result *res)
{
	res->cmds = CMD(SEND_RST) | CMD(STOP_TIMERS) | CMD(DELETE_TCB);
}

/* A timer that fired for a state it no longer applies to: nothing. */
static void rfc_3_10_8_stale_timer(const struct tcpfsm_tcb *tcb,
				   const struct tcpfsm_seg *seg,
				   struct tcpfsm_result *res)
{
}

#define CELL(fn, nx)	{ .action = fn, .name = #fn, .next = TCPFSM_##nx }

/*
 * The table: [event][state] -> (action, next state), every cell written out.
 * TCPFSM_SAME keeps the state.
 */
const struct tcpfsm_cell tcpfsm_table[TCPFSM_NR_EVENTS][TCPFSM_MAX_STATES] = {
	/* ---- the application ---- */
	[TCPFSM_EV_ACTIVE_OPEN] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_1_open_active, SYN_SENT),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_1_open_listening, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_1_open_in_progress, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_1_open_in_progress, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_1_open_connected, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_1_open_connected, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_1_open_connected, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_1_open_connected, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_1_open_connected, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_1_open_connected, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_1_open_connected, SAME),
	},
	[TCPFSM_EV_PASSIVE_OPEN] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_1_open_passive, LISTEN),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_1_open_passive, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_1_open_invalid, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_1_open_invalid, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_1_open_invalid, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_1_open_invalid, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_1_open_invalid, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_1_open_invalid, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_1_open_invalid, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_1_open_invalid, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_1_open_invalid, SAME),
	},
	[TCPFSM_EV_SEND] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_2_send_closing, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_2_send_closing, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_2_send_queued, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_2_send_queued, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_2_send, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_2_send_closing, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_2_send_closing, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_2_send, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_2_send_closing, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_2_send_closing, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_2_send_closing, SAME),
	},
	[TCPFSM_EV_CLOSE] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_4_close_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_4_close_delete, CLOSE),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_4_close_delete, CLOSE),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_4_close_send_fin, FIN_WAIT1),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_4_close_send_fin, FIN_WAIT1),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_4_close_fin_sent, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_4_close_fin_sent, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_4_close_send_fin, LAST_ACK),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_4_close_fin_sent, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_4_close_fin_sent, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_4_close_fin_sent, SAME),
	},
	[TCPFSM_EV_SHUTDOWN] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_4_shutdown_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_4_shutdown_nothing, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_4_close_delete, CLOSE),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_4_close_send_fin, FIN_WAIT1),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_4_close_send_fin, FIN_WAIT1),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_4_shutdown_nothing, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_4_shutdown_nothing, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_4_close_send_fin, LAST_ACK),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_4_shutdown_nothing, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_4_shutdown_nothing, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_4_shutdown_nothing, SAME),
	},
	[TCPFSM_EV_ABORT] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_5_abort_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_5_abort_quiet, CLOSE),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_5_abort_quiet, CLOSE),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_5_abort_reset, CLOSE),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_5_abort_reset, CLOSE),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_5_abort_reset, CLOSE),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_5_abort_reset, CLOSE),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_5_abort_reset, CLOSE),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_5_abort_quiet, CLOSE),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_5_abort_quiet, CLOSE),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_5_abort_quiet, CLOSE),
	},
	/* ---- segments ---- */
	[TCPFSM_EV_SYN] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_syn, SYN_RECV),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_syn, SYN_RECV),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_7_4_syn_recv_syn, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc5961_4_syn_challenge, SAME),
	},
	[TCPFSM_EV_SYN_ACK] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_other, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_syn_ack, ESTABLISHED),
		[TCPFSM_SYN_RECV]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc5961_4_syn_challenge, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc5961_4_syn_challenge, SAME),
	},
	[TCPFSM_EV_ACK] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_other, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_drop, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_7_4_syn_recv_ack, ESTABLISHED),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_7_4_ack, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_7_4_ack, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_7_4_ack_fin_wait2, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_7_4_ack, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_7_4_ack, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_7_4_ack, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_7_4_time_wait_segment, SAME),
	},
	[TCPFSM_EV_ACK_OF_FIN] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_other, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_drop, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_7_4_syn_recv_ack, ESTABLISHED),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_7_4_ack, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_7_4_fin_wait1_ack_of_fin, FIN_WAIT2),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_7_4_ack_fin_wait2, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_7_4_ack, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_7_4_closing_ack_of_fin, TIME_WAIT),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_7_4_last_ack_ack_of_fin, CLOSE),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_7_4_time_wait_segment, SAME),
	},
	[TCPFSM_EV_DATA] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_other, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_drop, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_7_4_syn_recv_ack, ESTABLISHED),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_7_4_text, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_7_4_text, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_7_4_text, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_7_4_text_after_fin, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_7_4_text_after_fin, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_7_4_text_after_fin, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_7_4_time_wait_segment, SAME),
	},
	[TCPFSM_EV_FIN] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_other, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_drop, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_7_4_syn_recv_fin, CLOSE_WAIT),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_7_4_fin, CLOSE_WAIT),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_7_4_fin, CLOSING),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_7_4_fin_to_time_wait, TIME_WAIT),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_7_4_text_after_fin, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_7_4_text_after_fin, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_7_4_text_after_fin, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_7_4_time_wait_segment, SAME),
	},
	[TCPFSM_EV_FIN_ACK] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_other, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_drop, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_7_4_syn_recv_fin, CLOSE_WAIT),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_7_4_fin, CLOSE_WAIT),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_7_4_fin_to_time_wait, TIME_WAIT),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_7_4_fin_to_time_wait, TIME_WAIT),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_7_4_text_after_fin, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_7_4_closing_ack_of_fin, TIME_WAIT),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_7_4_last_ack_ack_of_fin, CLOSE),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_7_4_time_wait_segment, SAME),
	},
	[TCPFSM_EV_RST] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_rst, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_rst, CLOSE),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_7_4_syn_recv_rst, LISTEN),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_7_4_rst, CLOSE),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_7_4_rst, CLOSE),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_7_4_rst, CLOSE),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_7_4_rst, CLOSE),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_7_4_rst_closing, CLOSE),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_7_4_rst_closing, CLOSE),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_7_4_rst_closing, CLOSE),
	},
	[TCPFSM_EV_RST_IN_WINDOW] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_rst, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_drop, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc5961_3_rst_challenge, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc5961_3_rst_challenge, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc5961_3_rst_challenge, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc5961_3_rst_challenge, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc5961_3_rst_challenge, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc5961_3_rst_challenge, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc5961_3_rst_challenge, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc5961_3_rst_challenge, SAME),
	},
	[TCPFSM_EV_UNACCEPTABLE] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_other, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_drop, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_7_4_unacceptable, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_7_4_unacceptable, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_7_4_unacceptable, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_7_4_unacceptable, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_7_4_unacceptable, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_7_4_unacceptable, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_7_4_unacceptable, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_7_4_time_wait_unacceptable, SAME),
	},
	[TCPFSM_EV_BAD_ACK] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_other, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_bad_ack, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_7_4_syn_recv_bad_ack, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_7_4_bad_ack, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_7_4_bad_ack, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_7_4_bad_ack, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_7_4_bad_ack, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_7_4_bad_ack, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_7_4_bad_ack, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_7_4_bad_ack, SAME),
	},
	/*
	 * Classified in FIN-WAIT-1 and -2 only; elsewhere text (a SYN-RECEIVED
	 * child cannot have closed: it drops it, and draws no arc).
	 */
	[TCPFSM_EV_TEXT_AFTER_CLOSE] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_other, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_drop, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_7_4_drop, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_7_4_text, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc1122_4_2_2_13_text_after_close, CLOSE),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc1122_4_2_2_13_text_after_close, CLOSE),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_7_4_text_after_fin, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_7_4_text_after_fin, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_7_4_text_after_fin, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_7_4_time_wait_segment, SAME),
	},
	[TCPFSM_EV_DROP] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_7_1_closed, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_7_2_listen_other, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_7_3_syn_sent_drop, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_7_4_drop, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_7_4_drop, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_7_4_drop, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_7_4_drop, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_7_4_drop, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_7_4_drop, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_7_4_drop, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_7_4_drop, SAME),
	},
	/* ---- timers ---- */
	[TCPFSM_EV_RETRANS_TIMEOUT] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_8_1_retransmit, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_8_1_retransmit, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_8_1_retransmit, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_8_1_retransmit, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_8_1_retransmit, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_8_1_retransmit, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_8_1_retransmit, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_8_stale_timer, SAME),
	},
	[TCPFSM_EV_RETRANS_GIVE_UP] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_8_3_give_up, CLOSE),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_8_3_syn_recv_give_up, LISTEN),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_8_3_give_up, CLOSE),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_8_3_give_up, CLOSE),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_8_3_give_up, CLOSE),
		[TCPFSM_CLOSING]	= CELL(rfc_3_8_3_give_up, CLOSE),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_8_3_give_up, CLOSE),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_8_stale_timer, SAME),
	},
	[TCPFSM_EV_TIME_WAIT_TIMEOUT] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_8_time_wait_timeout, CLOSE),
	},
	[TCPFSM_EV_KEEPALIVE_TIMEOUT] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_8_4_keepalive_probe, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_8_4_keepalive_probe, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_8_4_keepalive_probe, SAME),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_8_4_keepalive_probe, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_8_stale_timer, SAME),
	},
	[TCPFSM_EV_KEEPALIVE_GIVE_UP] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_8_4_keepalive_dead, CLOSE),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_8_4_keepalive_dead, CLOSE),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_8_4_keepalive_dead, CLOSE),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_8_4_keepalive_dead, CLOSE),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_8_stale_timer, SAME),
	},
	[TCPFSM_EV_FIN_WAIT2_TIMEOUT] = {
		[TCPFSM_CLOSE]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_LISTEN]		= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_SYN_SENT]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_SYN_RECV]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_ESTABLISHED]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_FIN_WAIT1]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_FIN_WAIT2]	= CELL(rfc_3_10_8_fin_wait2_timeout, CLOSE),
		[TCPFSM_CLOSE_WAIT]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_CLOSING]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_LAST_ACK]	= CELL(rfc_3_10_8_stale_timer, SAME),
		[TCPFSM_TIME_WAIT]	= CELL(rfc_3_10_8_stale_timer, SAME),
	},
};
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_table);

const char *const tcpfsm_event_names[TCPFSM_NR_EVENTS] = {
	[TCPFSM_EV_ACTIVE_OPEN]		= "active_open",
	[TCPFSM_EV_PASSIVE_OPEN]	= "passive_open",
	[TCPFSM_EV_SEND]		= "send",
	[TCPFSM_EV_CLOSE]		= "close",
	[TCPFSM_EV_SHUTDOWN]		= "shutdown",
	[TCPFSM_EV_ABORT]		= "abort",
	[TCPFSM_EV_SYN]			= "syn",
	[TCPFSM_EV_SYN_ACK]		= "syn_ack",
	[TCPFSM_EV_ACK]			= "ack",
	[TCPFSM_EV_ACK_OF_FIN]		= "ack_of_fin",
	[TCPFSM_EV_DATA]		= "data",
	[TCPFSM_EV_FIN]			= "fin",
	[TCPFSM_EV_FIN_ACK]		= "fin_ack",
	[TCPFSM_EV_RST]			= "rst",
	[TCPFSM_EV_RST_IN_WINDOW]	= "rst_in_window",
	[TCPFSM_EV_UNACCEPTABLE]	= "unacceptable",
	[TCPFSM_EV_BAD_ACK]		= "bad_ack",
	[TCPFSM_EV_TEXT_AFTER_CLOSE]	= "text_after_close",
	[TCPFSM_EV_DROP]		= "drop",
	[TCPFSM_EV_RETRANS_TIMEOUT]	= "retrans_timeout",
	[TCPFSM_EV_RETRANS_GIVE_UP]	= "retrans_give_up",
	[TCPFSM_EV_TIME_WAIT_TIMEOUT]	= "time_wait_timeout",
	[TCPFSM_EV_KEEPALIVE_TIMEOUT]	= "keepalive_timeout",
	[TCPFSM_EV_KEEPALIVE_GIVE_UP]	= "keepalive_give_up",
	[TCPFSM_EV_FIN_WAIT2_TIMEOUT]	= "fin_wait2_timeout",
};
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_event_names);

/**
 * tcpfsm_step() - look up one event in the table and run its action.
 * @tcb: the connection (its state selects the column)
 * @ev: the event
 * @seg: the segment, for segment events; NULL otherwise
 * @res: filled with the decision
 *
 * The next state is the cell's, unless the action set one itself (only
 * SYN-RECEIVED's RST and give-up, which RFC 9293 makes depend on how the
 * connection was opened).  An event out of range, or a state that is none of the eleven, is
 * discarded rather than trusted.
 */
void tcpfsm_step(const struct tcpfsm_tcb *tcb, enum tcpfsm_event ev,
		 const struct tcpfsm_seg *seg, struct tcpfsm_result *res)
{
	static const struct tcpfsm_seg none;
	const struct tcpfsm_cell *cell;

	memset(res, 0, sizeof(*res));
	if ((unsigned int)ev >= TCPFSM_NR_EVENTS ||
	    tcb->state < TCPFSM_ESTABLISHED || tcb->state >= TCPFSM_MAX_STATES) {
		res->cmds = TCPFSM_CMD_DISCARD;
		res->action = "invalid";
		return;
	}
	cell = &tcpfsm_table[ev][tcb->state];
	cell->action(tcb, seg ? seg : &none, res);
	if (!res->next)
		res->next = cell->next;
	res->action = cell->name;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_step);
