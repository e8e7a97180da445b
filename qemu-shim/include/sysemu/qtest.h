/*
 * sysemu/qtest.h - whether the qtest accelerator runs, QEMU 7.2 API.
 *
 * QEMU sets qtest_allowed only for -accel qtest (Debian's build has none:
 * its qtest runs beside TCG with the CPU held, and reads false). The shim
 * leaves it false, so code that asks (ptimer's rate limit and messages)
 * behaves as the qemu-system-arm we compare with; a test may set it.
 */
#ifndef QEMU_SYSEMU_QTEST_H
#define QEMU_SYSEMU_QTEST_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

extern bool qtest_allowed;

static inline bool qtest_enabled(void)
{
    return qtest_allowed;
}

G_END_DECLS

#endif /* QEMU_SYSEMU_QTEST_H */
