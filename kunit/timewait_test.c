// SPDX-License-Identifier: GPL-2.0
/* timewait_test.c: KUnit cases for module/timewait.c: the TIME_WAIT record stays small. */
#include <kunit/test.h>
#include <linux/slab.h>

#include "tcpfsm.h"

static void tcpfsm_tw__record_fits_in_256_bytes(struct kunit *test)
{
	kunit_info(test, "sizeof(struct tcpfsm_tw) = %zu, slab object %zu\n",
		   sizeof(struct tcpfsm_tw),
		   kmalloc_size_roundup(sizeof(struct tcpfsm_tw)));
	KUNIT_EXPECT_LE(test, sizeof(struct tcpfsm_tw), (size_t)256);
	/* It is much smaller than the socket it replaces. */
	KUNIT_EXPECT_LT(test, sizeof(struct tcpfsm_tw) * 4,
			sizeof(struct tcpfsm_sock));
}

static struct kunit_case timewait_test_cases[] = {
	KUNIT_CASE(tcpfsm_tw__record_fits_in_256_bytes),
	{}
};

static struct kunit_suite timewait_test_suite = {
	.name = "tcpfsm_timewait",
	.test_cases = timewait_test_cases,
};

kunit_test_suites(&timewait_test_suite);
