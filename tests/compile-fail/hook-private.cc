// Compile-fail: a private realize hook is an error with a clear message,
// not silently ignored (bindings.md 5b: member-function-pointer detection
// would answer "not overridden").
#include "qemu-cxx/class.hh"
#include "qemu-cxx/sysbus.hh"

class Dev : public qemu::ObjectImpl<Dev, qemu::SysBusDevice> {
#ifdef QEMU_CXX_COMPILE_FAIL
private:
#else
public:
#endif
    qemu::Result<void> realize() { return {}; }

protected:
    Dev() = default;
};
QEMU_CXX_DEFINE_TYPE(Dev, "dev", qemu::SysBusDevice);

void f();
void f()
{
    qemu::register_type<Dev>();
}
