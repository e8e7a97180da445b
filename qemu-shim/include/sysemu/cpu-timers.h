/*
 * sysemu/cpu-timers.h - the "timer" migration section, as QEMU 7.2's
 * softmmu/cpu-timers.c registers it.
 */
#ifndef QEMU_SYSEMU_CPU_TIMERS_H
#define QEMU_SYSEMU_CPU_TIMERS_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

/*
 * Shim-only, QEMU's cpu_timers_init() for the host: registers the "timer"
 * section (instance 0, version 2) so that QEMU_CLOCK_VIRTUAL travels with
 * a migration and continues from the saved time after a load. Call it once,
 * before the devices register theirs: the clock loads first, as in QEMU.
 */
void qemu_shim_cpu_timers_init(void);

G_END_DECLS

#endif /* QEMU_SYSEMU_CPU_TIMERS_H */
