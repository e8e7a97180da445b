/*
 * x-cxx-test-device's behaviour (register map in test-device.hh): MMIO
 * registers, interrupt control, a DMA engine, a countdown timer, a
 * chardev, lifecycle hooks and migration state, all through the bindings.
 */
#include "hw/misc/test-device.hh"

#include "qemu-cxx/dma.hh"

#include <string>
#include <vector>

namespace testdev {

using Counts = TestObject::Counts;

TestObject::TestObject()
{
    static constexpr struct {
        const char *name;
        uint32_t Counts::*counter;
    } props[] = {
        {"realized", &Counts::realized},
        {"unrealized", &Counts::unrealized},
        {"unparented", &Counts::unparented},
        {"reset-enter", &Counts::reset_enter},
        {"reset-hold", &Counts::reset_hold},
        {"reset-exit", &Counts::reset_exit},
    };
    /* QOM reads them with the BQL held, as it does qdev properties. */
    Counts &c = counts.unchecked();
    for (const auto &p : props) {
        object_property_add_uint32_ptr(qemu::object_ptr(*this), p.name,
                                       &(c.*p.counter), OBJ_PROP_FLAG_READ);
    }
}

static constexpr qemu::MmioConfig mmio_config = {
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid_min = 4, .valid_max = 4,
    .impl_min = 4, .impl_max = 4,
};

TestDevice::TestDevice()
{
    iomem.init<&TestDevice::read, &TestDevice::write, mmio_config>(
        *this, TYPE_CXX_TEST_DEVICE, mmio_size);
    init_mmio(iomem);
    for (auto &line : irq) {
        init_irq(line);
    }
    timer.init<&TestDevice::timer_expired>(*this);

    auto child = qemu::create<TestObject>();
    lifecycle = child.get();
    qemu::Object &self = *this;
    self.property_add_child("lifecycle", std::move(child)).value();
}

qemu::Result<void> TestDevice::realize()
{
    if (dma_limit == 0 || dma_limit > max_dma_limit) {
        return qemu::failure("dma-limit " + std::to_string(dma_limit) +
                             " is out of range (1 to " +
                             std::to_string(max_dma_limit) + ")");
    }
    chr.set_handlers<&TestDevice::can_receive, &TestDevice::receive>(*this);
    lifecycle->bump(&Counts::realized);
    return {};
}

void TestDevice::unrealize()
{
    chr.clear_handlers();
    timer.del();
    lifecycle->bump(&Counts::unrealized);
}

void TestDevice::unparent()
{
    lifecycle->bump(&Counts::unparented);
}

void TestDevice::reset_enter(ResetType)
{
    *regs.borrow_mut() = Registers{};
    timer.del();
    lifecycle->bump(&Counts::reset_enter);
}

/* QEMU's rule: interrupt lines change in the hold phase. */
void TestDevice::reset_hold()
{
    for (auto &line : irq) {
        line.lower();
    }
    lifecycle->bump(&Counts::reset_hold);
}

void TestDevice::reset_exit()
{
    lifecycle->bump(&Counts::reset_exit);
}

uint32_t TestDevice::read_register(Reg reg) const noexcept
{
    auto r = regs.borrow();
    switch (reg) {
    case Reg::ID: return device_id;
    case Reg::SCRATCH: return r->scratch;
    case Reg::IRQ: return r->irq_level;
    case Reg::DMA_SRC: return r->dma.src;
    case Reg::DMA_DST: return r->dma.dst;
    case Reg::DMA_LEN: return r->dma.len;
    case Reg::DMA_STATUS: return r->dma.status;
    case Reg::TIMER:
        return timer.pending()
                   ? uint32_t(timer.expire_time_ns() - timer.now_ns()) : 0;
    case Reg::TIMER_STATUS: return r->timer_status;
    case Reg::RX_COUNT: return r->rx_count;
    case Reg::RX_LAST: return r->rx_last;
    case Reg::FOO: return foo;
    case Reg::U8: return u8;
    case Reg::U16: return u16;
    case Reg::U32: return u32;
    case Reg::U64_LO: return uint32_t(u64);
    case Reg::U64_HI: return uint32_t(u64 >> 32);
    case Reg::I32: return uint32_t(i32);
    case Reg::DMA_LIMIT: return uint32_t(dma_limit);
    case Reg::LABEL_LEN: return label ? uint32_t(strlen(label)) : 0;
    case Reg::CHARDEV: return chr.connected();
    case Reg::PEER:
        return peer ? qemu::from_object<TestDevice>(peer)->regs.borrow()->scratch
                    : 0;
    case Reg::REALIZED: return lifecycle->get(&Counts::realized);
    case Reg::UNREALIZED: return lifecycle->get(&Counts::unrealized);
    case Reg::RESET_ENTER: return lifecycle->get(&Counts::reset_enter);
    case Reg::RESET_HOLD: return lifecycle->get(&Counts::reset_hold);
    case Reg::RESET_EXIT: return lifecycle->get(&Counts::reset_exit);
    default:
        qemu::log_guest_error("x-cxx-test-device: read of unknown register "
                              "0x%x\n", unsigned(reg));
        return 0;
    }
}

uint64_t TestDevice::read(hwaddr offset, unsigned) const
{
    return read_register(Reg(offset));
}

void TestDevice::write(hwaddr offset, uint64_t value, unsigned) const
{
    uint32_t v = uint32_t(value);
    switch (Reg(offset)) {
    case Reg::SCRATCH: regs.borrow_mut()->scratch = v; break;
    case Reg::IRQ: control_irq(v); break;
    case Reg::DMA_SRC: regs.borrow_mut()->dma.src = v; break;
    case Reg::DMA_DST: regs.borrow_mut()->dma.dst = v; break;
    case Reg::DMA_LEN: regs.borrow_mut()->dma.len = v; break;
    case Reg::DMA_CTRL:
        if (v & 1) {
            run_dma();
        }
        break;
    case Reg::DMA_STATUS: {
        uint32_t status = regs.borrow()->dma.status;
        set_dma_status(status & ~v);
        break;
    }
    case Reg::TIMER:
        if (v) {
            timer.mod_in_ns(v);
        } else {
            timer.del();
        }
        break;
    case Reg::TIMER_STATUS:
        if (v & 1) {
            regs.borrow_mut()->timer_status = 0;
            irq[LINE_TIMER].lower();
        }
        break;
    case Reg::TX:
        chr.write_all(uint8_t(v)); /* may call receive(): nothing borrowed */
        break;
    default:
        qemu::log_guest_error("x-cxx-test-device: write to read-only or "
                              "unknown register 0x%x\n", unsigned(offset));
    }
}

void TestDevice::control_irq(uint32_t op) const
{
    switch (op) {
    case IRQ_LOWER: irq[LINE_CONTROL].lower(); break;
    case IRQ_RAISE: irq[LINE_CONTROL].raise(); break;
    case IRQ_PULSE: irq[LINE_CONTROL].pulse(); break;
    default:
        qemu::log_guest_error("x-cxx-test-device: unknown IRQ operation "
                              "%u\n", op);
        return;
    }
    regs.borrow_mut()->irq_level = op == IRQ_RAISE;
}

/* Line 1 is up while a DMA status bit is set. */
void TestDevice::set_dma_status(uint32_t status) const
{
    regs.borrow_mut()->dma.status = status;
    irq[LINE_DMA].set(status != 0);
}

qemu::Result<void> TestDevice::copy(const Dma &dma) const
{
    if (dma.len > dma_limit) {
        return qemu::failure("DMA of " + std::to_string(dma.len) +
                             " bytes is above dma-limit");
    }
    std::vector<uint8_t> buf(dma.len);
    qemu::AddressSpace &as = qemu::AddressSpace::memory();
    if (auto r = as.read(dma.src, buf); !r) {
        return r;
    }
    return as.write(dma.dst, buf);
}

/*
 * The copy runs with nothing borrowed: guest memory may be our own
 * registers. A copy that starts another one is refused, not nested.
 */
void TestDevice::run_dma() const
{
    Dma dma;
    {
        auto r = regs.borrow_mut();
        if (r->dma_busy) {
            qemu::log_guest_error("x-cxx-test-device: DMA started by its "
                                  "own DMA, ignored\n");
            return;
        }
        r->dma_busy = true;
        dma = r->dma;
    }
    qemu::Result<void> done = copy(dma);
    if (!done) {
        std::string_view msg = done.error().message();
        qemu::log_guest_error("x-cxx-test-device: %.*s\n", int(msg.size()),
                              msg.data());
    }
    uint32_t status;
    {
        auto r = regs.borrow_mut();
        r->dma_busy = false;
        status = r->dma.status | (done ? DMA_DONE : DMA_ERROR);
    }
    set_dma_status(status);
}

void TestDevice::timer_expired() const
{
    regs.borrow_mut()->timer_status = 1;
    irq[LINE_TIMER].raise();
}

int TestDevice::can_receive() const
{
    return rx_chunk;
}

void TestDevice::receive(std::span<const uint8_t> buf) const
{
    if (buf.empty()) {
        return;
    }
    auto r = regs.borrow_mut();
    r->rx_count += buf.size();
    r->rx_last = buf.back();
}

bool TestDevice::timer_needed()
{
    return timer.pending() || regs.borrow()->timer_status;
}

/* A corrupt stream must not leave bits the device never sets. */
qemu::Result<void> TestDevice::post_load()
{
    auto r = regs.borrow();
    if (r->dma.status & ~uint32_t(DMA_DONE | DMA_ERROR)) {
        return qemu::failure("DMA status has unknown bits");
    }
    if (r->timer_status > 1) {
        return qemu::failure("timer status out of range");
    }
    return {};
}

constexpr qemu::Properties<TestDevice> TestDevice::properties()
{
    return {
        QEMU_PROP("foo", foo, true),
        QEMU_PROP("u8", u8, 0x12),
        QEMU_PROP("u16", u16, 0x1234),
        QEMU_PROP("u32", u32, 0x12345678),
        QEMU_PROP("u64", u64, 0x123456789abcdef0),
        QEMU_PROP("i32", i32, -42),
        QEMU_PROP_SIZE("dma-limit", dma_limit, 4096),
        QEMU_PROP("label", label),
        QEMU_PROP("chardev", chr),
        QEMU_PROP_LINK("peer", peer, TYPE_CXX_TEST_DEVICE),
    };
}

constexpr qemu::VMState<Dma> Dma::vmstate()
{
    return qemu::VMState<Dma>("x-cxx-test-device-dma")
        .version_id(1).minimum_version_id(1)
        .fields(QEMU_VMSTATE(src), QEMU_VMSTATE(dst), QEMU_VMSTATE(len),
                QEMU_VMSTATE(status));
}

/* Version 2 added rx_last (listed in TestDevice's in place). */
constexpr qemu::VMState<Registers> Registers::vmstate()
{
    return qemu::VMState<Registers>(TYPE_CXX_TEST_DEVICE)
        .fields(QEMU_VMSTATE(scratch), QEMU_VMSTATE(irq_level),
                QEMU_VMSTATE(dma), QEMU_VMSTATE(rx_count),
                QEMU_VMSTATE(rx_last).version_id(2));
}

/* The timer travels only while it matters. */
constexpr qemu::VMState<TestDevice> TestDevice::vmstate()
{
    return qemu::VMState<TestDevice>(TYPE_CXX_TEST_DEVICE)
        .version_id(2).minimum_version_id(1)
        .post_load<&TestDevice::post_load>()
        .fields(QEMU_VMSTATE(regs))
        .subsections(qemu::VMState<TestDevice>(TYPE_CXX_TEST_DEVICE "/timer")
                         .version_id(1).minimum_version_id(1)
                         .needed<&TestDevice::timer_needed>()
                         .fields(QEMU_VMSTATE(timer),
                                 QEMU_VMSTATE_IN(regs, timer_status)));
}

} // namespace testdev

QEMU_CXX_TYPE_INIT(testdev_register_types, testdev::TestObject,
                   testdev::TestDevice);

/* The tables are data, as the C twin's: no code builds them. */
static_assert(qemu::ConstexprVmstate<testdev::TestDevice> &&
              qemu::ConstexprProperties<testdev::TestDevice>);
