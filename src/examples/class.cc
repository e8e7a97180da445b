// Example for qemu-cxx/class.hh and qemu-cxx/bql.hh: a sysbus device defined in
// C++ -- a counter register with an interrupt -- registered, created,
// realized and driven through MMIO, with no C callback written by hand.
#include "qemu-cxx.hh"

#include "exec/address-spaces.h"

class Counter : public qemu::ObjectImpl<Counter, qemu::SysBusDevice> {
public:
    // MMIO: reading returns the count, writing adds to it.
    uint64_t read(hwaddr, unsigned) const { return count.borrow()->value; }
    void write(hwaddr, uint64_t v, unsigned) const;

    // A hook: class_init sets dc->realize because this exists.
    qemu::Result<void> realize();

    // Configuration: set by qdev from the property, read after realize.
    uint32_t limit;
    static qemu::Properties<Counter> properties()
    {
        return {QEMU_PROP("limit", limit, 10)};
    }

protected:
    Counter(); // instance_init: only QOM constructs a Counter

private:
    struct State {
        uint32_t value = 0;
    };
    qemu::IoRegion iomem;
    qemu::InterruptSource irq;
    qemu::BqlCell<State> count; // touched with the BQL held only
};
QEMU_CXX_DEFINE_TYPE(Counter, "counter", qemu::SysBusDevice);

Counter::Counter()
{
    iomem.init<&Counter::read, &Counter::write>(*this, "counter", 4);
    init_mmio(iomem);
    init_irq(irq);
}

void Counter::write(hwaddr, uint64_t v, unsigned) const
{
    auto c = count.borrow_mut();
    c->value += uint32_t(v);
    irq.set(c->value >= limit);
}

qemu::Result<void> Counter::realize()
{
    if (limit == 0) {
        return qemu::failure("counter: limit must not be 0");
    }
    return {};
}

// From the module's static constructors, as QEMU's type_init does.
QEMU_CXX_TYPE_INIT(counter_register, Counter);

int main()
{
    module_call_init(MODULE_INIT_QOM);
    qemu::BqlGuard bql;

    auto dev = qemu::create<qemu::SysBusDevice>("counter").value();
    int level = 0;
    dev->connect_irq(0, qemu_allocate_irq([](void *opaque, int, int l) {
        *static_cast<int *>(opaque) = l;
    }, &level, 0));
    g_assert(dev->property_set("limit", uint32_t(5)));
    g_assert(dev->realize());
    dev->mmio_map(0, 0x1000);

    uint32_t three = 3;
    address_space_write(&address_space_memory, 0x1000,
                        MEMTXATTRS_UNSPECIFIED, &three, 4);
    g_assert(level == 0);
    address_space_write(&address_space_memory, 0x1000,
                        MEMTXATTRS_UNSPECIFIED, &three, 4);
    g_assert(level == 1);
    g_assert(qemu::downcast<Counter>(*dev)->read(0, 4) == 6);

    // A bad configuration is an Error from realize, not a crash.
    auto bad = qemu::create<qemu::SysBusDevice>("counter").value();
    g_assert(bad->property_set("limit", uint32_t(0)));
    auto r = bad->realize();
    g_assert(!r && r.error().message() == "counter: limit must not be 0");
    return 0;
}
