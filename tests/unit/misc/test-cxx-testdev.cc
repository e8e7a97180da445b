/*
 * x-cxx-test-device (hw/misc/test-device.cc) in process, loaded as its
 * module: what the harness cannot show. Its unparent hook (the counts
 * outlive the device in its child, for a holder of a reference), no
 * object leaked, and migration state: the timer subsection, the version 1
 * stream without rx_last, and post_load refusing a corrupt stream.
 */
#include "qemu/osdep.h"
#include "exec/address-spaces.h"
#include "hw/sysbus.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"
#include "migration/vmstate.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"

#include <vector>

#include "bindings-test.h"

static void setup()
{
    bindings_test::setup([] {
        const char *path = getenv("CXX_TEST_DEVICE");
        ck_assert_ptr_nonnull(path);
        qemu_shim_module_load(path, &error_abort);
        container_get(qdev_get_machine(), "/unattached");
        sysbus_get_default();
        get_system_memory();
    });
    qemu_mutex_lock_iothread();
}

static void teardown()
{
    qemu_mutex_unlock_iothread();
    bindings_test::check_no_leak();
}

static DeviceState *device_new()
{
    DeviceState *dev = qdev_new("x-cxx-test-device");
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    return dev;
}

static uint64_t count(Object *lifecycle, const char *name)
{
    return object_property_get_uint(lifecycle, name, &error_abort);
}

START_TEST(test_unparent)
{
    DeviceState *dev = device_new();
    Object *lifecycle = object_resolve_path_component(OBJECT(dev),
                                                      "lifecycle");
    ck_assert_ptr_nonnull(lifecycle);
    ck_assert_str_eq(object_get_typename(lifecycle), "x-cxx-test-object");
    ck_assert_ptr_eq(lifecycle->parent, OBJECT(dev));
    object_ref(lifecycle);

    ck_assert_uint_eq(count(lifecycle, "realized"), 1);
    object_unparent(OBJECT(dev)); /* the device is finalized */
    ck_assert_uint_eq(count(lifecycle, "unparented"), 1);
    ck_assert_uint_eq(count(lifecycle, "unrealized"), 1);
    ck_assert_ptr_null(lifecycle->parent);
    object_unref(lifecycle);
}
END_TEST

/* A device's child and its properties go with it: no reference leaks. */
START_TEST(test_no_leak_unrealized)
{
    Object *obj = object_new("x-cxx-test-device");
    ck_assert_ptr_nonnull(object_resolve_path_component(obj, "lifecycle"));
    object_unref(obj);
}
END_TEST

static std::vector<uint8_t> save(DeviceState *dev)
{
    QEMUFile *f = qemu_shim_file_new_output();
    ck_assert_int_eq(vmstate_save_state(f, qdev_get_vmsd(dev), dev, nullptr),
                     0);
    size_t len;
    const uint8_t *data = qemu_shim_file_output_data(f, &len);
    std::vector<uint8_t> bytes(data, data + len);
    qemu_fclose(f);
    return bytes;
}

static int load(DeviceState *dev, const std::vector<uint8_t> &bytes,
                int version)
{
    QEMUFile *f = qemu_shim_file_new_input(bytes.data(), bytes.size());
    int ret = vmstate_load_state(f, qdev_get_vmsd(dev), dev, version);
    qemu_fclose(f);
    return ret;
}

static void wr(hwaddr reg, uint32_t value)
{
    address_space_write(&address_space_memory, 0x1000 + reg,
                        MEMTXATTRS_UNSPECIFIED, &value, 4);
}

static uint32_t rd(hwaddr reg)
{
    uint32_t value = 0;
    address_space_read(&address_space_memory, 0x1000 + reg,
                       MEMTXATTRS_UNSPECIFIED, &value, 4);
    return value;
}

/* scratch, irq_level, dma {src, dst, len, status}, rx_count, rx_last */
static const size_t state_size = 4 + 1 + 16 + 4 + 1;
static const size_t dma_status_low_byte = 4 + 1 + 12 + 3;

START_TEST(test_vmstate)
{
    DeviceState *dev = device_new();
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, 0x1000);
    const VMStateDescription *vmsd = qdev_get_vmsd(dev);
    ck_assert_str_eq(vmsd->name, "x-cxx-test-device");
    ck_assert_int_eq(vmsd->version_id, 2);
    ck_assert_int_eq(vmsd->minimum_version_id, 1);

    /* idle: the fields only, no subsection */
    wr(0x04, 0x11223344);
    std::vector<uint8_t> idle = save(dev);
    ck_assert_uint_eq(idle.size(), state_size);
    ck_assert_uint_eq(idle[0], 0x11);

    /* armed: the timer subsection follows */
    wr(0x24, 1000);
    std::vector<uint8_t> armed = save(dev);
    ck_assert_uint_gt(armed.size(), idle.size());
    ck_assert_uint_eq(armed[state_size], QEMU_VM_SUBSECTION);

    /* a version 1 stream has no rx_last */
    std::vector<uint8_t> v1(idle.begin(), idle.end() - 1);
    wr(0x04, 0);
    ck_assert_int_eq(load(dev, v1, 1), 0);
    ck_assert_uint_eq(rd(0x04), 0x11223344);

    /* post_load refuses what the device never sets */
    std::vector<uint8_t> bad = idle;
    bad[dma_status_low_byte] = 0x80;
    ck_assert_int_lt(load(dev, bad, 2), 0);
    ck_assert_int_eq(load(dev, idle, 2), 0);

    sysbus_mmio_unmap(SYS_BUS_DEVICE(dev), 0);
    object_unparent(OBJECT(dev));
}
END_TEST

int main()
{
    Suite *s = suite_create("misc-cxx-testdev");
    TCase *tc = tcase_create("cxx-testdev");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_unparent);
    tcase_add_test(tc, test_no_leak_unrealized);
    tcase_add_test(tc, test_vmstate);
    suite_add_tcase(s, tc);
    return bindings_test::run(s);
}
