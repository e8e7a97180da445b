// Compile-fail: an argument printf cannot print (a struct) is refused at
// the declaration, not passed through varargs; the twin passes its field.
#include "qemu-cxx/trace.hh"

struct Regs {
    uint32_t lcr;
};

#ifdef QEMU_CXX_COMPILE_FAIL
QEMU_TRACE_EVENT(dev_regs, (Regs r), "lcr %u");
#else
QEMU_TRACE_EVENT(dev_regs, (uint32_t lcr), "lcr %u");
#endif
