/*
 * The few QEMU 7.2 declarations the loader uses that qemu-shim does not
 * provide: board-side APIs (machine-init-done notifiers, qdev_set_id) that
 * no device calls, so the shim has no reason to implement them. Only the
 * real qemu-system-arm defines these; the loader never runs in the harness.
 * Layouts and signatures are those of QEMU 7.2 (qemu/notify.h,
 * sysemu/sysemu.h, monitor/qdev.h).
 */
#ifndef QEMU_CXX_LOADER_QEMU_HOST_H
#define QEMU_CXX_LOADER_QEMU_HOST_H

#include "qemu/osdep.h"
#include "qemu/queue.h"
#include "qapi/error.h"
#include "hw/qdev-core.h"

typedef struct Notifier Notifier;

struct Notifier {
    void (*notify)(Notifier *notifier, void *data);
    QLIST_ENTRY(Notifier) node;
};

/* Runs @notify once the board is built, before the guest starts. */
void qemu_add_machine_init_done_notifier(Notifier *notify);

/*
 * Makes @dev /machine/peripheral/@id as -device ...,id=ID does (takes
 * @id, a g_malloc'ed string); returns NULL with @errp set on a duplicate.
 */
const char *qdev_set_id(DeviceState *dev, char *id, Error **errp);

#endif
