/* SPDX-License-Identifier: GPL-2.0 */
/* shim/linux/export.h: nothing to export in user space. */
