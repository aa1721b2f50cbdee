// SPDX-License-Identifier: GPL-2.0
/* segment_test.c: KUnit cases for module/segment.c: parsing, checksum, RST. */
#include <kunit/test.h>
#include <kunit/visibility.h>
#include <linux/module.h>
#include <linux/string.h>

#include "segment.h"

/*
 * A SYN from 10.0.0.1:40000 to 10.0.0.2:80, seq 0x01020304, window 65535,
 * MSS 1460; its checksums were computed apart, with RFC 1071's algorithm.
 */
static const u8 syn_mss[] = {
	0x9c, 0x40, 0x00, 0x50, 0x01, 0x02, 0x03, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x60, 0x02, 0xff, 0xff,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
};

#define ADDR(a, b, c, d)	cpu_to_be32(((a) << 24) | ((b) << 16) | ((c) << 8) | (d))

static void build(u8 *buf, const u8 *opts, unsigned int optlen, u8 flags)
{
	memset(buf, 0, TCPFSM_HDR_MAX);
	memcpy(buf, syn_mss, TCPFSM_HDR_MIN);
	buf[12] = ((TCPFSM_HDR_MIN + optlen) / 4) << 4;
	buf[13] = flags;
	memcpy(buf + TCPFSM_HDR_MIN, opts, optlen);
}

static void tcpfsm_seg_parse__syn_with_mss(struct kunit *test)
{
	struct tcpfsm_seg seg;

	KUNIT_ASSERT_EQ(test, 0, tcpfsm_seg_parse(syn_mss, sizeof(syn_mss), &seg));
	KUNIT_EXPECT_EQ(test, seg.sport, 40000);
	KUNIT_EXPECT_EQ(test, seg.dport, 80);
	KUNIT_EXPECT_EQ(test, seg.seq, 0x01020304U);
	KUNIT_EXPECT_EQ(test, seg.wnd, 65535);
	KUNIT_EXPECT_EQ(test, seg.flags, TCPFSM_SYN);
	KUNIT_EXPECT_EQ(test, seg.hdrlen, 24);
	KUNIT_EXPECT_EQ(test, seg.datalen, 0U);
	KUNIT_EXPECT_EQ(test, seg.mss, 1460);
	KUNIT_EXPECT_EQ(test, tcpfsm_seg_len(&seg), 1U);
}

static void tcpfsm_seg_parse__data_and_fin_count_in_len(struct kunit *test)
{
	u8 buf[TCPFSM_HDR_MAX + 10];
	struct tcpfsm_seg seg;

	build(buf, NULL, 0, TCPFSM_ACK | TCPFSM_FIN);
	KUNIT_ASSERT_EQ(test, 0, tcpfsm_seg_parse(buf, TCPFSM_HDR_MIN + 10, &seg));
	KUNIT_EXPECT_EQ(test, seg.datalen, 10U);
	KUNIT_EXPECT_EQ(test, tcpfsm_seg_len(&seg), 11U);
}

static void tcpfsm_seg_parse__short_header(struct kunit *test)
{
	struct tcpfsm_seg seg;

	KUNIT_EXPECT_EQ(test, -EBADMSG,
			tcpfsm_seg_parse(syn_mss, TCPFSM_HDR_MIN - 1, &seg));
	KUNIT_EXPECT_EQ(test, -EBADMSG, tcpfsm_seg_parse(syn_mss, 0, &seg));
}

static void tcpfsm_seg_parse__data_offset_below_five(struct kunit *test)
{
	u8 buf[TCPFSM_HDR_MAX];
	struct tcpfsm_seg seg;
	u8 doff;

	for (doff = 0; doff < 5; doff++) {
		build(buf, NULL, 0, TCPFSM_ACK);
		buf[12] = doff << 4;
		KUNIT_EXPECT_EQ(test, -EBADMSG,
				tcpfsm_seg_parse(buf, sizeof(buf), &seg));
	}
}

static void tcpfsm_seg_parse__data_offset_past_end(struct kunit *test)
{
	struct tcpfsm_seg seg;

	/* syn_mss says 24 bytes of header; give it 23. */
	KUNIT_EXPECT_EQ(test, -EBADMSG,
			tcpfsm_seg_parse(syn_mss, sizeof(syn_mss) - 1, &seg));
}

static void tcpfsm_seg_parse__mss_ignored_without_syn(struct kunit *test)
{
	static const u8 opts[] = { 2, 4, 0x05, 0xb4 };
	u8 buf[TCPFSM_HDR_MAX];
	struct tcpfsm_seg seg;

	build(buf, opts, sizeof(opts), TCPFSM_ACK);
	KUNIT_ASSERT_EQ(test, 0, tcpfsm_seg_parse(buf, 24, &seg));
	KUNIT_EXPECT_EQ(test, seg.mss, 0);
}

static void tcpfsm_seg_parse__malformed_options_drop(struct kunit *test)
{
	static const u8 opts[] = { 2, 3, 0x05, 0x01 };	/* MSS of length 3 */
	u8 buf[TCPFSM_HDR_MAX];
	struct tcpfsm_seg seg;

	build(buf, opts, sizeof(opts), TCPFSM_SYN);
	KUNIT_EXPECT_EQ(test, -EINVAL, tcpfsm_seg_parse(buf, 24, &seg));
}

static void tcpfsm_csum__known_segment(struct kunit *test)
{
	__be32 src = ADDR(10, 0, 0, 1), dst = ADDR(10, 0, 0, 2);

	KUNIT_EXPECT_EQ(test, (__force u16)tcpfsm_csum(src, dst, 253, syn_mss, sizeof(syn_mss)),
			(__force u16)cpu_to_be16(0xe296));
	/* The same bytes as TCP (protocol 6) sum differently. */
	KUNIT_EXPECT_EQ(test, (__force u16)tcpfsm_csum(src, dst, 6, syn_mss, sizeof(syn_mss)),
			(__force u16)cpu_to_be16(0xe38d));
}

static void tcpfsm_csum__valid_segment_verifies_to_zero(struct kunit *test)
{
	__be32 src = ADDR(10, 0, 0, 1), dst = ADDR(10, 0, 0, 2);
	u8 buf[sizeof(syn_mss)];
	__sum16 c;

	memcpy(buf, syn_mss, sizeof(buf));
	c = tcpfsm_csum(src, dst, 253, buf, sizeof(buf));
	memcpy(buf + 16, &c, sizeof(c));
	KUNIT_EXPECT_EQ(test, (__force u16)tcpfsm_csum(src, dst, 253, buf, sizeof(buf)), 0);
}

static void tcpfsm_csum__flipped_bit_detected(struct kunit *test)
{
	__be32 src = ADDR(10, 0, 0, 1), dst = ADDR(10, 0, 0, 2);
	u8 buf[sizeof(syn_mss)];
	__sum16 c;
	unsigned int bit;

	memcpy(buf, syn_mss, sizeof(buf));
	c = tcpfsm_csum(src, dst, 253, buf, sizeof(buf));
	memcpy(buf + 16, &c, sizeof(c));
	for (bit = 0; bit < sizeof(buf) * 8; bit++) {
		buf[bit / 8] ^= 1 << (bit % 8);
		KUNIT_EXPECT_NE(test, (__force u16)tcpfsm_csum(src, dst, 253, buf, sizeof(buf)), 0);
		buf[bit / 8] ^= 1 << (bit % 8);
	}
	/* A wrong pseudo-header (another destination) is caught too. */
	dst = ADDR(10, 0, 0, 3);
	KUNIT_EXPECT_NE(test, (__force u16)tcpfsm_csum(src, dst, 253, buf, sizeof(buf)), 0);
}

static void tcpfsm_reset_for__segment_with_ack(struct kunit *test)
{
	struct tcpfsm_seg seg = { .seq = 100, .ack = 5000,
				  .flags = TCPFSM_ACK | TCPFSM_PSH, .datalen = 7 };
	struct tcpfsm_reply rst;

	KUNIT_ASSERT_TRUE(test, tcpfsm_reset_for(&seg, &rst));
	KUNIT_EXPECT_EQ(test, rst.flags, TCPFSM_RST);
	KUNIT_EXPECT_EQ(test, rst.seq, 5000U);
}

static void tcpfsm_reset_for__syn_without_ack(struct kunit *test)
{
	struct tcpfsm_seg seg = { .seq = 0xffffffff, .flags = TCPFSM_SYN };
	struct tcpfsm_reply rst;

	KUNIT_ASSERT_TRUE(test, tcpfsm_reset_for(&seg, &rst));
	KUNIT_EXPECT_EQ(test, rst.flags, TCPFSM_RST | TCPFSM_ACK);
	KUNIT_EXPECT_EQ(test, rst.seq, 0U);
	KUNIT_EXPECT_EQ(test, rst.ack, 0U);	/* SEG.SEQ + 1 wraps */
}

static void tcpfsm_reset_for__data_and_fin_without_ack(struct kunit *test)
{
	struct tcpfsm_seg seg = { .seq = 1000, .flags = TCPFSM_FIN, .datalen = 20 };
	struct tcpfsm_reply rst;

	KUNIT_ASSERT_TRUE(test, tcpfsm_reset_for(&seg, &rst));
	KUNIT_EXPECT_EQ(test, rst.ack, 1021U);
}

static void tcpfsm_reset_for__rst_never_answered(struct kunit *test)
{
	struct tcpfsm_seg rst_ack = { .flags = TCPFSM_RST | TCPFSM_ACK };
	struct tcpfsm_seg rst = { .flags = TCPFSM_RST };
	struct tcpfsm_reply reply;

	KUNIT_EXPECT_FALSE(test, tcpfsm_reset_for(&rst_ack, &reply));
	KUNIT_EXPECT_FALSE(test, tcpfsm_reset_for(&rst, &reply));
}

static struct kunit_case segment_test_cases[] = {
	KUNIT_CASE(tcpfsm_seg_parse__syn_with_mss),
	KUNIT_CASE(tcpfsm_seg_parse__data_and_fin_count_in_len),
	KUNIT_CASE(tcpfsm_seg_parse__short_header),
	KUNIT_CASE(tcpfsm_seg_parse__data_offset_below_five),
	KUNIT_CASE(tcpfsm_seg_parse__data_offset_past_end),
	KUNIT_CASE(tcpfsm_seg_parse__mss_ignored_without_syn),
	KUNIT_CASE(tcpfsm_seg_parse__malformed_options_drop),
	KUNIT_CASE(tcpfsm_csum__known_segment),
	KUNIT_CASE(tcpfsm_csum__valid_segment_verifies_to_zero),
	KUNIT_CASE(tcpfsm_csum__flipped_bit_detected),
	KUNIT_CASE(tcpfsm_reset_for__segment_with_ack),
	KUNIT_CASE(tcpfsm_reset_for__syn_without_ack),
	KUNIT_CASE(tcpfsm_reset_for__data_and_fin_without_ack),
	KUNIT_CASE(tcpfsm_reset_for__rst_never_answered),
	{}
};

static struct kunit_suite segment_test_suite = {
	.name = "tcpfsm_segment",
	.test_cases = segment_test_cases,
};

kunit_test_suites(&segment_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suites for tcpfsm");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
