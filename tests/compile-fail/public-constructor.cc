// Compile-fail: a QOM class whose default constructor is public (here the
// implicit one) is rejected where it is defined, so that `Counter c;`
// cannot compile anywhere; the twin declares it protected.
#include "qemu-cxx/class.hh"
#include "qemu-cxx/sysbus.hh"

class Counter : public qemu::ObjectImpl<Counter, qemu::SysBusDevice> {
public:
    uint32_t count;
#ifndef QEMU_CXX_COMPILE_FAIL
protected:
    Counter() = default;
#endif
};
QEMU_CXX_DEFINE_TYPE(Counter, "counter", qemu::SysBusDevice);
