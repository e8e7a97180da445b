// Compile-fail: a write callback taking a narrower value (uint8_t) than
// the uint64_t QEMU passes is rejected, not silently truncated.
#include "qemu-cxx/class.hh"
#include "qemu-cxx/mmio.hh"
#include "qemu-cxx/sysbus.hh"

class Dev : public qemu::ObjectImpl<Dev, qemu::SysBusDevice> {
public:
    uint64_t read(hwaddr, unsigned) const { return 0; }
#ifdef QEMU_CXX_COMPILE_FAIL
    void write(hwaddr, uint8_t, unsigned) const {}
#else
    void write(hwaddr, uint64_t, unsigned) const {}
#endif
    qemu::IoRegion iomem;

protected:
    Dev();
};
QEMU_CXX_DEFINE_TYPE(Dev, "dev", qemu::SysBusDevice);

Dev::Dev()
{
    iomem.init<&Dev::read, &Dev::write>(*this, "dev", 0x100);
}
