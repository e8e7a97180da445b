// Compile-fail: a uint32_t field described as a uint16_t one (QEMU's C
// macros catch this with type_check; so must the builder).
#include "qemu-cxx/vmstate.hh"

struct Regs {
    uint32_t cr;

    static qemu::VMState<Regs> vmstate()
    {
        return qemu::VMState<Regs>("regs")
#ifdef QEMU_CXX_COMPILE_FAIL
            .fields(QEMU_VMSTATE_AS(uint16_t, cr));
#else
            .fields(QEMU_VMSTATE_AS(uint32_t, cr));
#endif
    }
};

const VMStateDescription *f();
const VMStateDescription *f()
{
    return qemu::vmstate_description<Regs>();
}
