// Compile-fail: a trace event's format is checked against its argument
// types: "%08x" takes an unsigned int, not the uint64_t declared here; the
// error's instantiation names the event. The twin declares a uint32_t.
#include "qemu-cxx/trace.hh"

#ifdef QEMU_CXX_COMPILE_FAIL
QEMU_TRACE_EVENT(dev_read, (uint64_t addr), "addr 0x%08x");
#else
QEMU_TRACE_EVENT(dev_read, (uint32_t addr), "addr 0x%08x");
#endif

void read_register(uint32_t addr)
{
    trace_dev_read(addr);
}
