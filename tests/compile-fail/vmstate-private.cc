// Compile-fail: a private vmstate() would be silently ignored by a plain
// requires-expression; the bindings reject it instead.
#include "qemu-cxx/vmstate.hh"

class Regs {
#ifdef QEMU_CXX_COMPILE_FAIL
private:
#else
public:
#endif
    uint32_t cr;

    static qemu::VMState<Regs> vmstate()
    {
        return qemu::VMState<Regs>("regs").fields(QEMU_VMSTATE(cr));
    }
};

bool f();
bool f()
{
    return qemu::HasVmstate<Regs>;
}
