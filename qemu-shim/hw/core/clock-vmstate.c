/*
 * vmstate_clock: a Clock's migration state, as QEMU 7.2 lays it out (the
 * period, then a "clock/muldiv" subsection only when it is not 1/1).
 */
#include "qemu/osdep.h"
#include "hw/clock.h"
#include "migration/vmstate.h"

static bool muldiv_needed(void *opaque)
{
    Clock *clk = (Clock *)opaque;

    return clk->multiplier != 1 || clk->divider != 1;
}

/*
 * A stream without the subsection means 1/1, whatever the device set up
 * before the load.
 */
static int clock_pre_load(void *opaque)
{
    Clock *clk = (Clock *)opaque;

    clk->multiplier = 1;
    clk->divider = 1;
    return 0;
}

static const VMStateDescription vmstate_muldiv = {
    .name = "clock/muldiv",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = muldiv_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(multiplier, Clock),
        VMSTATE_UINT32(divider, Clock),
        VMSTATE_END_OF_LIST()
    },
};

const VMStateDescription vmstate_clock = {
    .name = "clock",
    .version_id = 0,
    .minimum_version_id = 0,
    .pre_load = clock_pre_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(period, Clock),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_muldiv,
        NULL
    },
};
