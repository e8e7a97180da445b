// Example for qemu-cxx/trace.hh: a device's trace events, declared in one
// block as in a trace-events file, called like QEMU 7.2's trace_NAME(),
// enabled as -trace 'counter_*' would, printed as the log backend does.
#include "qemu/log.h"
#include "qemu-cxx/trace.hh"
#include "trace/control.h"

QEMU_TRACE_EVENT(counter_write, (uint32_t addr, uint64_t value),
                 "addr 0x%x value 0x%" PRIx64);
QEMU_TRACE_EVENT(counter_limit, (), "limit reached");

int main()
{
    module_call_init(MODULE_INIT_TRACE); // QEMU registers them at start-up
    qemu_set_log(0, nullptr);            // the log backend: LOG_TRACE on
    qemu_shim_log_capture_start();

    trace_counter_write(0x4, 7);         // disabled: one branch, no line

    trace_enable_events("counter_*");    // -trace 'counter_*'
    trace_counter_write(0x4, 7);
    trace_counter_limit();

    g_autofree char *log = qemu_shim_log_capture_take();
    g_assert_cmpstr(log, ==,
                    "counter_write addr 0x4 value 0x7\n"
                    "counter_limit limit reached\n");
    return 0;
}
