// Compile-fail: a device-only method called on a plain Object.
#include "qemu-cxx/device.hh"

qemu::Result<> f(qemu::Object &obj, qemu::DeviceState &dev);
qemu::Result<> f(qemu::Object &obj, qemu::DeviceState &dev)
{
#ifdef QEMU_CXX_COMPILE_FAIL
    (void)dev;
    return obj.realize();
#else
    (void)obj;
    return dev.realize();
#endif
}
