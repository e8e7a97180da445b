// Compile-fail: inside a (const) chardev handler, a configuration field
// is read-only; the twin counts through a BqlCell instead.
#include "qemu-cxx/bql.hh"
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
    void receive(std::span<const uint8_t>) const
    {
#ifdef QEMU_CXX_COMPILE_FAIL
        depth = 0;
#else
        *received.borrow_mut() += 1;
#endif
    }
    uint32_t depth;
    qemu::BqlCell<uint32_t> received;
    qemu::CharBackend chr;

protected:
    Dev() = default;
};
QEMU_CXX_DEFINE_TYPE(Dev, "dev", qemu::SysBusDevice);
