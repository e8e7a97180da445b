// Compile-fail: a downcast that can never succeed (a device is never a
// clock), as opposed to one checked at run time.
#include "qemu-cxx/clock.hh"
#include "qemu-cxx/sysbus.hh"

void f(qemu::DeviceState &dev);
void f(qemu::DeviceState &dev)
{
#ifdef QEMU_CXX_COMPILE_FAIL
    auto *p = qemu::downcast<qemu::Clock>(dev);
#else
    auto *p = qemu::downcast<qemu::SysBusDevice>(dev);
#endif
    (void)p;
}
