/* SPDX-License-Identifier: GPL-2.0 */
/* shim/linux/siphash.h: the key type only, for building module/fsm.c in user space. */
#include <linux/types.h>
typedef struct { u64 key[2]; } siphash_key_t;
