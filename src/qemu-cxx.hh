/*
 * qemu-cxx.hh - the one include for a device author: the C++ bindings a
 * system-bus device uses (class, sysbus, bql, properties, vmstate,
 * mmio/memory, char-backend, clock, irq, log, trace, timer, ptimer, error,
 * resettable). The single headers stay under qemu-cxx/ for code that wants
 * less; their names never clash with QEMU's own headers (qemu/log.h).
 *
 * A complete device; tests/readme builds this block as a module and drives
 * it through qemu-harness, so it stays runnable:
```cpp
#include "qemu-cxx.hh"

// A scratch register: reads return what was last written.
class Scratch : public qemu::ObjectImpl<Scratch, qemu::SysBusDevice> {
public:
    uint64_t read(hwaddr, unsigned) const { return *value.borrow(); }
    void write(hwaddr, uint64_t v, unsigned) const
    {
        *value.borrow_mut() = uint32_t(v);
    }

protected:
    Scratch();

private:
    qemu::IoRegion iomem;
    qemu::BqlCell<uint32_t> value;
};
QEMU_CXX_DEFINE_TYPE(Scratch, "x-scratch", qemu::SysBusDevice);

Scratch::Scratch()
{
    iomem.init<&Scratch::read, &Scratch::write>(*this, "scratch", 4);
    init_mmio(iomem);
}

QEMU_CXX_TYPE_INIT(scratch_register, Scratch);
```
 */
#ifndef QEMU_CXX_HH
#define QEMU_CXX_HH

#include "qemu-cxx/bql.hh"
#include "qemu-cxx/char-backend.hh"
#include "qemu-cxx/class.hh"
#include "qemu-cxx/clock.hh"
#include "qemu-cxx/clock-in.hh"
#include "qemu-cxx/error.hh"
#include "qemu-cxx/irq.hh"
#include "qemu-cxx/log.hh"
#include "qemu-cxx/memory.hh"
#include "qemu-cxx/mmio.hh"
#include "qemu-cxx/properties.hh"
#include "qemu-cxx/ptimer.hh"
#include "qemu-cxx/resettable.hh"
#include "qemu-cxx/sysbus.hh"
#include "qemu-cxx/timer.hh"
#include "qemu-cxx/trace.hh"
#include "qemu-cxx/vmstate.hh"

#endif /* QEMU_CXX_HH */
