// x-oot-doorbell: a device of an out-of-tree project, in C++ on qemu-cxx.
//   0x0 ID       RO  0x444f4f52 ("DOOR")
//   0x4 RING     WO  the bits written become pending
//   0x8 PENDING  RW  the pending bits; writing 1s clears them
// Interrupt 0 is high while a bit is pending. Reset clears them all.
#include "qemu-cxx.hh"

class Doorbell : public qemu::ObjectImpl<Doorbell, qemu::SysBusDevice> {
public:
    static constexpr uint32_t id = 0x444f4f52;

    uint64_t read(hwaddr offset, unsigned) const
    {
        switch (offset) {
        case 0x0: return id;
        case 0x8: return *pending.borrow();
        default: return 0;
        }
    }

    void write(hwaddr offset, uint64_t value, unsigned) const
    {
        auto bits = pending.borrow_mut();
        if (offset == 0x4) {
            *bits |= uint32_t(value);
        } else if (offset == 0x8) {
            *bits &= ~uint32_t(value);
        }
        irq.set(*bits != 0);
    }

    void reset_enter(ResetType) { *pending.borrow_mut() = 0; }
    void reset_hold() { irq.lower(); } // QEMU's rule: lines change in hold

protected:
    Doorbell(); // after QEMU_CXX_DEFINE_TYPE, which its upcasts need

private:
    qemu::IoRegion iomem;
    qemu::InterruptSource irq;
    qemu::BqlCell<uint32_t> pending;
};
QEMU_CXX_DEFINE_TYPE(Doorbell, "x-oot-doorbell", qemu::SysBusDevice);

Doorbell::Doorbell()
{
    qemu::SysBusDevice &sbd = *this;
    iomem.init<&Doorbell::read, &Doorbell::write>(*this, "doorbell", 0xc);
    sbd.init_mmio(iomem);
    sbd.init_irq(irq);
}

QEMU_CXX_TYPE_INIT(doorbell_register_types, Doorbell);
