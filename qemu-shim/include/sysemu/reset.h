/*
 * sysemu/reset.h - machine-wide reset handlers, QEMU 7.2 API.
 *
 * qemu_devices_reset() calls every registered handler in registration
 * order; the host calls it for a system reset.
 */
#ifndef QEMU_SYSEMU_RESET_H
#define QEMU_SYSEMU_RESET_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

typedef void QEMUResetHandler(void *opaque);

void qemu_register_reset(QEMUResetHandler *func, void *opaque);
void qemu_unregister_reset(QEMUResetHandler *func, void *opaque);

/*
 * Calls every handler. QEMU 7.2 takes a ShutdownCause; the shim has only
 * one kind of reset, so it takes none.
 */
void qemu_devices_reset(void);

G_END_DECLS

#endif /* QEMU_SYSEMU_RESET_H */
