// Compile-fail: a chardev receive handler of another signature (returning
// a count that would be dropped) is rejected, not silently adapted.
#include "qemu-cxx/char-backend.hh"
#include "qemu-cxx/class.hh"
#include "qemu-cxx/sysbus.hh"

class Dev : public qemu::ObjectImpl<Dev, qemu::SysBusDevice> {
public:
    qemu::Result<void> realize()
    {
        chr.set_handlers<&Dev::can_receive, &Dev::receive>(*this);
        return {};
    }
    int can_receive() const { return 1; }
#ifdef QEMU_CXX_COMPILE_FAIL
    int receive(std::span<const uint8_t> buf) const
    {
        return int(buf.size());
    }
#else
    void receive(std::span<const uint8_t>) const {}
#endif
    qemu::CharBackend chr;

protected:
    Dev() = default;
};
QEMU_CXX_DEFINE_TYPE(Dev, "dev", qemu::SysBusDevice);
