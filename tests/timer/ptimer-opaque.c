/*
 * Compile-fail: ptimer_state is opaque to a module. Its layout is the
 * ptimer's own (QEMU's inside qemu-system-arm), so a module can hold only
 * a pointer; the twin uses the API alone.
 */
#include "qemu/osdep.h"
#include "hw/ptimer.h"

uint64_t peek(ptimer_state *s);

uint64_t peek(ptimer_state *s)
{
#ifdef QEMU_CXX_COMPILE_FAIL
    return sizeof(*s);
#else
    return ptimer_get_count(s);
#endif
}
