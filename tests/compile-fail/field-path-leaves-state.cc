// Compile-fail: a table's field path must stay inside the state, as
// offsetof() does: through a member function (here the cell's
// unchecked(), which would name a property inside a value-initialised
// BqlCell) it does not compile; a path to a field of the state does.
#include "qemu-cxx/bql.hh"
#include "qemu-cxx/class.hh"
#include "qemu-cxx/properties.hh"
#include "qemu-cxx/sysbus.hh"

class Dev : public qemu::ObjectImpl<Dev, qemu::SysBusDevice> {
public:
    struct Conf {
        uint32_t width;
    };
    static qemu::Properties<Dev> properties()
    {
#ifdef QEMU_CXX_COMPILE_FAIL
        return {QEMU_PROP("width", conf.unchecked().width, 16)};
#else
        return {QEMU_PROP("width", width, 16)};
#endif
    }

protected:
    Dev() = default;

private:
    qemu::BqlCell<Conf> conf;
    uint32_t width;
};
QEMU_CXX_DEFINE_TYPE(Dev, "dev", qemu::SysBusDevice);

void f();
void f()
{
    qemu::register_type<Dev>();
}
