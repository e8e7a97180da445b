/*
 * qemu/shim.h - shim-only entry points for the program that hosts the
 * shim (qemu-harness), which QEMU has no header for.
 */
#ifndef QEMU_SHIM_H
#define QEMU_SHIM_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

/*
 * Shim-only: take down everything the shim keeps for the whole process,
 * in dependency order: the devices below /machine, the chardevs, system
 * memory and its address space, the main system bus, then the roots.
 * Afterwards qemu_shim_live_objects() is 0 unless something leaked.
 * Called once, at exit, with the BQL held.
 */
void qemu_shim_teardown(void);

G_END_DECLS

#endif /* QEMU_SHIM_H */
