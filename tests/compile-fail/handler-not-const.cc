// Compile-fail: an MMIO handler gets the device as const (Rust's &self):
// a non-const read(), which could change a property after realize, is
// rejected; the twin's const read() changes state through its BqlCell.
#include "qemu-cxx/bql.hh"
#include "qemu-cxx/class.hh"
#include "qemu-cxx/mmio.hh"
#include "qemu-cxx/sysbus.hh"

class Dev : public qemu::ObjectImpl<Dev, qemu::SysBusDevice> {
public:
#ifdef QEMU_CXX_COMPILE_FAIL
    uint64_t read(hwaddr, unsigned) { return limit++; }
#else
    uint64_t read(hwaddr, unsigned) const { return (*reads.borrow_mut())++; }
#endif
    void write(hwaddr, uint64_t, unsigned) const {}
    uint32_t limit;
    qemu::BqlCell<uint32_t> reads;
    qemu::IoRegion iomem;

protected:
    Dev();
};
QEMU_CXX_DEFINE_TYPE(Dev, "dev", qemu::SysBusDevice);

Dev::Dev()
{
    iomem.init<&Dev::read, &Dev::write>(*this, "dev", 0x100);
}
