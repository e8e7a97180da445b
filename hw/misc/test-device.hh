/*
 * x-cxx-test-device: a sysbus device written with the C++ bindings to
 * exercise what the PL011 does not use (every property type, a child
 * object of a C++ QOM type, a link, every lifecycle hook, DMA, a timer,
 * nested and conditional migration state), plus the RFC's TestDevice and
 * TestObject. The register map is below; behaviour is in test-device.cc.
 */
#ifndef HW_MISC_TEST_DEVICE_HH
#define HW_MISC_TEST_DEVICE_HH

#include "qemu-cxx.hh"

#include <span>

#define TYPE_CXX_TEST_DEVICE "x-cxx-test-device"
#define TYPE_CXX_TEST_OBJECT "x-cxx-test-object"

namespace testdev {

/* 32-bit registers, little-endian, word accesses only. */
enum class Reg : hwaddr {
    ID = 0x00,          /* RO: device_id */
    SCRATCH = 0x04,     /* RW, cleared by reset */
    IRQ = 0x08,         /* W: an IrqOp on line 0; R: its level */
    DMA_SRC = 0x10,     /* RW: guest addresses and length of a copy */
    DMA_DST = 0x14,
    DMA_LEN = 0x18,
    DMA_CTRL = 0x1c,    /* W: 1 starts the copy */
    DMA_STATUS = 0x20,  /* R: DmaStatus bits; W: 1s clear them (line 1) */
    TIMER = 0x24,       /* W: expire in VALUE ns (0 stops); R: ns left */
    TIMER_STATUS = 0x28, /* R: 1 once expired; W: 1 clears it (line 2) */
    TX = 0x2c,          /* W: a byte for the chardev */
    RX_COUNT = 0x30,    /* RO: bytes received from the chardev */
    RX_LAST = 0x34,     /* RO: the last of them */
    /* Read-back of the properties, RO. */
    FOO = 0x40, U8 = 0x44, U16 = 0x48, U32 = 0x4c, U64_LO = 0x50,
    U64_HI = 0x54, I32 = 0x58, DMA_LIMIT = 0x5c,
    LABEL_LEN = 0x60,   /* strlen(label), 0 without one */
    CHARDEV = 0x64,     /* 1 if a chardev is connected */
    PEER = 0x68,        /* the linked peer's SCRATCH, 0 without a peer */
    /* The child object's lifecycle counters, RO. */
    REALIZED = 0x80, UNREALIZED = 0x84, RESET_ENTER = 0x88,
    RESET_HOLD = 0x8c, RESET_EXIT = 0x90,
};

inline constexpr uint32_t device_id = 0x43585444; /* "CXTD" */
inline constexpr uint64_t mmio_size = 0x100;
inline constexpr uint64_t max_dma_limit = 64 * 1024;
/* The chardev hands over at most this many bytes at a time. */
inline constexpr int rx_chunk = 64;

enum IrqOp : uint32_t { IRQ_LOWER = 0, IRQ_RAISE = 1, IRQ_PULSE = 2 };
enum DmaStatus : uint32_t { DMA_DONE = 1 << 0, DMA_ERROR = 1 << 1 };
/* The interrupt lines, in sysbus order. */
enum Line { LINE_CONTROL, LINE_DMA, LINE_TIMER, NUM_LINES };

/* The DMA engine's registers: a nested VMState (VMSTATE_STRUCT). */
struct Dma {
    uint32_t src = 0, dst = 0, len = 0, status = 0;

    static constexpr qemu::VMState<Dma> vmstate();
};

struct Registers {
    uint32_t scratch = 0;
    bool irq_level = false;
    Dma dma;
    uint32_t timer_status = 0;
    uint32_t rx_count = 0;
    uint8_t rx_last = 0;        /* since version 2 of the state */
    bool dma_busy = false;      /* a DMA into our own registers must not nest */

    static constexpr qemu::VMState<Registers> vmstate();
};

/*
 * The RFC's TestObject, a QOM type defined in C++: each test device has
 * one as its child "lifecycle", counting the device's hooks; qom-get
 * reads the counts, and they outlive the device for whoever holds a
 * reference to the child.
 */
class TestObject : public qemu::ObjectImpl<TestObject, qemu::Object> {
public:
    struct Counts {
        uint32_t realized = 0, unrealized = 0, unparented = 0;
        uint32_t reset_enter = 0, reset_hold = 0, reset_exit = 0;
    };

    void bump(uint32_t Counts::*counter)
    {
        (*counts.borrow_mut()).*counter += 1;
    }
    uint32_t get(uint32_t Counts::*counter) const
    {
        return (*counts.borrow()).*counter;
    }

protected:
    TestObject();

private:
    qemu::BqlCell<Counts> counts;
};

class TestDevice : public qemu::ObjectImpl<TestDevice, qemu::SysBusDevice> {
public:
    qemu::Result<void> realize();
    void unrealize();
    void unparent();
    void reset_enter(ResetType type);
    void reset_hold();
    void reset_exit();

    uint64_t read(hwaddr offset, unsigned size) const;
    void write(hwaddr offset, uint64_t value, unsigned size) const;

    int can_receive() const;
    void receive(std::span<const uint8_t> buf) const;

    static constexpr qemu::Properties<TestDevice> properties();
    static constexpr qemu::VMState<TestDevice> vmstate();

protected:
    TestDevice();

private:
    /*
     * noexcept: nothing in it throws, and so the MMIO guard around read()
     * has no catch that needs the device pointer kept (issue 18: one
     * instruction per read).
     */
    uint32_t read_register(Reg reg) const noexcept;
    void control_irq(uint32_t op) const;
    qemu::Result<void> copy(const Dma &dma) const;
    /*
     * Out of line: the copy's buffer and messages would otherwise give
     * every register write a stack frame and six saved registers, which
     * the C twin's writes pay (issue 18).
     */
    [[gnu::noinline]] void run_dma() const;
    void timer_expired() const;
    void set_dma_status(uint32_t status) const;
    bool timer_needed();
    qemu::Result<void> post_load();

    qemu::IoRegion iomem;
    qemu::InterruptSource irq[NUM_LINES];
    qemu::Timer timer;
    qemu::BqlCell<Registers> regs;
    TestObject *lifecycle;      /* our child: the tree holds its reference */

    /* Configuration: set by qdev (properties), read-only once realized. */
    bool foo;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int32_t i32;
    uint64_t dma_limit;
    char *label;
    qemu::CharBackend chr;
    ::Object *peer;             /* a link to another x-cxx-test-device */
};

} // namespace testdev

QEMU_CXX_DEFINE_TYPE(testdev::TestObject, TYPE_CXX_TEST_OBJECT, qemu::Object);
QEMU_CXX_DEFINE_TYPE(testdev::TestDevice, TYPE_CXX_TEST_DEVICE,
                     qemu::SysBusDevice);

#endif /* HW_MISC_TEST_DEVICE_HH */
