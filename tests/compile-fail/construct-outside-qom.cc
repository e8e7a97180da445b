// Compile-fail: a QOM class defined in C++ cannot be constructed outside
// QOM (its constructor would init MMIO on memory before the object);
// the twin creates it the QOM way.
#include "qemu-cxx/class.hh"
#include "qemu-cxx/sysbus.hh"

class Counter : public qemu::ObjectImpl<Counter, qemu::SysBusDevice> {
public:
    uint32_t count;

protected:
    Counter() = default;
};
QEMU_CXX_DEFINE_TYPE(Counter, "counter", qemu::SysBusDevice);

void f();
void f()
{
#ifdef QEMU_CXX_COMPILE_FAIL
    Counter c;
    (void)c;
#else
    auto c = qemu::create<Counter>();
#endif
}
