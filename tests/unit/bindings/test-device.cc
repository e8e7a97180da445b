/*
 * Unit tests of the device wrappers (qemu-cxx/device.hh, sysbus.hh, clock.hh,
 * chardev.hh, memory.hh, resettable.hh) driving a C device
 * (test-device-c.c): realize/unrealize as Result, properties frozen after
 * realize, reset, GPIO, MMIO and IRQ, clocks, interfaces, chardevs and
 * memory regions; every superclass's methods on the subclass handle.
 */
#include "qemu-cxx/chardev.hh"
#include "qemu-cxx/clock.hh"
#include "qemu-cxx/device.hh"
#include "qemu-cxx/memory.hh"
#include "qemu-cxx/resettable.hh"
#include "qemu-cxx/sysbus.hh"

#include "hw/irq.h"
#include "exec/address-spaces.h"

#include "bindings-test.h"
#include "test-device-c.h"

/* The wrappers' layout: exactly their C structs. */
static_assert(sizeof(qemu::DeviceState) == sizeof(::DeviceState));
static_assert(sizeof(qemu::SysBusDevice) == sizeof(::SysBusDevice));
static_assert(sizeof(qemu::Clock) == sizeof(::Clock));
static_assert(sizeof(qemu::Chardev) == sizeof(::Chardev));
static_assert(sizeof(qemu::MemoryRegion) == sizeof(::MemoryRegion));
static_assert(qemu::IsA<qemu::SysBusDevice, qemu::DeviceState>);
static_assert(qemu::IsA<qemu::SysBusDevice, qemu::Object>);
static_assert(!qemu::IsA<qemu::Clock, qemu::DeviceState>);
static_assert(qemu::QomInterface<qemu::Resettable>);
static_assert(std::is_same_v<decltype(std::declval<qemu::SysBusDevice &>()
                                          .get_class()),
                             ::SysBusDeviceClass *>);

static void setup()
{
    bindings_test::setup([] {
        container_get(qdev_get_machine(), "/unattached");
        container_get(object_get_root(), "/chardevs");
        sysbus_get_default();
        get_system_memory();
    });
}

static void teardown()
{
    bindings_test::check_no_leak();
}

static qemu::Ref<qemu::SysBusDevice> new_test_sbd()
{
    return qemu::create<qemu::SysBusDevice>(TYPE_TEST_SBD).value();
}

static TestSbd *c_state(qemu::SysBusDevice &dev)
{
    return reinterpret_cast<TestSbd *>(dev.as_ptr());
}

START_TEST(test_realize_unrealize)
{
    auto dev = new_test_sbd();
    TestSbd *s = c_state(*dev);

    /* Object's, Device's and SysBusDevice's methods on one handle. */
    ck_assert(dev->type_name() == TYPE_TEST_SBD);
    ck_assert(!dev->realized());

    ck_assert(dev->property_set("fail", true));
    qemu::Result<> r = dev->realize();
    ck_assert(!r);
    ck_assert(r.error().message() ==
              "test-sbd: refusing to realize (fail=on)");
    ck_assert(!dev->realized());

    ck_assert(dev->property_set("fail", false));
    ck_assert(dev->realize());
    ck_assert(dev->realized());
    ck_assert_int_eq(s->realizes, 1);

    /* Unrealize through DeviceMethods, also as a Result. */
    ck_assert(dev->unrealize());
    ck_assert(!dev->realized());
    dev->unparent();
    ck_assert_uint_eq(qemu::object_ptr(*dev)->ref, 1);
}
END_TEST

START_TEST(test_properties_frozen_after_realize)
{
    auto dev = new_test_sbd();
    ck_assert_uint_eq(dev->property_get<uint32_t>("value").value(), 5);
    ck_assert(dev->property_set("value", 9u));
    ck_assert(dev->property_parse("value", "0x10"));
    ck_assert_uint_eq(c_state(*dev)->value, 16);
    ck_assert(!dev->property_parse("value", "lots"));

    ck_assert(dev->realize());
    auto late = dev->property_set("value", 1u);
    ck_assert(!late);
    ck_assert(!late.error().message().empty());
    ck_assert_uint_eq(c_state(*dev)->value, 16);
    dev->unparent();
}
END_TEST

START_TEST(test_device_base_class_handle)
{
    /* A DeviceState handle to the same device: Device methods only. */
    auto sbd = new_test_sbd();
    qemu::Ref<qemu::DeviceState> dev = sbd;
    ck_assert(dev->type_name() == TYPE_TEST_SBD);
    ck_assert(dev->get_class()->realize != nullptr);
    ck_assert(qemu::downcast<qemu::SysBusDevice>(*dev) == sbd.get());
    ck_assert(!dev->id());
    dev->cold_reset();
    ck_assert_int_eq(c_state(*sbd)->resets, 1);

    /* Device's realize on a sysbus device: the main system bus. */
    ck_assert(dev->realize());
    ck_assert(sbd->realized());
    auto again = dev->realize();
    ck_assert(!again);
    ck_assert(again.error().message() ==
              "Device 'test-sbd' is already realized");
    dev->unparent();
}
END_TEST

static int irq_level = -1;

static void irq_handler(void *, int, int level)
{
    irq_level = level;
}

/* An IRQ for a device's output; connecting parents it, as in QEMU. */
static void free_irq(qemu_irq irq)
{
    object_unparent(OBJECT(irq));
    qemu_free_irq(irq);
}

START_TEST(test_mmio_and_irq)
{
    qemu_irq irq = qemu_allocate_irq(irq_handler, nullptr, 0);
    {
        auto dev = new_test_sbd();
        ck_assert(dev->has_mmio(0));
        ck_assert(!dev->has_mmio(1));
        qemu::MemoryRegion &mr = dev->mmio_region(0);
        ck_assert_uint_eq(mr.size(), 0x100);
        ck_assert(mr.name() == "test-sbd");
        ck_assert_ptr_eq(mr.owner(), &qemu::upcast<qemu::Object>(*dev));

        ck_assert(dev->has_irq(0));
        ck_assert(!dev->irq_connected(0));
        dev->connect_irq(0, irq);
        ck_assert(dev->irq_connected(0));

        ck_assert(dev->realize());
        dev->mmio_map(0, 0x10000);
        uint32_t v = 0x31;
        ck_assert_int_eq(address_space_write(&address_space_memory, 0x10000,
                                             MEMTXATTRS_UNSPECIFIED, &v, 4),
                         MEMTX_OK);
        ck_assert_uint_eq(c_state(*dev)->reg, 0x31);
        ck_assert_int_eq(irq_level, 1);

        /* Reset through Device's method on the sysbus handle. */
        dev->cold_reset();
        ck_assert_uint_eq(c_state(*dev)->reg, 0);
        ck_assert_int_eq(c_state(*dev)->resets, 1);

        dev->mmio_unmap(0);
        ck_assert_int_ne(address_space_write(&address_space_memory, 0x10000,
                                             MEMTXATTRS_UNSPECIFIED, &v, 4),
                         MEMTX_OK);
        dev->unparent();
    }
    free_irq(irq);
}
END_TEST

START_TEST(test_gpio)
{
    qemu_irq out = qemu_allocate_irq(irq_handler, nullptr, 0);
    {
        auto dev = new_test_sbd();
        qemu_irq in = dev->gpio_in(0);
        ck_assert_ptr_nonnull(in);
        qemu_set_irq(in, 1);
        ck_assert_int_eq(c_state(*dev)->gpio_level, 1);

        /* Output lines: the sysbus IRQ is the named "sysbus-irq" GPIO. */
        dev->connect_gpio_out(0, out, SYSBUS_DEVICE_GPIO_IRQ);
        ck_assert(dev->irq_connected(0));
    }
    free_irq(out);
}
END_TEST

START_TEST(test_clock)
{
    auto holder = qemu::create<qemu::Object>(TYPE_CONTAINER).value();
    qemu::Clock &src = qemu::Clock::create_child(*holder, "src");
    ck_assert(!src.is_enabled());

    auto dev = new_test_sbd();
    qemu::Clock &in = dev->clock_in("clk");
    dev->connect_clock_in("clk", src);
    src.update_hz(1000000);
    ck_assert(src.is_enabled());
    ck_assert_uint_eq(in.hz(), 1000000);
    ck_assert_uint_eq(in.period(), src.period());
    ck_assert_uint_eq(in.ticks_to_ns(3), 3000);

    /* set_hz does not propagate until propagate(). */
    ck_assert(src.set_hz(2000000));
    ck_assert_uint_eq(in.hz(), 1000000);
    src.propagate();
    ck_assert_uint_eq(in.hz(), 2000000);

    /* Clocks are QOM objects: Object's methods work on them. */
    ck_assert(src.type_name() == TYPE_CLOCK);
    ck_assert(src.path_component() == "src");
}
END_TEST

START_TEST(test_resettable_interface)
{
    auto dev = new_test_sbd();
    qemu::Resettable *rs = qemu::interface_cast<qemu::Resettable>(*dev);
    ck_assert_ptr_nonnull(rs);
    ck_assert_ptr_nonnull(rs->get_class());
    rs->cold_reset();
    ck_assert_int_eq(c_state(*dev)->resets, 1);
    ck_assert_ptr_eq(&rs->as_object(), &qemu::upcast<qemu::Object>(*dev));
    ck_assert_ptr_eq(qemu::downcast<qemu::SysBusDevice>(*rs), dev.get());

    auto holder = qemu::create<qemu::Object>(TYPE_CONTAINER).value();
    ck_assert_ptr_null(qemu::interface_cast<qemu::Resettable>(*holder));
}
END_TEST

START_TEST(test_chardev)
{
    auto chr = qemu::Chardev::create("ringbuf,id=bindings0,size=64");
    ck_assert(chr);
    ck_assert((*chr)->label() == "bindings0");
    ck_assert((*chr)->type_name() == TYPE_CHARDEV_RINGBUF);
    ck_assert((*chr)->path() == "/chardevs/bindings0");
    ck_assert_int_eq((*chr)->write("hi!"), 3);

    uint8_t buf[8] = {};
    ck_assert_uint_eq(qemu_shim_ringbuf_read((*chr)->as_ptr(), buf, 8), 3);
    ck_assert_mem_eq(buf, "hi!", 3);

    auto found = qemu::Chardev::find("bindings0");
    ck_assert(found && found->get() == chr->get());
    ck_assert(!qemu::Chardev::find("nope"));

    auto bad = qemu::Chardev::create("no-such-backend,id=x");
    ck_assert(!bad);
    ck_assert(!bad.error().message().empty());

    found.reset();
    ck_assert(qemu::call_c(qemu_shim_chr_remove, "bindings0"));
}
END_TEST

START_TEST(test_memory_region)
{
    auto dev = new_test_sbd();
    qemu::MemoryRegion &sys = qemu::system_memory();
    qemu::MemoryRegion &mr = dev->mmio_region(0);

    sys.add_subregion(0x20000, mr);
    uint32_t v = 0x44;
    ck_assert_int_eq(address_space_write(&address_space_memory, 0x20000,
                                         MEMTXATTRS_UNSPECIFIED, &v, 4),
                     MEMTX_OK);
    ck_assert_uint_eq(c_state(*dev)->reg, 0x44);
    sys.del_subregion(mr);

    sys.add_subregion_overlap(0x30000, mr, 1);
    ck_assert_int_eq(address_space_write(&address_space_memory, 0x30000,
                                         MEMTXATTRS_UNSPECIFIED, &v, 4),
                     MEMTX_OK);
    sys.del_subregion(mr);
    ck_assert(mr.type_name() == TYPE_MEMORY_REGION);
}
END_TEST

int main()
{
    Suite *s = suite_create("bindings-device");
    TCase *tc = tcase_create("device");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_realize_unrealize);
    tcase_add_test(tc, test_properties_frozen_after_realize);
    tcase_add_test(tc, test_device_base_class_handle);
    tcase_add_test(tc, test_mmio_and_irq);
    tcase_add_test(tc, test_gpio);
    tcase_add_test(tc, test_clock);
    tcase_add_test(tc, test_resettable_interface);
    tcase_add_test(tc, test_chardev);
    tcase_add_test(tc, test_memory_region);
    suite_add_tcase(s, tc);
    return bindings_test::run(s);
}
