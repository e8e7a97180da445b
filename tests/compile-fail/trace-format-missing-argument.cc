// Compile-fail: a trace event whose format has more conversions than it
// has arguments ("value" is not declared) does not compile; the twin
// declares both.
#include "qemu-cxx/trace.hh"

#ifdef QEMU_CXX_COMPILE_FAIL
QEMU_TRACE_EVENT(dev_write, (uint32_t addr), "addr 0x%x value 0x%x");
#else
QEMU_TRACE_EVENT(dev_write, (uint32_t addr, uint32_t value),
                 "addr 0x%x value 0x%x");
#endif
