// Compile-fail: a field whose type has no migration format.
#include "qemu-cxx/vmstate.hh"

struct Gauge {
#ifdef QEMU_CXX_COMPILE_FAIL
    double level;
#else
    int64_t level;
#endif

    static qemu::VMState<Gauge> vmstate()
    {
        return qemu::VMState<Gauge>("gauge").fields(QEMU_VMSTATE(level));
    }
};

const VMStateDescription *f();
const VMStateDescription *f()
{
    return qemu::vmstate_description<Gauge>();
}
