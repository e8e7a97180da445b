// An out-of-tree QEMU device in C++, from the umbrella header alone: built
// by install-cxx-test.sh against the installed bindings with nothing but
// `pkg-config qemu-cxx`, then loaded into the installed qemu-harness.
// Reads return the "magic" property; writes add to a counter that reads
// back at offset 4.
#include "qemu-cxx.hh"

class OotCounter : public qemu::ObjectImpl<OotCounter, qemu::SysBusDevice> {
public:
    uint64_t read(hwaddr offset, unsigned) const
    {
        return offset ? *count.borrow() : magic;
    }

    void write(hwaddr, uint64_t value, unsigned) const
    {
        *count.borrow_mut() += uint32_t(value);
    }

    qemu::Result<void> realize()
    {
        if (magic == 0) {
            return qemu::failure("magic must not be 0");
        }
        return {};
    }

    static qemu::Properties<OotCounter> properties()
    {
        return {QEMU_PROP("magic", magic, 0xc0ffee)};
    }

protected:
    OotCounter(); // after QEMU_CXX_DEFINE_TYPE, which its upcasts need

private:
    qemu::IoRegion iomem;
    qemu::BqlCell<uint32_t> count;
    uint32_t magic;
};
QEMU_CXX_DEFINE_TYPE(OotCounter, "x-oot-cxx-device", qemu::SysBusDevice);

OotCounter::OotCounter()
{
    iomem.init<&OotCounter::read, &OotCounter::write>(*this, "oot", 8);
    init_mmio(iomem);
}

QEMU_CXX_TYPE_INIT(oot_register_types, OotCounter);
