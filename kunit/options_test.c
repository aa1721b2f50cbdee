// SPDX-License-Identifier: GPL-2.0
/* options_test.c: KUnit cases for module/options.c: parsing, building, negotiation, PAWS. */
#include <kunit/test.h>
#include <linux/string.h>

#include "fsm.h"
#include "options.h"

/* Parse @len option bytes as those of a segment with @flags. */
static int parse(const u8 *opt, unsigned int len, u8 flags,
		 struct tcpfsm_seg *seg)
{
	memset(seg, 0xa5, sizeof(*seg));	/* what parsing must overwrite */
	seg->flags = flags;
	return tcpfsm_parse_options(opt, len, seg);
}

static void tcpfsm_parse_options__nop_and_end(struct kunit *test)
{
	/* NOP NOP MSS(1000) END, then garbage that END hides. */
	static const u8 opts[] = { 1, 1, 2, 4, 0x03, 0xe8, 0, 0xff };
	struct tcpfsm_seg seg;

	KUNIT_EXPECT_EQ(test, 0, parse(opts, sizeof(opts), TCPFSM_SYN, &seg));
	KUNIT_EXPECT_EQ(test, seg.mss, 1000);
	KUNIT_EXPECT_EQ(test, seg.opts, 0);
}

static void tcpfsm_parse_options__unknown_skipped_by_length(struct kunit *test)
{
	/* An unknown kind 99 of length 6, then MSS 536. */
	static const u8 opts[] = { 99, 6, 1, 2, 3, 4, 2, 4, 0x02, 0x18 };
	struct tcpfsm_seg seg;

	KUNIT_EXPECT_EQ(test, 0, parse(opts, sizeof(opts), TCPFSM_SYN, &seg));
	KUNIT_EXPECT_EQ(test, seg.mss, 536);
}

static void tcpfsm_parse_options__length_byte_missing(struct kunit *test)
{
	static const u8 opts[] = { 1, 1, 1, 8 };
	struct tcpfsm_seg seg;

	KUNIT_EXPECT_EQ(test, -EINVAL, parse(opts, sizeof(opts), TCPFSM_SYN, &seg));
}

static void tcpfsm_parse_options__length_below_two(struct kunit *test)
{
	static const u8 zero[] = { 8, 0, 1, 1 };
	static const u8 one[] = { 8, 1, 1, 1 };
	struct tcpfsm_seg seg;

	KUNIT_EXPECT_EQ(test, -EINVAL, parse(zero, sizeof(zero), TCPFSM_SYN, &seg));
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(one, sizeof(one), TCPFSM_SYN, &seg));
}

static void tcpfsm_parse_options__length_past_end(struct kunit *test)
{
	static const u8 opts[] = { 1, 1, 8, 10 };
	struct tcpfsm_seg seg;

	KUNIT_EXPECT_EQ(test, -EINVAL, parse(opts, sizeof(opts), TCPFSM_SYN, &seg));
}

/* What Linux's connect() sends: MSS, SACK-permitted, timestamps, NOP, WS 7. */
static const u8 linux_syn[] = {
	2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0x12, 0x34, 0x56, 0x78,
	0, 0, 0, 0, 1, 3, 3, 7,
};

static void tcpfsm_parse_options__linux_syn(struct kunit *test)
{
	struct tcpfsm_seg seg;

	KUNIT_ASSERT_EQ(test, 0, parse(linux_syn, sizeof(linux_syn), TCPFSM_SYN, &seg));
	KUNIT_EXPECT_EQ(test, seg.mss, 65495);
	KUNIT_EXPECT_EQ(test, seg.opts, TCPFSM_OPTF_WSCALE | TCPFSM_OPTF_TS |
					TCPFSM_OPTF_SACK);
	KUNIT_EXPECT_EQ(test, seg.wscale, 7);
	KUNIT_EXPECT_EQ(test, seg.tsval, 0x12345678U);
	KUNIT_EXPECT_EQ(test, seg.tsecr, 0U);
}

static void tcpfsm_parse_options__no_options_clears_all(struct kunit *test)
{
	struct tcpfsm_seg seg;

	KUNIT_ASSERT_EQ(test, 0, parse(NULL, 0, TCPFSM_SYN, &seg));
	KUNIT_EXPECT_EQ(test, seg.mss, 0);
	KUNIT_EXPECT_EQ(test, seg.opts, 0);
	KUNIT_EXPECT_EQ(test, seg.wscale, 0);
	KUNIT_EXPECT_EQ(test, seg.tsval, 0U);
	KUNIT_EXPECT_EQ(test, seg.tsecr, 0U);
}

static void tcpfsm_parse_options__wscale_and_mss_only_on_syn(struct kunit *test)
{
	struct tcpfsm_seg seg;

	KUNIT_ASSERT_EQ(test, 0, parse(linux_syn, sizeof(linux_syn), TCPFSM_ACK, &seg));
	KUNIT_EXPECT_EQ(test, seg.mss, 0);
	KUNIT_EXPECT_EQ(test, seg.opts, TCPFSM_OPTF_TS);
	KUNIT_EXPECT_EQ(test, seg.wscale, 0);
}

static void tcpfsm_parse_options__timestamps_on_any_segment(struct kunit *test)
{
	static const u8 opts[] = { 1, 1, 8, 10, 0, 0, 0, 5, 0xff, 0xff, 0xff, 0xfe };
	struct tcpfsm_seg seg;

	KUNIT_ASSERT_EQ(test, 0, parse(opts, sizeof(opts), TCPFSM_ACK | TCPFSM_FIN, &seg));
	KUNIT_EXPECT_EQ(test, seg.opts, TCPFSM_OPTF_TS);
	KUNIT_EXPECT_EQ(test, seg.tsval, 5U);
	KUNIT_EXPECT_EQ(test, seg.tsecr, 0xfffffffeU);
}

static void tcpfsm_parse_options__wscale_above_14_taken_as_14(struct kunit *test)
{
	static const u8 opts[] = { 1, 3, 3, 15 };
	struct tcpfsm_seg seg;

	KUNIT_ASSERT_EQ(test, 0, parse(opts, sizeof(opts), TCPFSM_SYN, &seg));
	KUNIT_EXPECT_EQ(test, seg.opts, TCPFSM_OPTF_WSCALE);
	KUNIT_EXPECT_EQ(test, seg.wscale, TCPFSM_WSCALE_MAX);
}

static void tcpfsm_parse_options__known_kind_of_wrong_length(struct kunit *test)
{
	static const u8 mss3[] = { 2, 3, 0x05, 0x01 };
	static const u8 ws4[] = { 3, 4, 7, 0 };
	static const u8 ts8[] = { 8, 8, 0, 0, 0, 1, 0, 0 };
	struct tcpfsm_seg seg;

	KUNIT_EXPECT_EQ(test, -EINVAL, parse(mss3, sizeof(mss3), TCPFSM_SYN, &seg));
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(ws4, sizeof(ws4), TCPFSM_SYN, &seg));
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(ts8, sizeof(ts8), TCPFSM_ACK, &seg));
}

static void tcpfsm_opts_build__syn_with_everything(struct kunit *test)
{
	static const u8 want[] = {
		2, 4, 0x05, 0xb4,
		1, 1, 8, 10, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0,
		1, 3, 3, 7,
	};
	struct tcpfsm_opts_tx tx = {
		.opts = TCPFSM_OPTF_WSCALE | TCPFSM_OPTF_TS,
		.mss = 1460, .wscale = 7, .tsval = 0xdeadbeef, .tsecr = 0,
	};
	u8 buf[TCPFSM_OPT_MAX + 4];

	memset(buf, 0x5a, sizeof(buf));
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_len(&tx), sizeof(want));
	KUNIT_ASSERT_EQ(test, tcpfsm_opts_build(buf, &tx), sizeof(want));
	KUNIT_EXPECT_LE(test, tcpfsm_opts_len(&tx), (unsigned int)TCPFSM_OPT_MAX);
	KUNIT_EXPECT_MEMEQ(test, buf, want, sizeof(want));
	KUNIT_EXPECT_EQ(test, buf[sizeof(want)], 0x5a);	/* nothing past */
}

static void tcpfsm_opts_build__timestamps_alone_aligned(struct kunit *test)
{
	static const u8 want[] = { 1, 1, 8, 10, 0, 0, 0, 9, 0, 0, 0, 3 };
	struct tcpfsm_opts_tx tx = {
		/* window scale without an MSS: not a SYN, not sent */
		.opts = TCPFSM_OPTF_WSCALE | TCPFSM_OPTF_TS,
		.wscale = 7, .tsval = 9, .tsecr = 3,
	};
	u8 buf[TCPFSM_OPT_MAX];

	KUNIT_EXPECT_EQ(test, tcpfsm_opts_len(&tx), (unsigned int)TCPFSM_TS_ALIGNED);
	KUNIT_ASSERT_EQ(test, tcpfsm_opts_build(buf, &tx), sizeof(want));
	KUNIT_EXPECT_MEMEQ(test, buf, want, sizeof(want));
}

static void tcpfsm_opts_build__nothing(struct kunit *test)
{
	struct tcpfsm_opts_tx tx = {};
	u8 buf[4] = { 0x5a };

	KUNIT_EXPECT_EQ(test, tcpfsm_opts_len(&tx), 0U);
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_build(buf, &tx), 0U);
	KUNIT_EXPECT_EQ(test, buf[0], 0x5a);
}

static void tcpfsm_opts_build__parses_back(struct kunit *test)
{
	struct tcpfsm_opts_tx tx = {
		.opts = TCPFSM_OPTF_WSCALE | TCPFSM_OPTF_TS,
		.mss = 536, .wscale = 14, .tsval = 1, .tsecr = 0x80000000,
	};
	struct tcpfsm_seg seg;
	u8 buf[TCPFSM_OPT_MAX];
	unsigned int len = tcpfsm_opts_build(buf, &tx);

	KUNIT_EXPECT_EQ(test, len % 4, 0U);
	KUNIT_ASSERT_EQ(test, 0, parse(buf, len, TCPFSM_SYN | TCPFSM_ACK, &seg));
	KUNIT_EXPECT_EQ(test, seg.mss, 536);
	KUNIT_EXPECT_EQ(test, seg.opts, tx.opts);
	KUNIT_EXPECT_EQ(test, seg.wscale, 14);
	KUNIT_EXPECT_EQ(test, seg.tsval, 1U);
	KUNIT_EXPECT_EQ(test, seg.tsecr, 0x80000000U);
}

static void tcpfsm_parse_options__sack_permitted_only_on_syn(struct kunit *test)
{
	static const u8 opts[] = { 1, 1, 4, 2 };
	static const u8 bad[] = { 4, 3, 0, 1 };
	struct tcpfsm_seg seg;

	KUNIT_ASSERT_EQ(test, 0, parse(opts, sizeof(opts), TCPFSM_SYN, &seg));
	KUNIT_EXPECT_EQ(test, seg.opts, TCPFSM_OPTF_SACK);
	KUNIT_ASSERT_EQ(test, 0, parse(opts, sizeof(opts), TCPFSM_ACK, &seg));
	KUNIT_EXPECT_EQ(test, seg.opts, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(bad, sizeof(bad), TCPFSM_SYN, &seg));
}

/* A header of Linux's shape: 20 bytes, NOP NOP TS, NOP NOP SACK of two. */
static void tcpfsm_parse_options__sack_blocks_found_in_the_header(struct kunit *test)
{
	static const u8 hdr[20 + 32] = {
		[20] = 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2,
		1, 1, 5, 18,
		0x10, 0, 0, 0, 0x10, 0, 0x05, 0xb4,
		0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 0x10,
	};
	struct tcpfsm_sack_block b[TCPFSM_SACK_MAX];
	struct tcpfsm_seg seg;

	KUNIT_ASSERT_EQ(test, 0, parse(hdr + 20, 32, TCPFSM_ACK, &seg));
	KUNIT_EXPECT_EQ(test, seg.opts, TCPFSM_OPTF_TS);
	KUNIT_ASSERT_EQ(test, seg.nsack, 2);
	KUNIT_EXPECT_EQ(test, seg.sack_off, 36);
	tcpfsm_opts_sack_get(hdr, &seg, b);
	KUNIT_EXPECT_EQ(test, b[0].start, 0x10000000U);
	KUNIT_EXPECT_EQ(test, b[0].end, 0x100005b4U);
	KUNIT_EXPECT_EQ(test, b[1].start, 0xfffffff0U);
	KUNIT_EXPECT_EQ(test, b[1].end, 0x10U);
}

static void tcpfsm_parse_options__sack_of_wrong_length(struct kunit *test)
{
	static const u8 empty[] = { 1, 1, 5, 2 };
	static const u8 odd[] = { 5, 11, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0 };
	u8 five[2 + 40] = { 5, 42 };
	struct tcpfsm_seg seg;

	KUNIT_EXPECT_EQ(test, -EINVAL, parse(empty, sizeof(empty), TCPFSM_ACK, &seg));
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(odd, sizeof(odd), TCPFSM_ACK, &seg));
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(five, sizeof(five), TCPFSM_ACK, &seg));
}

/* As Linux's SYN: MSS; SACK-permitted, timestamps; NOP, window scale. */
static void tcpfsm_opts_build__syn_with_sack_as_linux(struct kunit *test)
{
	struct tcpfsm_opts_tx tx = {
		.opts = TCPFSM_OPTF_WSCALE | TCPFSM_OPTF_TS | TCPFSM_OPTF_SACK,
		.mss = 65495, .wscale = 7, .tsval = 0x12345678, .tsecr = 0,
	};
	u8 buf[TCPFSM_OPT_MAX];

	KUNIT_EXPECT_EQ(test, tcpfsm_opts_len(&tx), sizeof(linux_syn));
	KUNIT_ASSERT_EQ(test, tcpfsm_opts_build(buf, &tx), sizeof(linux_syn));
	KUNIT_EXPECT_MEMEQ(test, buf, linux_syn, sizeof(linux_syn));
}

static void tcpfsm_opts_build__syn_with_sack_without_timestamps(struct kunit *test)
{
	static const u8 want[] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 7, 1, 1, 4, 2 };
	struct tcpfsm_opts_tx tx = {
		.opts = TCPFSM_OPTF_WSCALE | TCPFSM_OPTF_SACK,
		.mss = 1460, .wscale = 7,
	};
	struct tcpfsm_seg seg;
	u8 buf[TCPFSM_OPT_MAX];

	KUNIT_EXPECT_EQ(test, tcpfsm_opts_len(&tx), sizeof(want));
	KUNIT_ASSERT_EQ(test, tcpfsm_opts_build(buf, &tx), sizeof(want));
	KUNIT_EXPECT_MEMEQ(test, buf, want, sizeof(want));
	KUNIT_ASSERT_EQ(test, 0, parse(buf, sizeof(want), TCPFSM_SYN, &seg));
	KUNIT_EXPECT_EQ(test, seg.opts, tx.opts);
}

/* Timestamps and three blocks fill the 40 bytes; they parse back. */
static void tcpfsm_opts_build__ack_with_three_blocks_beside_timestamps(struct kunit *test)
{
	static const struct tcpfsm_sack_block blocks[] = {
		{ 5000, 6000 }, { 8000, 9000 }, { 0xfffff000, 100 },
	};
	struct tcpfsm_opts_tx tx = {
		.opts = TCPFSM_OPTF_TS | TCPFSM_OPTF_SACK, .tsval = 3,
		.tsecr = 4, .nsack = tcpfsm_opts_sack_room(TCPFSM_OPTF_TS |
							  TCPFSM_OPTF_SACK),
		.sack = blocks,
	};
	struct tcpfsm_sack_block b[TCPFSM_SACK_MAX];
	u8 hdr[20 + TCPFSM_OPT_MAX];
	struct tcpfsm_seg seg;
	unsigned int len, i;

	KUNIT_ASSERT_EQ(test, tx.nsack, 3);
	len = tcpfsm_opts_build(hdr + 20, &tx);
	KUNIT_EXPECT_EQ(test, len, (unsigned int)TCPFSM_OPT_MAX);
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_len(&tx), len);
	KUNIT_ASSERT_EQ(test, 0, parse(hdr + 20, len, TCPFSM_ACK, &seg));
	KUNIT_EXPECT_EQ(test, seg.opts, TCPFSM_OPTF_TS);
	KUNIT_EXPECT_EQ(test, seg.tsval, 3U);
	KUNIT_ASSERT_EQ(test, seg.nsack, 3);
	tcpfsm_opts_sack_get(hdr, &seg, b);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, b[i].start, blocks[i].start);
		KUNIT_EXPECT_EQ(test, b[i].end, blocks[i].end);
	}
}

static void tcpfsm_opts_sack_room__four_or_three_beside_timestamps(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_sack_room(0), 0U);
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_sack_room(TCPFSM_OPTF_TS), 0U);
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_sack_room(TCPFSM_OPTF_SACK), 4U);
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_sack_room(TCPFSM_OPTF_SACK |
						    TCPFSM_OPTF_TS), 3U);
}

static void tcpfsm_wscale_for__least_shift_that_reaches(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tcpfsm_wscale_for(0), 0);
	KUNIT_EXPECT_EQ(test, tcpfsm_wscale_for(65535), 0);
	KUNIT_EXPECT_EQ(test, tcpfsm_wscale_for(65536), 1);
	KUNIT_EXPECT_EQ(test, tcpfsm_wscale_for(212992), 2);
	KUNIT_EXPECT_EQ(test, tcpfsm_wscale_for(6 << 20), 7);	/* Linux's too */
	KUNIT_EXPECT_EQ(test, tcpfsm_wscale_for(65535U << 14), 14);
	KUNIT_EXPECT_EQ(test, tcpfsm_wscale_for(U32_MAX), TCPFSM_WSCALE_MAX);
}

static void tcpfsm_opts_agree__both_ends_must_offer(struct kunit *test)
{
	struct tcpfsm_seg syn = { .flags = TCPFSM_SYN };
	u8 all = TCPFSM_OPTF_WSCALE | TCPFSM_OPTF_TS | TCPFSM_OPTF_SACK;

	syn.opts = all;
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_agree(all, &syn), all);
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_agree(TCPFSM_OPTF_TS, &syn), TCPFSM_OPTF_TS);
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_agree(0, &syn), 0);
	syn.opts = TCPFSM_OPTF_WSCALE;
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_agree(all, &syn), TCPFSM_OPTF_WSCALE);
	syn.opts = TCPFSM_OPTF_SACK | TCPFSM_OPTF_TS;
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_agree(TCPFSM_OPTF_SACK, &syn),
			TCPFSM_OPTF_SACK);
	syn.opts = 0;
	KUNIT_EXPECT_EQ(test, tcpfsm_opts_agree(all, &syn), 0);
}

static void tcpfsm_ts_recent_ok__24_days_and_zero(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tcpfsm_ts_recent_ok(7, 1000, 1000));
	KUNIT_EXPECT_TRUE(test, tcpfsm_ts_recent_ok(7, 1000, 1000 + TCPFSM_PAWS_IDLE_S - 1));
	KUNIT_EXPECT_FALSE(test, tcpfsm_ts_recent_ok(7, 1000, 1000 + TCPFSM_PAWS_IDLE_S));
	KUNIT_EXPECT_FALSE(test, tcpfsm_ts_recent_ok(0, 1000, 1000));
	/* The seconds clock in 32 bits may wrap between the two. */
	KUNIT_EXPECT_TRUE(test, tcpfsm_ts_recent_ok(7, U32_MAX - 5, 10));
}

static const struct tcpfsm_tcb estab = {
	.state = TCPFSM_ESTABLISHED,
	.paws = true,
	.ts_recent = 1000,
	.iss = 500, .snd_una = 600, .snd_nxt = 600, .snd_wnd = 10000,
	.max_snd_wnd = 10000,
	.irs = 9000, .rcv_nxt = 10000, .rcv_wnd = 10000,
};

static struct tcpfsm_seg ts_seg(u8 flags, u32 tsval)
{
	return (struct tcpfsm_seg){
		.flags = flags, .seq = 10000, .ack = 600, .wnd = 1000,
		.datalen = 100, .opts = TCPFSM_OPTF_TS, .tsval = tsval,
	};
}

static void tcpfsm_paws_reject__older_tsval(struct kunit *test)
{
	struct tcpfsm_seg seg = ts_seg(TCPFSM_ACK, 999);

	KUNIT_EXPECT_TRUE(test, tcpfsm_paws_reject(&estab, &seg));
	seg.tsval = 1000 - 1;	/* Linux's TCP_PAWS_WINDOW would let this pass */
	KUNIT_EXPECT_TRUE(test, tcpfsm_paws_reject(&estab, &seg));
	seg.tsval = 1000;	/* equal is not older */
	KUNIT_EXPECT_FALSE(test, tcpfsm_paws_reject(&estab, &seg));
	seg.tsval = 1001;
	KUNIT_EXPECT_FALSE(test, tcpfsm_paws_reject(&estab, &seg));
}

static void tcpfsm_paws_reject__across_the_wrap(struct kunit *test)
{
	struct tcpfsm_tcb tcb = estab;
	struct tcpfsm_seg seg = ts_seg(TCPFSM_ACK, 5);

	tcb.ts_recent = 0xfffffff0U;
	KUNIT_EXPECT_FALSE(test, tcpfsm_paws_reject(&tcb, &seg));	/* newer */
	seg.tsval = 0xffffffe0U;
	KUNIT_EXPECT_TRUE(test, tcpfsm_paws_reject(&tcb, &seg));
}

static void tcpfsm_paws_reject__rst_and_no_timestamps_pass(struct kunit *test)
{
	struct tcpfsm_seg seg = ts_seg(TCPFSM_RST | TCPFSM_ACK, 1);
	struct tcpfsm_tcb tcb = estab;

	KUNIT_EXPECT_FALSE(test, tcpfsm_paws_reject(&estab, &seg));
	seg = ts_seg(TCPFSM_ACK, 1);
	seg.opts = 0;
	KUNIT_EXPECT_FALSE(test, tcpfsm_paws_reject(&estab, &seg));
	seg.opts = TCPFSM_OPTF_TS;
	tcb.paws = false;	/* no timestamps, or TS.Recent stale */
	KUNIT_EXPECT_FALSE(test, tcpfsm_paws_reject(&tcb, &seg));
}

static void tcpfsm_classify__paws_old_text_is_unacceptable(struct kunit *test)
{
	struct tcpfsm_seg seg = ts_seg(TCPFSM_ACK, 999);

	KUNIT_EXPECT_EQ(test, tcpfsm_classify(&estab, &seg), TCPFSM_EV_UNACCEPTABLE);
	seg.tsval = 1000;
	KUNIT_EXPECT_EQ(test, tcpfsm_classify(&estab, &seg), TCPFSM_EV_DATA);
}

static void tcpfsm_classify__paws_spares_rst_and_syn(struct kunit *test)
{
	struct tcpfsm_seg rst = ts_seg(TCPFSM_RST, 1);
	struct tcpfsm_seg syn = ts_seg(TCPFSM_SYN, 1);

	rst.datalen = 0;
	syn.datalen = 0;
	/* An exact RST resets, a SYN is challenged, old TSval or not. */
	KUNIT_EXPECT_EQ(test, tcpfsm_classify(&estab, &rst), TCPFSM_EV_RST);
	KUNIT_EXPECT_EQ(test, tcpfsm_classify(&estab, &syn), TCPFSM_EV_SYN);
}

static void tcpfsm_classify__paws_in_time_wait(struct kunit *test)
{
	struct tcpfsm_tcb tw = estab;
	struct tcpfsm_seg ack = ts_seg(TCPFSM_ACK, 1001);

	tw.state = TCPFSM_TIME_WAIT;
	tw.fin_sent = true;
	tw.rcv_wnd = 0;
	ack.datalen = 0;
	KUNIT_EXPECT_NE(test, tcpfsm_classify(&tw, &ack), TCPFSM_EV_UNACCEPTABLE);
	ack.tsval = 999;
	KUNIT_EXPECT_EQ(test, tcpfsm_classify(&tw, &ack), TCPFSM_EV_UNACCEPTABLE);
}

static struct kunit_case options_test_cases[] = {
	KUNIT_CASE(tcpfsm_parse_options__nop_and_end),
	KUNIT_CASE(tcpfsm_parse_options__unknown_skipped_by_length),
	KUNIT_CASE(tcpfsm_parse_options__length_byte_missing),
	KUNIT_CASE(tcpfsm_parse_options__length_below_two),
	KUNIT_CASE(tcpfsm_parse_options__length_past_end),
	KUNIT_CASE(tcpfsm_parse_options__linux_syn),
	KUNIT_CASE(tcpfsm_parse_options__no_options_clears_all),
	KUNIT_CASE(tcpfsm_parse_options__wscale_and_mss_only_on_syn),
	KUNIT_CASE(tcpfsm_parse_options__timestamps_on_any_segment),
	KUNIT_CASE(tcpfsm_parse_options__wscale_above_14_taken_as_14),
	KUNIT_CASE(tcpfsm_parse_options__known_kind_of_wrong_length),
	KUNIT_CASE(tcpfsm_opts_build__syn_with_everything),
	KUNIT_CASE(tcpfsm_opts_build__timestamps_alone_aligned),
	KUNIT_CASE(tcpfsm_opts_build__nothing),
	KUNIT_CASE(tcpfsm_opts_build__parses_back),
	KUNIT_CASE(tcpfsm_parse_options__sack_permitted_only_on_syn),
	KUNIT_CASE(tcpfsm_parse_options__sack_blocks_found_in_the_header),
	KUNIT_CASE(tcpfsm_parse_options__sack_of_wrong_length),
	KUNIT_CASE(tcpfsm_opts_build__syn_with_sack_as_linux),
	KUNIT_CASE(tcpfsm_opts_build__syn_with_sack_without_timestamps),
	KUNIT_CASE(tcpfsm_opts_build__ack_with_three_blocks_beside_timestamps),
	KUNIT_CASE(tcpfsm_opts_sack_room__four_or_three_beside_timestamps),
	KUNIT_CASE(tcpfsm_wscale_for__least_shift_that_reaches),
	KUNIT_CASE(tcpfsm_opts_agree__both_ends_must_offer),
	KUNIT_CASE(tcpfsm_ts_recent_ok__24_days_and_zero),
	KUNIT_CASE(tcpfsm_paws_reject__older_tsval),
	KUNIT_CASE(tcpfsm_paws_reject__across_the_wrap),
	KUNIT_CASE(tcpfsm_paws_reject__rst_and_no_timestamps_pass),
	KUNIT_CASE(tcpfsm_classify__paws_old_text_is_unacceptable),
	KUNIT_CASE(tcpfsm_classify__paws_spares_rst_and_syn),
	KUNIT_CASE(tcpfsm_classify__paws_in_time_wait),
	{}
};

static struct kunit_suite options_test_suite = {
	.name = "tcpfsm_options",
	.test_cases = options_test_cases,
};

kunit_test_suites(&options_test_suite);
