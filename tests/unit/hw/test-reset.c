/*
 * Unit tests for hw/resettable.h and qdev reset: the three phases across a
 * device, its bus and the bus's devices (every enter, then every hold, then
 * every exit, children before parents), legacy dc->reset, chaining to the
 * parent class's phases or reset, assert/release, and sysemu/reset.h.
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "hw/resettable.h"
#include "sysemu/reset.h"
#include "qapi/error.h"
#include "hw-test.h"

#define TYPE_RST_BUS "rst-bus"
#define TYPE_RST_DEV "rst-dev"
#define TYPE_RST_DEV_SUB "rst-dev-sub"
#define TYPE_RST_LEGACY "rst-legacy"
#define TYPE_RST_LEGACY_ON_PHASES "rst-legacy-on-phases"
#define TYPE_RST_BRIDGE "rst-bridge"

typedef struct RstDev {
    DeviceState parent_obj;
    BusState *bus;          /* bridges only */
} RstDev;

typedef struct RstDevClass {
    DeviceClass parent_class;
    ResettablePhases parent_phases;
    DeviceReset parent_reset;
} RstDevClass;

#define RST_DEV(obj) OBJECT_CHECK(RstDev, (obj), TYPE_RST_DEV)
#define RST_DEV_GET_CLASS(obj) \
    OBJECT_GET_CLASS(RstDevClass, (obj), TYPE_RST_DEV)

static GString *trace;

static void log_event(Object *obj, const char *what)
{
    g_string_append_printf(trace, "%s%s:%s", trace->len ? " " : "",
                           DEVICE(obj)->id, what);
}

static void rst_enter(Object *obj, ResetType type)
{
    ck_assert_int_eq(type, RESET_TYPE_COLD);
    log_event(obj, "enter");
}

static void rst_hold(Object *obj)
{
    log_event(obj, "hold");
}

static void rst_exit(Object *obj)
{
    log_event(obj, "exit");
}

static void rst_sub_hold(Object *obj)
{
    log_event(obj, "subhold");
    RST_DEV_GET_CLASS(obj)->parent_phases.hold(obj);
}

static void rst_legacy_reset(DeviceState *dev)
{
    log_event(OBJECT(dev), "legacy");
}

/* A legacy reset that chains to its multi-phase parent class. */
static void rst_legacy_on_phases_reset(DeviceState *dev)
{
    log_event(OBJECT(dev), "legacy");
    RST_DEV_GET_CLASS(dev)->parent_reset(dev);
}

static void rst_dev_class_init(ObjectClass *oc, void *data G_GNUC_UNUSED)
{
    ResettableClass *rc = RESETTABLE_CLASS(oc);

    DEVICE_CLASS(oc)->bus_type = TYPE_RST_BUS;
    rc->phases.enter = rst_enter;
    rc->phases.hold = rst_hold;
    rc->phases.exit = rst_exit;
}

static void rst_dev_sub_class_init(ObjectClass *oc, void *data G_GNUC_UNUSED)
{
    RstDevClass *k = (RstDevClass *)oc;

    resettable_class_set_parent_phases(RESETTABLE_CLASS(oc), NULL,
                                       rst_sub_hold, NULL,
                                       &k->parent_phases);
}

static void rst_legacy_class_init(ObjectClass *oc, void *data G_GNUC_UNUSED)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_RST_BUS;
    dc->reset = rst_legacy_reset;
}

static void rst_legacy_on_phases_class_init(ObjectClass *oc,
                                            void *data G_GNUC_UNUSED)
{
    RstDevClass *k = (RstDevClass *)oc;

    device_class_set_parent_reset(DEVICE_CLASS(oc),
                                  rst_legacy_on_phases_reset,
                                  &k->parent_reset);
}

static void rst_bridge_init(Object *obj)
{
    RST_DEV(obj)->bus = qbus_new(TYPE_RST_BUS, DEVICE(obj), "rst-bus.0");
}

static void rst_bridge_class_init(ObjectClass *oc, void *data G_GNUC_UNUSED)
{
    /* The bridge itself sits on no bus. */
    DEVICE_CLASS(oc)->bus_type = NULL;
}

static const TypeInfo rst_types[] = {
    {
        .name = TYPE_RST_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
    }, {
        .name = TYPE_RST_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(RstDev),
        .class_size = sizeof(RstDevClass),
        .class_init = rst_dev_class_init,
    }, {
        .name = TYPE_RST_DEV_SUB,
        .parent = TYPE_RST_DEV,
        .class_init = rst_dev_sub_class_init,
    }, {
        .name = TYPE_RST_LEGACY,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(RstDev),
        .class_size = sizeof(RstDevClass),
        .class_init = rst_legacy_class_init,
    }, {
        .name = TYPE_RST_LEGACY_ON_PHASES,
        .parent = TYPE_RST_DEV,
        .class_init = rst_legacy_on_phases_class_init,
    }, {
        .name = TYPE_RST_BRIDGE,
        .parent = TYPE_RST_DEV,
        .instance_init = rst_bridge_init,
        .class_init = rst_bridge_class_init,
    },
};

DEFINE_TYPES(rst_types)

static DeviceState *new_dev(const char *type, const char *id)
{
    DeviceState *dev = qdev_new(type);

    dev->id = g_strdup(id);
    return dev;
}

/* A bridge "b" whose bus carries the given devices, plugged in order. */
static DeviceState *make_tree(const char *const *types, const char *const *ids,
                              int n)
{
    DeviceState *bridge = new_dev(TYPE_RST_BRIDGE, "b");
    int i;

    ck_assert(qdev_realize(bridge, NULL, &error_abort));
    for (i = 0; i < n; i++) {
        ck_assert(qdev_realize_and_unref(new_dev(types[i], ids[i]),
                                         RST_DEV(bridge)->bus, &error_abort));
    }
    return bridge;
}

static void free_tree(DeviceState *bridge)
{
    object_unparent(OBJECT(bridge));
    object_unref(OBJECT(bridge));
}

static void setup(void)
{
    hw_test_setup();
    trace = g_string_new(NULL);
}

static void teardown(void)
{
    g_string_free(trace, TRUE);
}

START_TEST(test_phase_order_across_bus)
{
    static const char *const types[] = { TYPE_RST_DEV, TYPE_RST_DEV };
    static const char *const ids[] = { "c1", "c2" };
    DeviceState *b = make_tree(types, ids, 2);

    device_cold_reset(b);
    /* QEMU walks a bus's children newest first. */
    ck_assert_str_eq(trace->str,
                     "c2:enter c1:enter b:enter "
                     "c2:hold c1:hold b:hold "
                     "c2:exit c1:exit b:exit");
    ck_assert(!device_is_in_reset(b));

    /* Resetting the bus resets its devices only. */
    g_string_truncate(trace, 0);
    bus_cold_reset(RST_DEV(b)->bus);
    ck_assert_str_eq(trace->str, "c2:enter c1:enter c2:hold c1:hold "
                     "c2:exit c1:exit");
    free_tree(b);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_legacy_reset_in_hold_slot)
{
    static const char *const types[] = { TYPE_RST_DEV, TYPE_RST_LEGACY };
    static const char *const ids[] = { "c1", "old" };
    DeviceState *b = make_tree(types, ids, 2);

    device_cold_reset(b);
    /* A legacy device does its whole reset where its hold phase would be. */
    ck_assert_str_eq(trace->str,
                     "c1:enter b:enter old:legacy c1:hold b:hold "
                     "c1:exit b:exit");
    free_tree(b);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_parent_phases_chain)
{
    DeviceState *dev = new_dev(TYPE_RST_DEV_SUB, "s");

    device_cold_reset(dev);
    ck_assert_str_eq(trace->str, "s:enter s:subhold s:hold s:exit");
    object_unref(OBJECT(dev));
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_legacy_subclass_of_phases_class)
{
    DeviceState *dev = new_dev(TYPE_RST_LEGACY_ON_PHASES, "x");

    /* Its parent reset is the default one, running the phases in a row. */
    device_cold_reset(dev);
    ck_assert_str_eq(trace->str, "x:legacy x:enter x:hold x:exit");
    object_unref(OBJECT(dev));
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_legacy_reset_is_device_only)
{
    static const char *const types[] = { TYPE_RST_LEGACY };
    static const char *const ids[] = { "old" };
    DeviceState *b = make_tree(types, ids, 1);

    /* The bridge's class reset is the phases one; no child is reset. */
    device_legacy_reset(b);
    ck_assert_str_eq(trace->str, "b:enter b:hold b:exit");
    free_tree(b);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_assert_release)
{
    static const char *const types[] = { TYPE_RST_DEV };
    static const char *const ids[] = { "c1" };
    DeviceState *b = make_tree(types, ids, 1);
    Object *obj = OBJECT(b);

    resettable_assert_reset(obj, RESET_TYPE_COLD);
    ck_assert_str_eq(trace->str, "c1:enter b:enter c1:hold b:hold");
    ck_assert(resettable_is_in_reset(obj));
    ck_assert(bus_is_in_reset(RST_DEV(b)->bus));

    /* A second assert only counts: no phase runs again. */
    resettable_assert_reset(obj, RESET_TYPE_COLD);
    resettable_release_reset(obj, RESET_TYPE_COLD);
    ck_assert_str_eq(trace->str, "c1:enter b:enter c1:hold b:hold");
    ck_assert(resettable_is_in_reset(obj));

    resettable_release_reset(obj, RESET_TYPE_COLD);
    ck_assert_str_eq(trace->str, "c1:enter b:enter c1:hold b:hold "
                     "c1:exit b:exit");
    ck_assert(!resettable_is_in_reset(obj));
    free_tree(b);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_plug_into_bus_in_reset)
{
    static const char *const types[] = { TYPE_RST_DEV };
    static const char *const ids[] = { "c1" };
    DeviceState *b = make_tree(types, ids, 1);
    DeviceState *late = new_dev(TYPE_RST_DEV, "late");
    BusState *other = qbus_new(TYPE_RST_BUS, late, "other");
    DeviceState *mover = new_dev(TYPE_RST_DEV, "m");

    /* A realized device moving onto a bus in reset enters reset too. */
    ck_assert(qdev_realize(mover, other, &error_abort));
    resettable_assert_reset(OBJECT(b), RESET_TYPE_COLD);
    g_string_truncate(trace, 0);
    ck_assert(qdev_set_parent_bus(mover, RST_DEV(b)->bus, &error_abort));
    ck_assert_str_eq(trace->str, "m:enter m:hold");
    resettable_release_reset(OBJECT(b), RESET_TYPE_COLD);
    ck_assert_str_eq(trace->str, "m:enter m:hold m:exit c1:exit b:exit");

    object_unparent(OBJECT(mover));
    object_unref(OBJECT(mover));
    object_unref(OBJECT(late));
    free_tree(b);
    hw_test_check_no_leak();
}
END_TEST

static void count_handler(void *opaque)
{
    (*(int *)opaque)++;
}

START_TEST(test_register_reset)
{
    static const char *const types[] = { TYPE_RST_DEV };
    static const char *const ids[] = { "c1" };
    DeviceState *b = make_tree(types, ids, 1);
    int calls = 0;

    qemu_register_reset(resettable_cold_reset_fn, b);
    qemu_register_reset(count_handler, &calls);
    qemu_devices_reset();
    ck_assert_str_eq(trace->str, "c1:enter b:enter c1:hold b:hold "
                     "c1:exit b:exit");
    ck_assert_int_eq(calls, 1);

    qemu_unregister_reset(resettable_cold_reset_fn, b);
    g_string_truncate(trace, 0);
    qemu_devices_reset();
    ck_assert_str_eq(trace->str, "");
    ck_assert_int_eq(calls, 2);
    qemu_unregister_reset(count_handler, &calls);
    free_tree(b);
    hw_test_check_no_leak();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-reset");
    TCase *tc = tcase_create("reset");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_phase_order_across_bus);
    tcase_add_test(tc, test_legacy_reset_in_hold_slot);
    tcase_add_test(tc, test_parent_phases_chain);
    tcase_add_test(tc, test_legacy_subclass_of_phases_class);
    tcase_add_test(tc, test_legacy_reset_is_device_only);
    tcase_add_test(tc, test_assert_release);
    tcase_add_test(tc, test_plug_into_bus_in_reset);
    tcase_add_test(tc, test_register_reset);
    suite_add_tcase(s, tc);
    return hw_test_run(s);
}
