// Compile-fail: a qemu::PTimer callback is exactly void T::f(); one that
// takes the opaque pointer C's ptimer_cb has is rejected.
#include "qemu-cxx/class.hh"
#include "qemu-cxx/ptimer.hh"
#include "qemu-cxx/sysbus.hh"

class Dev : public qemu::ObjectImpl<Dev, qemu::SysBusDevice> {
public:
#ifdef QEMU_CXX_COMPILE_FAIL
    void expired(void *) {}
#else
    void expired() const {}
#endif
    qemu::PTimer timer;

protected:
    Dev();
};
QEMU_CXX_DEFINE_TYPE(Dev, "dev", qemu::SysBusDevice);

Dev::Dev()
{
    timer.init<&Dev::expired>(*this, PTIMER_POLICY_LEGACY);
}
