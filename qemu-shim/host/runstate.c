/*
 * The machine's run state, as QEMU's RunState names it in query-status:
 * "prelaunch" under -S until "cont", "running", "paused" after "stop",
 * "postmigrate" after a completed migration. No CPU runs either way.
 */
#include "qemu/osdep.h"
#include "harness.h"

static HarnessRunState run_state = HARNESS_RUNNING;

static const char *const run_state_names[] = {
    [HARNESS_PRELAUNCH] = "prelaunch", [HARNESS_RUNNING] = "running",
    [HARNESS_PAUSED] = "paused", [HARNESS_POSTMIGRATE] = "postmigrate",
};

const char *harness_run_state_name(void)
{
    return run_state_names[run_state];
}

void harness_set_run_state(HarnessRunState state)
{
    run_state = state;
}

bool harness_running(void)
{
    return run_state == HARNESS_RUNNING;
}
