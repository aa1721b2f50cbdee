/* SPDX-License-Identifier: GPL-2.0 */
/* shim/kunit/visibility.h: nothing to export in user space. */
#define EXPORT_SYMBOL_IF_KUNIT(sym)
