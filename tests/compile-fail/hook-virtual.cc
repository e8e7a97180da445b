// Compile-fail: QOM classes defined in C++ have no virtual functions
// (dispatch is QOM's; a vtable pointer would also move the fields).
#include "qemu-cxx/class.hh"
#include "qemu-cxx/sysbus.hh"

class Dev : public qemu::ObjectImpl<Dev, qemu::SysBusDevice> {
public:
#ifdef QEMU_CXX_COMPILE_FAIL
    virtual void poke() {}
#else
    void poke() {}
#endif

protected:
    Dev() = default;
};
QEMU_CXX_DEFINE_TYPE(Dev, "dev", qemu::SysBusDevice);
