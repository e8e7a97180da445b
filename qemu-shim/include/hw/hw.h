/*
 * hw/hw.h - hw_error(), QEMU 7.2 API: a device model found itself in a
 * state it cannot handle; print the message and abort.
 */
#ifndef QEMU_HW_H
#define QEMU_HW_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

QEMU_NORETURN void hw_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

G_END_DECLS

#endif /* QEMU_HW_H */
