// Compile-fail: an upcast to a type that is not an ancestor.
#include "qemu-cxx/clock.hh"
#include "qemu-cxx/device.hh"

void f(qemu::Clock &clock);
void f(qemu::Clock &clock)
{
#ifdef QEMU_CXX_COMPILE_FAIL
    qemu::DeviceState &dev = qemu::upcast<qemu::DeviceState>(clock);
#else
    qemu::Object &dev = qemu::upcast<qemu::Object>(clock);
#endif
    (void)dev;
}
