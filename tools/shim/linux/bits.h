/* SPDX-License-Identifier: GPL-2.0 */
/* shim/linux/bits.h: BIT(), for building module/fsm.c in user space. */
#define BIT(n)	(1UL << (n))
