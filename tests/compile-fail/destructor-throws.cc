// Compile-fail: a QOM class's destructor must not throw (instance_finalize
// is a C callback and runs it with no guard; a throwing one is refused at
// QEMU_CXX_DEFINE_TYPE rather than aborting at run time).
#include "qemu-cxx/class.hh"
#include "qemu-cxx/sysbus.hh"

class Dev : public qemu::ObjectImpl<Dev, qemu::SysBusDevice> {
public:
#ifdef QEMU_CXX_COMPILE_FAIL
    ~Dev() noexcept(false) {}
#else
    ~Dev() {}
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
