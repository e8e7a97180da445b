/*
 * A clock-shaped struct and description with the content of hw/core's
 * vmstate_clock ("clock" v0: period, subsection "clock/muldiv"), so the
 * migration tests can check clock bytes without QOM Clock objects.
 * Shared by test-vmstate.c and test-savevm.c.
 */
#ifndef TESTS_MIGRATION_FAKE_CLOCK_H
#define TESTS_MIGRATION_FAKE_CLOCK_H

#include "qemu/osdep.h"
#include "migration/vmstate.h"

typedef struct FakeClock {
    uint64_t period;
    uint32_t multiplier;
    uint32_t divider;
} FakeClock;

static bool muldiv_needed(void *opaque)
{
    FakeClock *c = (FakeClock *)opaque;

    return c->multiplier != 1 || c->divider != 1;
}

static const VMStateDescription vmstate_fake_muldiv = {
    .name = "clock/muldiv",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = muldiv_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(multiplier, FakeClock),
        VMSTATE_UINT32(divider, FakeClock),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_fake_clock = {
    .name = "clock",
    .version_id = 0,
    .minimum_version_id = 0,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(period, FakeClock),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_fake_muldiv,
        NULL
    },
};

#endif /* TESTS_MIGRATION_FAKE_CLOCK_H */
