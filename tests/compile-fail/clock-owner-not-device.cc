// Compile-fail: an input clock's owner must be a device (qdev owns the
// clock); an Object is rejected, where a reinterpret_cast accepted it.
#include "qemu-cxx/class.hh"
#include "qemu-cxx/clock-in.hh"
#include "qemu-cxx/sysbus.hh"

#ifdef QEMU_CXX_COMPILE_FAIL
#define PARENT qemu::Object
#else
#define PARENT qemu::SysBusDevice
#endif

class Dev : public qemu::ObjectImpl<Dev, PARENT> {
public:
    void changed(ClockEvent) const {}
    qemu::ClockIn clk;

protected:
    Dev();
};
QEMU_CXX_DEFINE_TYPE(Dev, "dev", PARENT);

Dev::Dev()
{
    clk.init<&Dev::changed>(*this, "clk");
}
