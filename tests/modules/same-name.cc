// Built twice (SAME_NAME_VARIANT 1 and 2) with the default visibility, no
// -fvisibility=hidden: two modules, each with a class Dev of the same C++
// name and its own QOM type, properties, region, class part and
// behaviour. Loaded side by side they must stay distinct: nothing the
// headers instantiate for Dev may be shared across modules
// (same-name-test.py).
#include "qemu-cxx/bql.hh"
#include "qemu-cxx/class.hh"
#include "qemu-cxx/mmio.hh"
#include "qemu-cxx/properties.hh"
#include "qemu-cxx/sysbus.hh"
#include "qemu-cxx/trace.hh"
#include "qemu-cxx/vmstate.hh"

#define STR_(x) #x
#define STR(x) STR_(x)
#define SAME_NAME_TYPE "x-same-name-" STR(SAME_NAME_VARIANT)

// The same event in both: each module's own TraceEvent and dstate.
QEMU_TRACE_EVENT(same_name_write, (uint32_t value), "value 0x%x");

struct State {
    uint32_t value;

    static qemu::VMState<State> vmstate()
    {
        return qemu::VMState<State>("state").fields(QEMU_VMSTATE(value));
    }
};

class Dev : public qemu::ObjectImpl<Dev, qemu::SysBusDevice> {
public:
    struct Class {
        uint32_t variant = SAME_NAME_VARIANT;
    };

    // The variant (a class constant), then what was written.
    uint64_t read(hwaddr, unsigned) const
    {
        return klass().variant << 8 | state.borrow()->value;
    }
    void write(hwaddr, uint64_t value, unsigned) const
    {
        trace_same_name_write(uint32_t(value));
        state.borrow_mut()->value = uint32_t(value & 0xff);
    }

    static qemu::Properties<Dev> properties()
    {
        return {QEMU_PROP("width", width, uint32_t(8 * SAME_NAME_VARIANT))};
    }
    static qemu::VMState<Dev> vmstate()
    {
        return qemu::VMState<Dev>(SAME_NAME_TYPE)
            .version_id(1).minimum_version_id(1)
            .fields(QEMU_VMSTATE(state));
    }

protected:
    Dev();

private:
    qemu::IoRegion iomem;
    qemu::BqlCell<State> state;
    uint32_t width;
};
QEMU_CXX_DEFINE_TYPE(Dev, SAME_NAME_TYPE, qemu::SysBusDevice);

Dev::Dev()
{
    iomem.init<&Dev::read, &Dev::write>(*this, SAME_NAME_TYPE "-regs",
                                        0x100 * SAME_NAME_VARIANT);
    init_mmio(iomem);
}

QEMU_CXX_TYPE_INIT(same_name_register, Dev);
