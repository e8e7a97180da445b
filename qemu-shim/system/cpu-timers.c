/*
 * The virtual clock's migration section, "timer", in QEMU 7.2's format
 * (softmmu/cpu-timers.c): cpu_ticks_offset, 8 unused bytes (once a
 * "dummy"), cpu_clock_offset (version 2), and the "timer/icount"
 * subsection, which never travels here (no icount).
 *
 * QEMU saves a stopped VM's clock as cpu_clock_offset = the virtual time,
 * and vm_start() continues from it; so does the harness, whose clock only
 * moves under qtest. No CPU runs here, so no host ticks are counted:
 * cpu_ticks_offset stays what was loaded (0 from a fresh start, as QEMU's
 * under -S) and travels on unchanged.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/timer.h"
#include "migration/vmstate.h"
#include "sysemu/cpu-timers.h"

typedef struct TimersState {
    int64_t cpu_ticks_offset;
    int64_t cpu_clock_offset;
} TimersState;

static TimersState timers_state;

static int timers_pre_save(void *opaque)
{
    TimersState *s = opaque;

    s->cpu_clock_offset = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    return 0;
}

static int timers_post_load(void *opaque, int version_id)
{
    TimersState *s = opaque;

    /* version 1 has no clock: the clock stays, as in QEMU */
    if (version_id < 2) {
        return 0;
    }
    if (s->cpu_clock_offset < 0) {
        error_report("timer: the virtual clock of the stream (%" PRId64
                     " ns) is negative", s->cpu_clock_offset);
        return -EINVAL;
    }
    qemu_shim_clock_load(s->cpu_clock_offset);
    return 0;
}

static const VMStateDescription vmstate_timers = {
    .name = "timer",
    .version_id = 2,
    .minimum_version_id = 1,
    .pre_save = timers_pre_save,
    .post_load = timers_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_INT64(cpu_ticks_offset, TimersState),
        VMSTATE_UNUSED(8),
        VMSTATE_INT64_V(cpu_clock_offset, TimersState, 2),
        VMSTATE_END_OF_LIST()
    },
};

void qemu_shim_cpu_timers_init(void)
{
    vmstate_register(NULL, 0, &vmstate_timers, &timers_state);
}
