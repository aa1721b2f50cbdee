/* SPDX-License-Identifier: GPL-2.0 */
/* shim/linux/types.h: the kernel's short integer types, for building module/fsm.c in user space. */
#ifndef TCPFSM_SHIM_TYPES_H
#define TCPFSM_SHIM_TYPES_H
#include_next <linux/types.h>
#include <stdbool.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
typedef struct { int counter; } atomic_t;
#endif
