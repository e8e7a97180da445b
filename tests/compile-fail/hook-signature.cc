// Compile-fail: a hook with the documented name but another signature
// (here unrealize taking an argument) is an error, not silently ignored.
#include "qemu-cxx/class.hh"
#include "qemu-cxx/sysbus.hh"

class Dev : public qemu::ObjectImpl<Dev, qemu::SysBusDevice> {
public:
#ifdef QEMU_CXX_COMPILE_FAIL
    void unrealize(int level) { (void)level; }
#else
    void unrealize() {}
#endif

protected:
    Dev() = default;
};
QEMU_CXX_DEFINE_TYPE(Dev, "dev", qemu::SysBusDevice);

void f();
void f()
{
    qemu::register_type<Dev>();
}
