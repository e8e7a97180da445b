// Compile-fail: an argument that no conversion of the format prints (the
// format forgot "%d") does not compile; the twin prints it.
#include "qemu-cxx/trace.hh"

#ifdef QEMU_CXX_COMPILE_FAIL
QEMU_TRACE_EVENT(dev_fifo, (uint32_t c, int count), "new char 0x%x");
#else
QEMU_TRACE_EVENT(dev_fifo, (uint32_t c, int count),
                 "new char 0x%x count %d");
#endif
