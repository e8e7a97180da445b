/*
 * Unit tests for hw/qdev-core.h: device creation, realize/unrealize through
 * the "realized" property, parent realize chaining, the /machine/unattached
 * placement, buses and their children.
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "hw/hw.h"
#include "qapi/error.h"
#include "hw-test.h"

#define TYPE_TEST_DEV "test-dev"
#define TYPE_TEST_DEV_CHILD "test-dev-child"
#define TYPE_TEST_BUS "test-bus"
#define TYPE_TEST_BUS_DEV "test-bus-dev"
#define TYPE_TEST_BRIDGE "test-bridge"

typedef struct TestDev {
    DeviceState parent_obj;
    bool fail_realize;
} TestDev;

typedef struct TestDevChildClass {
    DeviceClass parent_class;
    DeviceRealize parent_realize;
    DeviceUnrealize parent_unrealize;
} TestDevChildClass;

typedef struct TestBridge {
    DeviceState parent_obj;
    BusState *bus;
} TestBridge;

#define TEST_DEV(obj) OBJECT_CHECK(TestDev, (obj), TYPE_TEST_DEV)
#define TEST_DEV_CHILD_GET_CLASS(obj) \
    OBJECT_GET_CLASS(TestDevChildClass, (obj), TYPE_TEST_DEV_CHILD)
#define TEST_BRIDGE(obj) OBJECT_CHECK(TestBridge, (obj), TYPE_TEST_BRIDGE)

/* What ran, in order: "R" realize, "U" unrealize, "r"/"u" the child's. */
static GString *trace;

static void test_dev_realize(DeviceState *dev, Error **errp)
{
    if (TEST_DEV(dev)->fail_realize) {
        error_setg(errp, "realize refused");
        return;
    }
    g_string_append(trace, "R");
}

static void test_dev_unrealize(DeviceState *dev G_GNUC_UNUSED)
{
    g_string_append(trace, "U");
}

static void test_dev_class_init(ObjectClass *oc, void *data G_GNUC_UNUSED)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = test_dev_realize;
    dc->unrealize = test_dev_unrealize;
    dc->desc = "a device for tests";
}

static void test_dev_child_realize(DeviceState *dev, Error **errp)
{
    TestDevChildClass *k = TEST_DEV_CHILD_GET_CLASS(dev);
    Error *local_err = NULL;

    g_string_append(trace, "r<");
    k->parent_realize(dev, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return;
    }
    g_string_append(trace, ">");
}

static void test_dev_child_unrealize(DeviceState *dev)
{
    g_string_append(trace, "u");
    TEST_DEV_CHILD_GET_CLASS(dev)->parent_unrealize(dev);
}

static void test_dev_child_class_init(ObjectClass *oc,
                                      void *data G_GNUC_UNUSED)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    TestDevChildClass *k = (TestDevChildClass *)oc;

    device_class_set_parent_realize(dc, test_dev_child_realize,
                                    &k->parent_realize);
    device_class_set_parent_unrealize(dc, test_dev_child_unrealize,
                                      &k->parent_unrealize);
}

static void test_bus_dev_class_init(ObjectClass *oc, void *data G_GNUC_UNUSED)
{
    DEVICE_CLASS(oc)->bus_type = TYPE_TEST_BUS;
}

static void test_bridge_init(Object *obj)
{
    TEST_BRIDGE(obj)->bus = qbus_new(TYPE_TEST_BUS, DEVICE(obj), NULL);
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TestDev),
        .class_init = test_dev_class_init,
    }, {
        .name = TYPE_TEST_DEV_CHILD,
        .parent = TYPE_TEST_DEV,
        .class_size = sizeof(TestDevChildClass),
        .class_init = test_dev_child_class_init,
    }, {
        .name = TYPE_TEST_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
    }, {
        .name = TYPE_TEST_BUS_DEV,
        .parent = TYPE_TEST_DEV,
        .class_init = test_bus_dev_class_init,
    }, {
        .name = TYPE_TEST_BRIDGE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TestBridge),
        .instance_init = test_bridge_init,
    },
};

DEFINE_TYPES(test_types)

static void setup(void)
{
    hw_test_setup();
    trace = g_string_new(NULL);
}

static void teardown(void)
{
    g_string_free(trace, TRUE);
}

START_TEST(test_new_realize_unrealize)
{
    DeviceState *dev = qdev_new(TYPE_TEST_DEV);
    Object *unattached = container_get(qdev_get_machine(), "/unattached");

    ck_assert(!dev->realized);
    ck_assert(!object_property_get_bool(OBJECT(dev), "realized",
                                        &error_abort));
    ck_assert(qdev_realize(dev, NULL, &error_abort));
    ck_assert(dev->realized);
    ck_assert(object_property_get_bool(OBJECT(dev), "realized",
                                       &error_abort));
    ck_assert_str_eq(trace->str, "R");

    /* Without a parent, realize files the device under /machine/unattached. */
    ck_assert_ptr_eq(OBJECT(dev)->parent, unattached);
    ck_assert_str_eq(object_get_canonical_path_component(OBJECT(dev)),
                     "device[0]");
    ck_assert_str_eq(dev->canonical_path, "/machine/unattached/device[0]");
    ck_assert_ptr_eq(object_resolve_path("/machine/unattached/device[0]",
                                         NULL), OBJECT(dev));

    qdev_unrealize(dev);
    ck_assert(!dev->realized);
    ck_assert_str_eq(trace->str, "RU");

    /* Realizing again works, and unparenting unrealizes. */
    ck_assert(object_property_set_bool(OBJECT(dev), "realized", true,
                                       &error_abort));
    object_unparent(OBJECT(dev));
    ck_assert_str_eq(trace->str, "RURU");
    object_unref(OBJECT(dev));
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_realize_and_unref)
{
    DeviceState *dev = qdev_new(TYPE_TEST_DEV);

    /* The /machine/unattached child reference keeps it alive. */
    ck_assert(qdev_realize_and_unref(dev, NULL, &error_abort));
    ck_assert_uint_eq(OBJECT(dev)->ref, 1);
    object_unparent(OBJECT(dev));
    ck_assert_str_eq(trace->str, "RU");
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_realize_failure)
{
    DeviceState *dev = qdev_new(TYPE_TEST_DEV);
    Error *err = NULL;

    TEST_DEV(dev)->fail_realize = true;
    ck_assert(!qdev_realize(dev, NULL, &err));
    ck_assert_error(err, "realize refused");
    ck_assert(!dev->realized);
    /* The failed attempt leaves no parent behind, nor a used name. */
    ck_assert_ptr_null(OBJECT(dev)->parent);
    ck_assert_str_eq(trace->str, "");

    TEST_DEV(dev)->fail_realize = false;
    ck_assert(qdev_realize(dev, NULL, &error_abort));
    ck_assert_str_eq(object_get_canonical_path_component(OBJECT(dev)),
                     "device[0]");
    object_unparent(OBJECT(dev));
    object_unref(OBJECT(dev));
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_realize_twice_is_an_error)
{
    DeviceState *dev = qdev_new(TYPE_TEST_DEV);
    Error *err = NULL;

    ck_assert(qdev_realize(dev, NULL, &error_abort));
    ck_assert(!qdev_realize(dev, NULL, &err));
    ck_assert_error(err, "Device 'test-dev' is already realized");
    ck_assert_str_eq(trace->str, "R");
    object_unparent(OBJECT(dev));
    object_unref(OBJECT(dev));
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_parent_realize_chain)
{
    DeviceState *dev = qdev_new(TYPE_TEST_DEV_CHILD);

    ck_assert(qdev_realize(dev, NULL, &error_abort));
    ck_assert_str_eq(trace->str, "r<R>");
    qdev_unrealize(dev);
    ck_assert_str_eq(trace->str, "r<R>uU");

    /* A parent realize failure propagates through the child's. */
    g_string_truncate(trace, 0);
    TEST_DEV(dev)->fail_realize = true;
    ck_assert(!object_property_set_bool(OBJECT(dev), "realized", true, NULL));
    ck_assert_str_eq(trace->str, "r<");
    object_unparent(OBJECT(dev));
    object_unref(OBJECT(dev));
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_class_defaults)
{
    DeviceClass *dc = DEVICE_CLASS(object_class_by_name(TYPE_TEST_DEV));

    ck_assert(dc->user_creatable);
    ck_assert(dc->hotpluggable);
    ck_assert_ptr_null(dc->bus_type);
    ck_assert_str_eq(dc->desc, "a device for tests");
    /* A sysbus device needs wiring -device cannot give it. */
    dc = DEVICE_CLASS(object_class_by_name(TYPE_SYS_BUS_DEVICE));
    ck_assert(!dc->user_creatable);
    ck_assert_str_eq(dc->bus_type, TYPE_SYSTEM_BUS);
    ck_assert(object_class_is_abstract(object_class_by_name(TYPE_DEVICE)));
}
END_TEST

START_TEST(test_try_new)
{
    ck_assert_ptr_null(qdev_try_new("no-such-device"));
    ck_assert_ptr_null(qdev_try_new(TYPE_DEVICE));      /* abstract */
    ck_assert_ptr_null(qdev_try_new(TYPE_TEST_BUS));    /* not a device */
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_new_unknown_aborts)
{
    qdev_new("no-such-device");
}
END_TEST

START_TEST(test_bus_children)
{
    DeviceState *bridge = qdev_new(TYPE_TEST_BRIDGE);
    BusState *bus = TEST_BRIDGE(bridge)->bus;
    DeviceState *a = qdev_new(TYPE_TEST_BUS_DEV);
    DeviceState *b = qdev_new(TYPE_TEST_BUS_DEV);

    /* No id on the parent: "<lowercase type>.<n>". */
    ck_assert_str_eq(bus->name, "test-bus.0");
    ck_assert_ptr_eq(bus->parent, bridge);
    ck_assert_int_eq(bridge->num_child_bus, 1);
    ck_assert_ptr_eq(qdev_get_child_bus(bridge, "test-bus.0"), bus);
    ck_assert_ptr_null(qdev_get_child_bus(bridge, "nope"));

    ck_assert(qdev_realize(bridge, NULL, &error_abort));
    ck_assert(qdev_realize_and_unref(a, bus, &error_abort));
    ck_assert(qdev_realize_and_unref(b, bus, &error_abort));
    ck_assert_ptr_eq(qdev_get_parent_bus(a), bus);
    ck_assert_int_eq(bus->num_children, 2);
    ck_assert_ptr_eq(object_property_get_link(OBJECT(bus), "child[0]",
                                              &error_abort), OBJECT(a));
    ck_assert_ptr_eq(object_property_get_link(OBJECT(bus), "child[1]",
                                              &error_abort), OBJECT(b));
    ck_assert_ptr_eq(object_property_get_link(OBJECT(a), "parent_bus",
                                              &error_abort), OBJECT(bus));
    ck_assert_str_eq(trace->str, "RR");

    /* Unparenting the bridge takes its bus and the bus's devices along. */
    object_unparent(OBJECT(bridge));
    ck_assert_str_eq(trace->str, "RRUU");
    object_unref(OBJECT(bridge));
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_wrong_bus)
{
    DeviceState *bridge = qdev_new(TYPE_TEST_BRIDGE);
    DeviceState *dev = qdev_new(TYPE_TEST_DEV);
    DeviceState *busdev = qdev_new(TYPE_TEST_BUS_DEV);
    Error *err = NULL;

    /* A device without a bus type cannot be plugged into a bus. */
    ck_assert(!qdev_realize(dev, TEST_BRIDGE(bridge)->bus, &err));
    ck_assert_error(err, "Device 'test-dev' can't go on test-bus bus");
    /* Nor a test-bus device into the system bus. */
    ck_assert(!qdev_realize(busdev, sysbus_get_default(), &err));
    ck_assert_error(err, "Device 'test-bus-dev' can't go on System bus");
    /* A device that needs a bus other than sysbus must be given one. */
    ck_assert(!qdev_realize(busdev, NULL, &err));
    ck_assert_error(err, "No 'test-bus' bus found for device 'test-bus-dev'");
    ck_assert(!dev->realized && !busdev->realized);
    ck_assert_str_eq(trace->str, "");

    object_unref(OBJECT(dev));
    object_unref(OBJECT(busdev));
    object_unref(OBJECT(bridge));
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_bus_named_after_parent_id)
{
    DeviceState *bridge = DEVICE(object_new(TYPE_TEST_DEV));
    BusState *bus;

    bridge->id = g_strdup("br0");
    bus = qbus_new(TYPE_TEST_BUS, bridge, NULL);
    ck_assert_str_eq(bus->name, "br0.0");
    bus = qbus_new(TYPE_TEST_BUS, bridge, "explicit");
    ck_assert_str_eq(bus->name, "explicit");
    ck_assert_int_eq(bridge->num_child_bus, 2);
    object_unref(OBJECT(bridge));
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_hw_error_aborts)
{
    hw_error("register %d is broken", 3);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-qdev");
    TCase *tc = tcase_create("qdev");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_new_realize_unrealize);
    tcase_add_test(tc, test_realize_and_unref);
    tcase_add_test(tc, test_realize_failure);
    tcase_add_test(tc, test_realize_twice_is_an_error);
    tcase_add_test(tc, test_parent_realize_chain);
    tcase_add_test(tc, test_class_defaults);
    tcase_add_test(tc, test_try_new);
    tcase_add_test_raise_signal(tc, test_new_unknown_aborts, SIGABRT);
    tcase_add_test(tc, test_bus_children);
    tcase_add_test(tc, test_wrong_bus);
    tcase_add_test(tc, test_bus_named_after_parent_id);
    tcase_add_test_raise_signal(tc, test_hw_error_aborts, SIGABRT);
    suite_add_tcase(s, tc);
    return hw_test_run(s);
}
