/*
 * Unit tests of QOM classes defined in C++ (qemu-cxx/class.hh) and the device
 * I/O wrappers (bql.hh, irq.hh, mmio.hh, char-backend.hh, clock-in.hh,
 * timer.hh, dma.hh, log.hh). Built at -O2: the C++ part is constructed
 * after QOM initialised the parent's, and the parent's fields survive.
 */
#include "qemu-cxx/bql.hh"
#include "qemu-cxx/char-backend.hh"
#include "qemu-cxx/class.hh"
#include "qemu-cxx/clock-in.hh"
#include "qemu-cxx/dma.hh"
#include "qemu-cxx/log.hh"
#include "qemu-cxx/sysbus.hh"
#include "qemu-cxx/timer.hh"

#include "chardev/char.h"
#include "exec/address-spaces.h"
#include "hw/qdev-properties-system.h"

#include <stdexcept>
#include <string>

#include "bindings-test.h"
#include "test-device-c.h"

/* The C device, declared to C++. */
class TestSbdW : public qemu::SysBusDeviceMethods<TestSbdW> {
    QEMU_CXX_WRAPPER(TestSbdW, ::TestSbd);
};
QEMU_CXX_DECLARE_SIMPLE_TYPE(TestSbdW, TYPE_TEST_SBD, qemu::SysBusDevice,
                             parent_obj);

static std::string events;

/* A C++ subclass of the C device, with every hook. */
class Full : public qemu::ObjectImpl<Full, TestSbdW> {
public:
    ~Full()
    {
        events += "finalize ";
    }
    qemu::Result<void> realize();
    void unrealize() { events += "unrealize "; }
    void unparent() { events += "unparent "; }
    void reset_enter(ResetType) { events += "enter "; }
    void reset_hold() { events += "hold "; }
    void reset_exit() { events += "exit "; }

    bool seen_clk = false;
    uint32_t seen_value = 0;
    std::string name = "constructed";

protected:
    Full();
};
QEMU_CXX_DEFINE_TYPE(Full, "test-cxx-full", TestSbdW);

/* Member functions that use the bindings come after the declaration. */
Full::Full()
{
    /* The parent's instance_init and qdev's defaults are visible. */
    seen_clk = parent_obj().as_ptr()->clk != nullptr;
    seen_value = parent_obj().as_ptr()->value;
    events += "init ";
}

qemu::Result<void> Full::realize()
{
    events += "realize(c=" +
              std::to_string(parent_obj().as_ptr()->realizes) + ") ";
    if (parent_obj().as_ptr()->value == 13) {
        return qemu::failure("unlucky value");
    }
    return {};
}

/* No hooks: the C parent's realize must still run. */
class Plain : public qemu::ObjectImpl<Plain, TestSbdW> {
public:
    int counter = 3;

protected:
    Plain() = default;
};
QEMU_CXX_DEFINE_TYPE(Plain, "test-cxx-plain", TestSbdW);

/* A C++ subclass of a C++ class: Full's hooks stay, its own are added. */
class Sub : public qemu::ObjectImpl<Sub, Full> {
public:
    ~Sub() { events += "sub-finalize "; }
    void reset_hold() { events += "sub-hold "; }

protected:
    Sub() { events += "sub-init "; }
};
QEMU_CXX_DEFINE_TYPE(Sub, "test-cxx-sub", Full);

/* realize overloaded: the requires-expression still finds the hook. */
class Overloaded : public qemu::ObjectImpl<Overloaded, qemu::SysBusDevice> {
public:
    qemu::Result<void> realize() { events += "overloaded "; return {}; }
    void realize(int) {}

protected:
    Overloaded() = default;
};
QEMU_CXX_DEFINE_TYPE(Overloaded, "test-cxx-overloaded", qemu::SysBusDevice);

/* A device using every I/O wrapper. */
class Io : public qemu::ObjectImpl<Io, qemu::SysBusDevice> {
public:
    struct State {
        uint32_t reg = 0x1234;
        int ticks = 0;
        int clock_events = 0;
        std::string received;
    };

    qemu::Result<void> realize();

    uint64_t read(hwaddr, unsigned) const { return state.borrow()->reg; }
    void write(hwaddr, uint64_t v, unsigned) const
    {
        state.borrow_mut()->reg = uint32_t(v);
    }
    int can_receive() const { return 4; }
    /* Echo: writing back from inside the handler must work. */
    void receive(std::span<const uint8_t> buf) const
    {
        state.borrow_mut()->received.append(buf.begin(), buf.end());
        chr.write_all(buf);
    }
    void clock_changed(ClockEvent) const
    {
        state.borrow_mut()->clock_events++;
    }
    void tick() const { state.borrow_mut()->ticks++; }

    static qemu::Properties<Io> properties()
    {
        return {QEMU_PROP("chardev", chr)};
    }

    qemu::IoRegion mmio;
    qemu::InterruptSource irq;
    qemu::ClockIn clk;
    qemu::Timer timer;
    qemu::CharBackend chr;
    qemu::BqlCell<State> state;

protected:
    Io();
};
QEMU_CXX_DEFINE_TYPE(Io, "test-cxx-io", qemu::SysBusDevice);

Io::Io()
{
    mmio.init<&Io::read, &Io::write,
              qemu::MmioConfig{.endianness = DEVICE_BIG_ENDIAN,
                               .impl_min = 4, .impl_max = 4}>(*this, "io",
                                                              0x10);
    init_mmio(mmio);
    init_irq(irq);
    clk.init<&Io::clock_changed>(*this, "clk");
    timer.init<&Io::tick>(*this);
}

qemu::Result<void> Io::realize()
{
    chr.set_handlers<&Io::can_receive, &Io::receive>(*this);
    return {};
}

/*
 * Hooks that throw: realize's exception becomes its Error; any other
 * hook's aborts, naming type and hook.
 */
class Thrower : public qemu::ObjectImpl<Thrower, qemu::SysBusDevice> {
public:
    qemu::Result<void> realize() { throw std::runtime_error("no realize"); }
    void reset_hold() { throw std::runtime_error("boom"); }

protected:
    Thrower() = default;
};
QEMU_CXX_DEFINE_TYPE(Thrower, "test-cxx-thrower", qemu::SysBusDevice);

/* properties() is device code: its exception aborts naming the type. */
class BadTable : public qemu::ObjectImpl<BadTable, qemu::SysBusDevice> {
public:
    static qemu::Properties<BadTable> properties()
    {
        throw std::runtime_error("no table");
    }

protected:
    BadTable() = default;
};
QEMU_CXX_DEFINE_TYPE(BadTable, "test-cxx-bad-table", qemu::SysBusDevice);

/* A read that re-enters its own state: the borrow error names the line. */
class Reentrant : public qemu::ObjectImpl<Reentrant, qemu::SysBusDevice> {
public:
    uint64_t read(hwaddr, unsigned) const
    {
        auto r = state.borrow_mut();
        return *r + peek();
    }
    void write(hwaddr, uint64_t, unsigned) const {}
    static constexpr unsigned peek_line = __LINE__ + 1;
    uint32_t peek() const { return *state.borrow(); }

    qemu::IoRegion mmio;
    qemu::BqlCell<uint32_t> state;

protected:
    Reentrant();
};
QEMU_CXX_DEFINE_TYPE(Reentrant, "test-cxx-reentrant", qemu::SysBusDevice);

Reentrant::Reentrant()
{
    mmio.init<&Reentrant::read, &Reentrant::write>(*this, "reentrant", 4);
    init_mmio(mmio);
}

/*
 * Class parts: Shape's class-level constant and class method, changed
 * per class by its subclasses' class_init, read through klass().
 */
static const char *shape_kind() { return "shape"; }
static const char *polygon_kind() { return "polygon"; }

class Shape : public qemu::ObjectImpl<Shape, qemu::SysBusDevice> {
public:
    struct Class {
        int sides = 0;
        const char *(*kind)() = shape_kind;
    };
    int sides() const { return klass().sides; }
    const char *kind() const { return klass().kind(); }

protected:
    Shape() = default;
};
QEMU_CXX_DEFINE_TYPE(Shape, "test-cxx-shape", qemu::SysBusDevice);

class Triangle : public qemu::ObjectImpl<Triangle, Shape> {
public:
    static void class_init(Shape::Class &k) { k.sides = 3; }

protected:
    Triangle() = default;
};
QEMU_CXX_DEFINE_TYPE(Triangle, "test-cxx-triangle", Shape);

/* A part of its own after Shape's, and Shape's changed too. */
class Polygon : public qemu::ObjectImpl<Polygon, Triangle> {
public:
    struct Class {
        char symbol = 'p';
    };
    static void class_init(Shape::Class &k)
    {
        k.sides += 2;
        k.kind = polygon_kind;
    }
    static void class_init(Class &k) { k.symbol = 'P'; }
    char symbol() const { return klass().symbol; }

protected:
    Polygon() = default;
};
QEMU_CXX_DEFINE_TYPE(Polygon, "test-cxx-polygon", Triangle);

/* No class_init: the parent's class part as the parent left it. */
class Pentagon : public qemu::ObjectImpl<Pentagon, Polygon> {
protected:
    Pentagon() = default;
};
QEMU_CXX_DEFINE_TYPE(Pentagon, "test-cxx-pentagon", Polygon);

QEMU_CXX_TYPE_INIT(register_test_types, Full, Plain, Sub, Overloaded, Io,
                   Thrower, BadTable, Reentrant, Shape, Triangle, Polygon, Pentagon);

/* The class parts follow the C class struct, each after its parent's. */
static_assert(qemu::detail::class_part_offset<Shape>() >=
              sizeof(::SysBusDeviceClass));
static_assert(qemu::detail::class_part_offset<Polygon>() >=
              qemu::detail::class_part_offset<Shape>() +
                  sizeof(Shape::Class));
static_assert(qemu::detail::class_end<Triangle>() ==
              qemu::detail::class_end<Shape>());
static_assert(!qemu::detail::has_class_part<Full>());

/* Layout claims, at compile time. */
static_assert(std::is_empty_v<qemu::ObjectImpl<Full, TestSbdW>>);
static_assert(qemu::QomType<Full>::object_offset >= sizeof(::TestSbd));
static_assert(qemu::QomType<Sub>::object_offset >=
              qemu::QomType<Full>::object_offset + sizeof(Full));
static_assert(qemu::IsA<Sub, Full> && qemu::IsA<Sub, qemu::DeviceState>);
static_assert(!qemu::IsA<Full, Sub>);
static_assert(qemu::detail::has_realize<Overloaded>);
static_assert(!qemu::detail::has_realize<Plain> &&
              !qemu::detail::declares_realize<Plain>);
static_assert(!std::is_polymorphic_v<Full>);

static void setup()
{
    bindings_test::setup([] {
        container_get(qdev_get_machine(), "/unattached");
        container_get(object_get_root(), "/chardevs");
        sysbus_get_default();
        get_system_memory();
    });
    events.clear();
}

static void teardown()
{
    bindings_test::check_no_leak();
}

template <typename T>
static qemu::Ref<T> make()
{
    return qemu::create<T>();
}

START_TEST(test_parent_fields_survive_construction)
{
    auto f = make<Full>();
    ck_assert(f->seen_clk);
    ck_assert_uint_eq(f->seen_value, 5);        /* qdev default, kept */
    ck_assert(f->name == "constructed");
    ck_assert_ptr_nonnull(f->parent_obj().as_ptr()->clk);
    ck_assert_uint_eq(qemu::object_ptr(*f)->ref, 1);
    ck_assert_str_eq(events.c_str(), "init ");
    f = make<Full>(); /* the first one is finalized */
    ck_assert_str_eq(events.c_str(), "init init finalize ");
}
END_TEST

START_TEST(test_casts)
{
    auto s = make<Sub>();
    qemu::Object &o = qemu::upcast<qemu::Object>(*s);
    ck_assert(qemu::downcast<Sub>(o) == s.get());
    ck_assert(qemu::downcast<Full>(o) == &s->parent_obj());
    ck_assert(qemu::downcast<Plain>(qemu::upcast<TestSbdW>(*s)) == nullptr);
    qemu::DeviceState &d = *s;
    ck_assert(d.type_name() == "test-cxx-sub");
}
END_TEST

START_TEST(test_hooks_chain_to_the_parent)
{
    auto f = make<Full>();
    qemu::SysBusDevice &sbd = *f;
    ck_assert(sbd.realize());
    /* The C realize ran first (realizes == 1 when ours runs). */
    ck_assert_int_eq(f->parent_obj().as_ptr()->realizes, 1);
    sbd.cold_reset();
    /* The C legacy reset runs in the parent's hold phase. */
    ck_assert_int_eq(f->parent_obj().as_ptr()->resets, 1);
    sbd.unparent();
    f = make<Full>();
    ck_assert_str_eq(events.c_str(),
                     "init realize(c=1) enter hold exit unparent unrealize "
                     "init finalize ");
}
END_TEST

START_TEST(test_realize_error)
{
    auto f = make<Full>();
    qemu::SysBusDevice &sbd = *f;
    ck_assert(sbd.property_set("value", uint32_t(13)));
    auto r = sbd.realize();
    ck_assert(!r);
    ck_assert(r.error().message() == "unlucky value");
    ck_assert(!sbd.realized());
}
END_TEST

START_TEST(test_no_hook_keeps_c_implementation)
{
    auto p = make<Plain>();
    qemu::SysBusDevice &sbd = *p;
    ck_assert(sbd.realize());
    ck_assert_int_eq(p->parent_obj().as_ptr()->realizes, 1);
    ck_assert_int_eq(p->counter, 3);
    DeviceClass *dc = DEVICE_CLASS(object_class_by_name("test-cxx-plain"));
    ck_assert(dc->realize == DEVICE_CLASS(object_class_by_name(
                                 TYPE_TEST_SBD))->realize);
    sbd.unparent();
}
END_TEST

START_TEST(test_cxx_subclass_of_cxx)
{
    auto s = make<Sub>();
    qemu::SysBusDevice &sbd = *s;
    ck_assert(sbd.realize());
    sbd.cold_reset();
    sbd.unparent();
    s = make<Sub>();
    ck_assert_str_eq(events.c_str(),
                     "init sub-init realize(c=1) enter hold sub-hold exit "
                     "unparent unrealize init sub-init sub-finalize "
                     "finalize ");
}
END_TEST

START_TEST(test_overloaded_hook)
{
    auto o = make<Overloaded>();
    qemu::SysBusDevice &sbd = *o;
    ck_assert(sbd.realize());
    ck_assert_str_eq(events.c_str(), "overloaded ");
    sbd.unparent();
}
END_TEST

START_TEST(test_exception_in_hook_aborts)
{
    auto t = make<Thrower>();
    qemu::SysBusDevice &sbd = *t;
    sbd.cold_reset();
}
END_TEST

START_TEST(test_exception_message)
{
    auto r = bindings_test::run_in_child([] {
        auto t = make<Thrower>();
        qemu::SysBusDevice &sbd = *t;
        sbd.cold_reset();
    });
    ck_assert(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT);
    ck_assert_msg(r.err.find("test-cxx-thrower callback 'reset_hold': boom") !=
                  std::string::npos, "%s", r.err.c_str());
}
END_TEST

START_TEST(test_realize_exception_is_an_error)
{
    auto t = make<Thrower>();
    qemu::SysBusDevice &sbd = *t;
    auto r = sbd.realize();
    ck_assert(!r);
    std::string msg(r.error().message());
    ck_assert_str_eq(msg.c_str(),
                     "test-cxx-thrower: realize: C++ exception: no realize");
    ck_assert(!sbd.realized());
}
END_TEST

START_TEST(test_exception_in_properties_aborts)
{
    auto r = bindings_test::run_in_child([] {
        object_class_by_name("test-cxx-bad-table");
    });
    ck_assert(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT);
    ck_assert_msg(r.err.find("test-cxx-bad-table callback 'class_init': "
                             "no table") != std::string::npos,
                  "%s", r.err.c_str());
}
END_TEST

START_TEST(test_double_borrow_names_device_and_line)
{
    auto r = bindings_test::run_in_child([] {
        qemu::BqlGuard bql;
        auto d = make<Reentrant>();
        qemu::SysBusDevice &sbd = *d;
        ck_assert(sbd.realize());
        sbd.mmio_map(0, 0x6000);
        uint32_t v;
        address_space_read(&address_space_memory, 0x6000,
                           MEMTXATTRS_UNSPECIFIED, &v, 4);
    });
    ck_assert(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT);
    std::string where = "test-class.cc:" +
                        std::to_string(Reentrant::peek_line) + ": in ";
    ck_assert_msg(r.err.find(where) != std::string::npos &&
                  r.err.find("borrowed while mutably borrowed") !=
                      std::string::npos &&
                  r.err.find("in test-cxx-reentrant callback 'read'") !=
                      std::string::npos, "%s", r.err.c_str());
}
END_TEST

START_TEST(test_class_part)
{
    auto s = make<Shape>();
    auto t = make<Triangle>(), t2 = make<Triangle>();
    auto p = make<Polygon>();
    auto q = make<Pentagon>();
    ck_assert_int_eq(s->sides(), 0);
    ck_assert_str_eq(s->kind(), "shape");
    ck_assert_int_eq(qemu::upcast<Shape>(*t).sides(), 3);
    ck_assert_str_eq(qemu::upcast<Shape>(*t).kind(), "shape");
    ck_assert_int_eq(qemu::upcast<Shape>(*p).sides(), 5); /* Triangle's 3, then Polygon's +2 */
    ck_assert_str_eq(qemu::upcast<Shape>(*p).kind(), "polygon");
    ck_assert_int_eq(p->symbol(), 'P');
    ck_assert_int_eq(qemu::upcast<Shape>(*q).sides(), 5);
    ck_assert_str_eq(qemu::upcast<Shape>(*q).kind(), "polygon");
    ck_assert_int_eq(qemu::upcast<Polygon>(*q).symbol(), 'P');
    /* Per class: in the class struct, not in the instance. */
    ck_assert_ptr_eq(&t->klass(), &t2->klass());
    ck_assert_ptr_ne(&t->klass(), &s->klass());
    ObjectClass *oc = qemu::object_ptr(*t)->klass;
    auto *part = reinterpret_cast<const char *>(&t->klass());
    ck_assert_uint_eq(part - reinterpret_cast<const char *>(oc),
                      qemu::detail::class_part_offset<Shape>());
    /* Beyond the C class struct (class_size grew: ASan checks). */
    ck_assert_uint_ge(qemu::detail::class_part_offset<Shape>(),
                      sizeof(::SysBusDeviceClass));
}
END_TEST

/* --- BqlCell ---------------------------------------------------------- */

START_TEST(test_bql_cell)
{
    qemu::BqlGuard bql;
    qemu::BqlCell<int> cell(41);
    {
        auto a = cell.borrow();
        auto b = cell.borrow();
        ck_assert_int_eq(*a + *b, 82);
        ck_assert(cell.borrowed());
    }
    *cell.borrow_mut() += 1;
    ck_assert_int_eq(*cell.borrow(), 42);
    ck_assert(!cell.borrowed());
}
END_TEST

START_TEST(test_bql_cell_without_bql_aborts)
{
    qemu::BqlCell<int> cell(1);
    *cell.borrow_mut() = 2;
}
END_TEST

START_TEST(test_bql_cell_aliasing_aborts)
{
    qemu::BqlGuard bql;
    qemu::BqlCell<int> cell(1);
    auto a = cell.borrow_mut();
    auto b = cell.borrow();
}
END_TEST

/* --- the I/O wrappers ------------------------------------------------- */

struct IoFixture {
    qemu::Ref<Io> io = make<Io>();
    Chardev *chr;
    qemu_irq line;
    int level = -1;

    IoFixture()
    {
        chr = qemu_shim_chr_new_from_opts("x-memory,id=io0", &error_abort);
        qemu::SysBusDevice &sbd = *io;
        ck_assert(sbd.property_set("chardev", "io0"));
        line = qemu_allocate_irq([](void *opaque, int, int lvl) {
            static_cast<IoFixture *>(opaque)->level = lvl;
        }, this, 0);
        sbd.connect_irq(0, line);
        ck_assert(sbd.realize());
        sbd.mmio_map(0, 0x5000);
    }
    ~IoFixture()
    {
        qemu::SysBusDevice &sbd = *io;
        sbd.mmio_unmap(0);
        sbd.unparent();
        { auto last = std::move(io); } /* finalized here */
        object_unparent(OBJECT(line));
        qemu_free_irq(line);
        qemu_shim_chr_remove("io0", &error_abort);
    }
};

START_TEST(test_mmio_from_member_functions)
{
    qemu::BqlGuard bql;
    IoFixture fx;
    uint8_t buf[4];
    address_space_read(&address_space_memory, 0x5000, MEMTXATTRS_UNSPECIFIED,
                       buf, 4);
    /* Big endian, as the MmioConfig says. */
    ck_assert(buf[0] == 0 && buf[1] == 0 && buf[2] == 0x12 && buf[3] == 0x34);
    /* The generated table carries the constexpr configuration. */
    const MemoryRegionOps *ops = fx.io->mmio.as_ptr()->ops;
    ck_assert(ops->endianness == DEVICE_BIG_ENDIAN);
    ck_assert(ops->impl.min_access_size == 4 &&
              ops->impl.max_access_size == 4 && ops->valid.max_access_size == 0);
    uint32_t v = 0xaabbccdd;
    address_space_write(&address_space_memory, 0x5000,
                        MEMTXATTRS_UNSPECIFIED, &v, 4);
    ck_assert_uint_eq(fx.io->state.borrow()->reg, 0xddccbbaa);
    ck_assert(fx.io->mmio.region().name() == "io");
}
END_TEST

START_TEST(test_interrupt_source)
{
    qemu::BqlGuard bql;
    IoFixture fx;
    fx.io->irq.raise();
    ck_assert_int_eq(fx.level, 1);
    fx.io->irq.lower();
    ck_assert_int_eq(fx.level, 0);
    fx.io->irq.set(true);
    ck_assert_int_eq(fx.level, 1);
    fx.io->irq.pulse();
    ck_assert_int_eq(fx.level, 0);
}
END_TEST

START_TEST(test_chardev_echo_reentrant)
{
    qemu::BqlGuard bql;
    IoFixture fx;
    qemu_shim_chr_memory_push(fx.chr,
                              reinterpret_cast<const uint8_t *>("hello!"), 6);
    for (int i = 0; i < 8; i++) {
        main_loop_wait(1);
    }
    ck_assert(fx.io->state.borrow()->received == "hello!");
    GByteArray *out = qemu_shim_chr_memory_take_output(fx.chr);
    ck_assert(std::string(reinterpret_cast<char *>(out->data), out->len) ==
              "hello!");
    g_byte_array_unref(out);
}
END_TEST

START_TEST(test_clock_input)
{
    qemu::BqlGuard bql;
    IoFixture fx;
    qemu::Clock &src = qemu::Clock::create_child(qemu::root(), "io-src");
    fx.io->clk.clock().set_source(src);
    src.update_hz(1000000);
    ck_assert_uint_eq(fx.io->clk.hz(), 1000000);
    ck_assert_uint_eq(fx.io->clk.period(), 1000ULL << 32);
    ck_assert_int_ge(fx.io->state.borrow()->clock_events, 1);
    object_unparent(qemu::object_ptr(src));
}
END_TEST

START_TEST(test_timer)
{
    qemu::BqlGuard bql;
    IoFixture fx;
    qemu::Timer &t = fx.io->timer;
    ck_assert(!t.pending());
    t.mod_in_ns(100);
    ck_assert(t.pending());
    ck_assert_int_eq(t.expire_time_ns(), qemu::Timer::now_ns() + 100);
    qemu_shim_clock_step(99);
    ck_assert_int_eq(fx.io->state.borrow()->ticks, 0);
    qemu_shim_clock_step(1);
    ck_assert_int_eq(fx.io->state.borrow()->ticks, 1);
    t.mod_in_ns(10);
    t.del();
    qemu_shim_clock_step(20);
    ck_assert_int_eq(fx.io->state.borrow()->ticks, 1);
    t.mod_in_ns(10); /* deleted by ~Timer when the device goes */
}
END_TEST

START_TEST(test_dma)
{
    qemu::BqlGuard bql;
    ::MemoryRegion *ram = g_new0(::MemoryRegion, 1);
    memory_region_init_ram(ram, nullptr, "dma-ram", 0x1000, &error_abort);
    memory_region_add_subregion(get_system_memory(), 0x10000, ram);
    qemu::AddressSpace &as = qemu::AddressSpace::memory();
    const uint8_t data[] = {1, 2, 3, 4};
    ck_assert(as.write(0x10010, data));
    uint8_t back[4] = {};
    ck_assert(as.read(0x10010, back));
    ck_assert(memcmp(back, data, 4) == 0);
    auto r = as.read(0x900000, back);
    ck_assert(!r);
    ck_assert_msg(r.error().message() ==
                  "DMA read of 4 bytes at 0x900000 failed: nothing mapped",
                  "%s", std::string(r.error().message()).c_str());
    ck_assert(as.memtx_write(0x900000, data) == MEMTX_DECODE_ERROR);
    memory_region_del_subregion(get_system_memory(), ram);
    object_unparent(OBJECT(ram)); /* finalizes it; the memory is ours */
    g_free(ram);
}
END_TEST

START_TEST(test_logging)
{
    qemu_set_log(LOG_GUEST_ERROR, &error_abort);
    qemu_shim_log_capture_start();
    qemu::log_guest_error("dev: bad offset 0x%x\n", 0x40);
    qemu::log_unimp("dev: not shown (mask)\n");
    g_autofree char *got = qemu_shim_log_capture_take();
    ck_assert_str_eq(got, "dev: bad offset 0x40\n");
}
END_TEST

int main()
{
    Suite *s = suite_create("bindings-class");
    TCase *tc = tcase_create("class");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_parent_fields_survive_construction);
    tcase_add_test(tc, test_casts);
    tcase_add_test(tc, test_hooks_chain_to_the_parent);
    tcase_add_test(tc, test_realize_error);
    tcase_add_test(tc, test_no_hook_keeps_c_implementation);
    tcase_add_test(tc, test_cxx_subclass_of_cxx);
    tcase_add_test(tc, test_overloaded_hook);
    tcase_add_test(tc, test_class_part);
    tcase_add_test(tc, test_exception_message);
    tcase_add_test(tc, test_realize_exception_is_an_error);
    tcase_add_test(tc, test_exception_in_properties_aborts);
    tcase_add_test(tc, test_double_borrow_names_device_and_line);
    tcase_add_test(tc, test_bql_cell);
    tcase_add_test(tc, test_mmio_from_member_functions);
    tcase_add_test(tc, test_interrupt_source);
    tcase_add_test(tc, test_chardev_echo_reentrant);
    tcase_add_test(tc, test_clock_input);
    tcase_add_test(tc, test_timer);
    tcase_add_test(tc, test_dma);
    tcase_add_test(tc, test_logging);
    suite_add_tcase(s, tc);

    TCase *aborts = tcase_create("aborts");
    tcase_add_checked_fixture(aborts, setup, nullptr);
    tcase_add_test_raise_signal(aborts, test_exception_in_hook_aborts,
                                SIGABRT);
    tcase_add_test_raise_signal(aborts, test_bql_cell_without_bql_aborts,
                                SIGABRT);
    tcase_add_test_raise_signal(aborts, test_bql_cell_aliasing_aborts,
                                SIGABRT);
    suite_add_tcase(s, aborts);
    return bindings_test::run(s);
}
