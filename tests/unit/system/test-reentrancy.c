/*
 * Unit tests of the memory re-entrancy guard Debian backported to 7.2.22
 * ("memory: prevent dma-reentracy issues"): while a device is in one of
 * its MMIO handlers, an access to one of its own I/O regions fails with
 * MEMTX_ACCESS_ERROR. The end to end check against the real binary is
 * tests/qtest/reentrancy-test.py.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "exec/memory.h"
#include "hw/qdev-core.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qom/object.h"

#define TYPE_REENTER_DEV "test-reentrancy-dev"
OBJECT_DECLARE_SIMPLE_TYPE(ReenterDev, REENTER_DEV)

/*
 * Reading offset 0 reads @target at offset 4 from inside the handler and
 * keeps what that inner access returned; offset 4 reads 0x44.
 */
struct ReenterDev {
    DeviceState parent_obj;
    MemoryRegion mmio;
    MemoryRegion *target;
    MemTxResult inner_result;
    uint64_t inner_value;
    unsigned inner_calls;
};

static uint64_t reenter_read(void *opaque, hwaddr addr, unsigned size)
{
    ReenterDev *d = opaque;

    (void)size;
    if (addr == 4) {
        d->inner_calls++;
        return 0x44;
    }
    d->inner_result = memory_region_dispatch_read(d->target, 4,
                                                  &d->inner_value, MO_32,
                                                  MEMTXATTRS_UNSPECIFIED);
    return 0x11;
}

static const MemoryRegionOps reenter_ops = {
    .read = reenter_read,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void reenter_init(Object *obj)
{
    ReenterDev *d = REENTER_DEV(obj);

    memory_region_init_io(&d->mmio, obj, &reenter_ops, d, "reenter", 0x10);
    d->target = &d->mmio;
}

static const TypeInfo reenter_info = {
    .name = TYPE_REENTER_DEV,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(ReenterDev),
    .instance_init = reenter_init,
};

static ReenterDev *dev_a, *dev_b;
static size_t live_at_start;

static void setup(void)
{
    live_at_start = qemu_shim_live_objects();
    dev_a = REENTER_DEV(qdev_new(TYPE_REENTER_DEV));
    dev_b = REENTER_DEV(qdev_new(TYPE_REENTER_DEV));
}

static void teardown(void)
{
    object_unref(OBJECT(dev_a));
    object_unref(OBJECT(dev_b));
    ck_assert_uint_eq(qemu_shim_live_objects(), live_at_start);
}

static MemTxResult read_at(ReenterDev *d, hwaddr addr, uint64_t *value)
{
    return memory_region_dispatch_read(&d->mmio, addr, value, MO_32,
                                       MEMTXATTRS_UNSPECIFIED);
}

START_TEST(test_dev_is_the_owning_device)
{
    Object *plain = object_new("container");  /* an owner, not a device */
    MemoryRegion mr;

    ck_assert_ptr_eq(dev_a->mmio.dev, DEVICE(dev_a));
    memory_region_init_io(&mr, plain, &reenter_ops, NULL, NULL, 4);
    ck_assert_ptr_null(mr.dev);
    object_unref(OBJECT(&mr));
    object_unref(plain);
}
END_TEST

START_TEST(test_own_region_refused)
{
    uint64_t v;

    ck_assert_uint_eq(read_at(dev_a, 0, &v), MEMTX_OK);
    ck_assert_uint_eq(v, 0x11);
    ck_assert_uint_eq(dev_a->inner_result, MEMTX_ACCESS_ERROR);
    ck_assert_uint_eq(dev_a->inner_calls, 0);
    /* released when the outer access ended */
    ck_assert(!DEVICE(dev_a)->mem_reentrancy_guard.engaged_in_io);
    ck_assert_uint_eq(read_at(dev_a, 4, &v), MEMTX_OK);
    ck_assert_uint_eq(v, 0x44);
}
END_TEST

START_TEST(test_other_device_allowed)
{
    uint64_t v;

    dev_a->target = &dev_b->mmio;
    ck_assert_uint_eq(read_at(dev_a, 0, &v), MEMTX_OK);
    ck_assert_uint_eq(dev_a->inner_result, MEMTX_OK);
    ck_assert_uint_eq(dev_a->inner_value, 0x44);
    ck_assert_uint_eq(dev_b->inner_calls, 1);
}
END_TEST

START_TEST(test_guard_disabled)
{
    uint64_t v;

    dev_a->mmio.disable_reentrancy_guard = true;
    ck_assert_uint_eq(read_at(dev_a, 0, &v), MEMTX_OK);
    ck_assert_uint_eq(dev_a->inner_result, MEMTX_OK);
    ck_assert_uint_eq(dev_a->inner_value, 0x44);
    ck_assert_uint_eq(dev_a->inner_calls, 1);
}
END_TEST

static Suite *reentrancy_suite(void)
{
    Suite *s = suite_create("reentrancy");
    TCase *tc = tcase_create("guard");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_dev_is_the_owning_device);
    tcase_add_test(tc, test_own_region_refused);
    tcase_add_test(tc, test_other_device_allowed);
    tcase_add_test(tc, test_guard_disabled);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    module_call_init(MODULE_INIT_QOM);
    type_register_static(&reenter_info);
    sr = srunner_create(reentrancy_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
