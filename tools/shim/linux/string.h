/* SPDX-License-Identifier: GPL-2.0 */
/* shim/linux/string.h: the C library's string functions. */
#include <string.h>
