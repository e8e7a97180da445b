// Compile-fail: trace_NAME() takes exactly the declared arguments, typed
// (no varargs): a call with one too few does not compile; the twin's call
// passes both.
#include "qemu-cxx/trace.hh"

QEMU_TRACE_EVENT(dev_write, (uint32_t addr, uint32_t value),
                 "addr 0x%08x value 0x%08x");

void write_register(uint32_t addr, uint32_t value)
{
#ifdef QEMU_CXX_COMPILE_FAIL
    trace_dev_write(addr);
    (void)value;
#else
    trace_dev_write(addr, value);
#endif
}
