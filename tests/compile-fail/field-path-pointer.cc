// Compile-fail: a VMState field path through a pointer leaves the state;
// offsetof() refuses it at compile time (it aborted at run time when
// offsets were probed). The twin names a field of the state itself.
#include "qemu-cxx/vmstate.hh"

struct Inner {
    uint32_t x;
};

struct Regs {
    uint32_t x;
    Inner *inner;

    static qemu::VMState<Regs> vmstate()
    {
        return qemu::VMState<Regs>("regs")
#ifdef QEMU_CXX_COMPILE_FAIL
            .fields(QEMU_VMSTATE(inner->x));
#else
            .fields(QEMU_VMSTATE(x));
#endif
    }
};

const VMStateDescription *f();
const VMStateDescription *f()
{
    return qemu::vmstate_description<Regs>();
}
