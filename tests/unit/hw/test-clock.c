/*
 * Unit tests for hw/clock.h and hw/qdev-clock.h: period units, propagation
 * down a clock tree with multiplier/divider, callbacks and their event
 * masks, tick/ns conversions, device clock inputs and outputs, and the
 * bytes of vmstate_clock.
 */
#include "qemu/osdep.h"
#include "hw/clock.h"
#include "hw/qdev-clock.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "qapi/error.h"
#include "hw-test.h"

#define TYPE_CLK_DEV "clk-dev"

typedef struct ClkDev {
    DeviceState parent_obj;
    Clock *clk;
    Clock *out;
    int updates;
} ClkDev;

#define CLK_DEV(obj) OBJECT_CHECK(ClkDev, (obj), TYPE_CLK_DEV)

static GString *trace;

typedef struct Watch {
    const char *name;
    Clock *clk;
} Watch;

/* Logs "<name>:<pre|upd>@<hz seen at that moment>". */
static void watch_cb(void *opaque, ClockEvent event)
{
    Watch *w = (Watch *)opaque;

    g_string_append_printf(trace, "%s%s:%s@%u", trace->len ? " " : "",
                           w->name, event == ClockPreUpdate ? "pre" : "upd",
                           clock_get_hz(w->clk));
}

static void clk_dev_clk_update(void *opaque, ClockEvent event)
{
    ClkDev *s = CLK_DEV(opaque);

    ck_assert_int_eq(event, ClockUpdate);
    s->updates++;
}

static void clk_dev_init(Object *obj)
{
    ClkDev *s = CLK_DEV(obj);

    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", clk_dev_clk_update, s,
                                ClockUpdate);
    s->out = qdev_init_clock_out(DEVICE(obj), "out");
}

static const TypeInfo clk_types[] = {
    {
        .name = TYPE_CLK_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(ClkDev),
        .instance_init = clk_dev_init,
    },
};

DEFINE_TYPES(clk_types)

static Object *parent;

static void setup(void)
{
    hw_test_setup();
    trace = g_string_new(NULL);
    parent = object_new(TYPE_CONTAINER);
    object_property_add_child(object_get_root(), "clocks", parent);
}

static void teardown(void)
{
    g_string_free(trace, TRUE);
}

/* Drops the test's clock parent; every test then checks for leaks. */
static void drop_parent(void)
{
    object_unparent(parent);
    object_unref(parent);
    hw_test_check_no_leak();
}

START_TEST(test_units)
{
    Clock *clk = clock_new(parent, "c");

    ck_assert_str_eq(clk->canonical_path, "/clocks/c");
    ck_assert(!clock_is_enabled(clk));
    ck_assert_uint_eq(clock_get_hz(clk), 0);

    ck_assert(clock_set_hz(clk, 1000000));
    ck_assert_uint_eq(clock_get(clk), 1000ULL << 32);
    ck_assert_uint_eq(clock_get_hz(clk), 1000000);
    ck_assert(clock_is_enabled(clk));
    /* Setting the same period again reports no change. */
    ck_assert(!clock_set_hz(clk, 1000000));

    ck_assert(clock_set_ns(clk, 10));
    ck_assert_uint_eq(clock_get(clk), 10ULL << 32);
    ck_assert_uint_eq(clock_get_hz(clk), 100000000);
    ck_assert(clock_set(clk, 0));
    ck_assert(!clock_is_enabled(clk));

    ck_assert_uint_eq(CLOCK_PERIOD_1SEC, 1000000000ULL << 32);
    ck_assert_uint_eq(CLOCK_PERIOD_FROM_HZ(0), 0);
    ck_assert_uint_eq(CLOCK_PERIOD_TO_HZ(0), 0);
    ck_assert_uint_eq(CLOCK_PERIOD_FROM_NS(2), 2ULL << 32);
    drop_parent();
}
END_TEST

START_TEST(test_conversions)
{
    Clock *clk = clock_new(parent, "c");

    clock_set_hz(clk, 1000000);
    ck_assert_uint_eq(clock_ticks_to_ns(clk, 5), 5000);
    ck_assert_uint_eq(clock_ns_to_ticks(clk, 5000), 5);
    ck_assert_uint_eq(clock_ns_to_ticks(clk, 4999), 4);
    /* Overflowing results saturate at INT64_MAX (timer-friendly). */
    ck_assert_uint_eq(clock_ticks_to_ns(clk, UINT64_MAX), INT64_MAX);

    /* 3 MHz has no exact period: results round down. */
    clock_set_hz(clk, 3000000);
    ck_assert_uint_eq(clock_get(clk), 1431655765333ULL);
    ck_assert_uint_eq(clock_ticks_to_ns(clk, 3), 999);
    ck_assert_uint_eq(clock_ticks_to_ns(clk, 3000000), 999999999);
    ck_assert_uint_eq(clock_ns_to_ticks(clk, 1000), 3);

    /* A stopped clock: no time passes and no tick fits. */
    clock_set(clk, 0);
    ck_assert_uint_eq(clock_ticks_to_ns(clk, 100), 0);
    ck_assert_uint_eq(clock_ns_to_ticks(clk, 100), 0);
    drop_parent();
}
END_TEST

START_TEST(test_display_freq)
{
    Clock *clk = clock_new(parent, "c");
    char *s;

    clock_set_hz(clk, 24000000);
    s = clock_display_freq(clk);
    ck_assert_str_eq(s, "24 MHz");
    g_free(s);
    clock_set_hz(clk, 1500);
    s = clock_display_freq(clk);
    ck_assert_str_eq(s, "1.5 KHz");
    g_free(s);
    clock_set(clk, 0);
    s = clock_display_freq(clk);
    ck_assert_str_eq(s, "0 Hz");
    g_free(s);
    drop_parent();
}
END_TEST

START_TEST(test_propagation_and_events)
{
    Clock *root = clock_new(parent, "root");
    Watch a = { "a", clock_new(parent, "a") };
    Watch b = { "b", clock_new(parent, "b") };
    Watch c = { "c", clock_new(parent, "c") };
    Watch g = { "g", clock_new(parent, "g") };

    clock_set_callback(a.clk, watch_cb, &a, ClockUpdate);
    clock_set_callback(b.clk, watch_cb, &b, ClockPreUpdate | ClockUpdate);
    clock_set_callback(c.clk, watch_cb, &c, 0);
    clock_set_callback(g.clk, watch_cb, &g, ClockPreUpdate);

    clock_set_hz(root, 1000);
    clock_set_source(a.clk, root);
    clock_set_source(b.clk, root);
    clock_set_source(c.clk, root);
    clock_set_source(g.clk, b.clk);
    /* Connecting copies the period without any callback. */
    ck_assert_uint_eq(clock_get_hz(g.clk), 1000);
    ck_assert(clock_has_source(g.clk));
    ck_assert_str_eq(trace->str, "");

    /* Pre-update callbacks see the old period, update ones the new. */
    clock_update_hz(root, 2000);
    ck_assert_uint_eq(clock_get_hz(c.clk), 2000);
    ck_assert_uint_eq(clock_get_hz(g.clk), 2000);
    ck_assert(strstr(trace->str, "a:upd@2000") != NULL);
    ck_assert(strstr(trace->str, "b:pre@1000 b:upd@2000 g:pre@1000") != NULL);
    ck_assert(strstr(trace->str, "c:") == NULL);

    /* No change, no callback. */
    g_string_truncate(trace, 0);
    clock_update_hz(root, 2000);
    ck_assert_str_eq(trace->str, "");

    /* set + propagate is update in two steps. */
    ck_assert(clock_set_ns(root, 1000));
    ck_assert_uint_eq(clock_get_hz(a.clk), 2000);
    clock_propagate(root);
    ck_assert_uint_eq(clock_get_hz(a.clk), 1000000);

    clock_clear_callback(b.clk);
    g_string_truncate(trace, 0);
    clock_update_hz(root, 10);
    ck_assert(strstr(trace->str, "b:") == NULL);
    drop_parent();
}
END_TEST

START_TEST(test_mul_div)
{
    Clock *root = clock_new(parent, "root");
    Clock *child = clock_new(parent, "child");

    clock_set_hz(root, 1000000);
    /* Children run at period * mul / div: 1 MHz * 3 / 2 periods. */
    clock_set_mul_div(root, 2, 3);
    clock_set_source(child, root);
    ck_assert_uint_eq(clock_get(child), (1000ULL << 32) * 2 / 3);
    ck_assert_uint_eq(clock_get_hz(child), 1500000);
    /* Changing the ratio takes effect at the next propagation. */
    clock_set_mul_div(root, 4, 1);
    ck_assert_uint_eq(clock_get_hz(child), 1500000);
    clock_propagate(root);
    ck_assert_uint_eq(clock_get_hz(child), 250000);
    drop_parent();
}
END_TEST

START_TEST(test_device_clocks)
{
    DeviceState *src = qdev_new(TYPE_CLK_DEV);
    DeviceState *dst = qdev_new(TYPE_CLK_DEV);
    ClkDev *d = CLK_DEV(dst);

    ck_assert_ptr_eq(qdev_get_clock_in(dst, "clk"), d->clk);
    ck_assert_ptr_eq(qdev_get_clock_out(src, "out"), CLK_DEV(src)->out);
    ck_assert_str_eq(object_property_get_type(OBJECT(dst), "clk",
                                              &error_abort), "child<clock>");

    qdev_connect_clock_in(dst, "clk", qdev_get_clock_out(src, "out"));
    ck_assert(qdev_realize(src, NULL, &error_abort));
    ck_assert(qdev_realize(dst, NULL, &error_abort));
    /* Realize records the clocks' canonical paths. */
    ck_assert_str_eq(d->clk->canonical_path,
                     "/machine/unattached/device[1]/clk");

    clock_update_hz(CLK_DEV(src)->out, 48000000);
    ck_assert_int_eq(d->updates, 1);
    ck_assert_uint_eq(clock_get_hz(d->clk), 48000000);

    /* The source dies first: its output clock lives on for dst. */
    object_unparent(OBJECT(src));
    object_unref(OBJECT(src));
    ck_assert_uint_eq(clock_get_hz(d->clk), 48000000);
    object_unparent(OBJECT(dst));
    object_unref(OBJECT(dst));
    drop_parent();
}
END_TEST

START_TEST(test_device_clock_outlives_device)
{
    DeviceState *dst = qdev_new(TYPE_CLK_DEV);
    Clock *src = clock_new(parent, "src");

    qdev_connect_clock_in(dst, "clk", src);
    object_unref(OBJECT(dst));
    /* dst's input is gone from src's children; no callback into freed state. */
    clock_update_hz(src, 1000);
    ck_assert_ptr_null(src->children.lh_first);
    drop_parent();
}
END_TEST

typedef struct ClkTable {
    DeviceState parent_obj;
    Clock *refclk;
    Clock *outclk;
} ClkTable;

static const ClockPortInitArray clk_table = {
    QDEV_CLOCK_IN(ClkTable, refclk, NULL, 0),
    QDEV_CLOCK_OUT(ClkTable, outclk),
    QDEV_CLOCK_END
};

START_TEST(test_clock_table_and_alias)
{
    DeviceState *dev = qdev_new("clk-table-dev");
    DeviceState *container = qdev_new(TYPE_CLK_DEV);
    ClkTable *t = (ClkTable *)dev;
    Clock *aliased;

    qdev_init_clocks(dev, clk_table);
    ck_assert_ptr_eq(qdev_get_clock_in(dev, "refclk"), t->refclk);
    ck_assert_ptr_eq(qdev_get_clock_out(dev, "outclk"), t->outclk);

    aliased = qdev_alias_clock(dev, "refclk", container, "ext");
    ck_assert_ptr_eq(aliased, t->refclk);
    ck_assert_ptr_eq(qdev_get_clock_in(container, "ext"), t->refclk);
    /* As in QEMU, the alias is a link property of the container. */
    ck_assert_str_eq(object_property_get_type(OBJECT(container), "ext",
                                              &error_abort), "link<clock>");
    object_unref(OBJECT(container));
    object_unref(OBJECT(dev));
    drop_parent();
}
END_TEST

static const TypeInfo clk_table_type = {
    .name = "clk-table-dev",
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(ClkTable),
};

static void register_clk_table(void)
{
    type_register_static(&clk_table_type);
}

type_init(register_clk_table)

START_TEST(test_unknown_clock_aborts)
{
    DeviceState *dev = qdev_new(TYPE_CLK_DEV);

    qdev_get_clock_in(dev, "out");  /* an output, not an input */
}
END_TEST

static GByteArray *save_clock(Clock *clk)
{
    QEMUFile *f = qemu_shim_file_new_output();
    GByteArray *bytes = g_byte_array_new();
    const uint8_t *data;
    size_t len;

    ck_assert_int_eq(qemu_shim_vmstate_save(f, &vmstate_clock, clk,
                                            &error_abort), 0);
    data = qemu_shim_file_output_data(f, &len);
    g_byte_array_append(bytes, data, len);
    qemu_fclose(f);
    return bytes;
}

static void load_clock(Clock *clk, const uint8_t *data, size_t len)
{
    QEMUFile *f = qemu_shim_file_new_input(data, len);

    ck_assert_int_eq(qemu_shim_vmstate_load(f, &vmstate_clock, clk, 0,
                                            &error_abort), 0);
    qemu_fclose(f);
}

START_TEST(test_vmstate_bytes)
{
    static const uint8_t plain[] = {
        0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00,     /* period */
    };
    static const uint8_t muldiv[] = {
        0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00,     /* period */
        0x05,                                               /* subsection */
        12, 'c', 'l', 'o', 'c', 'k', '/', 'm', 'u', 'l', 'd', 'i', 'v',
        0x00, 0x00, 0x00, 0x01,                             /* version */
        0x00, 0x00, 0x00, 0x02,                             /* multiplier */
        0x00, 0x00, 0x00, 0x03,                             /* divider */
    };
    Clock *clk = clock_new(parent, "c");
    GByteArray *bytes;

    ck_assert_str_eq(vmstate_clock.name, "clock");
    ck_assert_int_eq(vmstate_clock.version_id, 0);

    clock_set_hz(clk, 1000000);
    bytes = save_clock(clk);
    ck_assert_uint_eq(bytes->len, sizeof(plain));
    ck_assert_mem_eq(bytes->data, plain, sizeof(plain));
    g_byte_array_free(bytes, TRUE);

    clock_set_mul_div(clk, 2, 3);
    bytes = save_clock(clk);
    ck_assert_uint_eq(bytes->len, sizeof(muldiv));
    ck_assert_mem_eq(bytes->data, muldiv, sizeof(muldiv));
    g_byte_array_free(bytes, TRUE);

    /* Loading a stream without the subsection means 1/1 again. */
    clock_set(clk, 0);
    load_clock(clk, plain, sizeof(plain));
    ck_assert_uint_eq(clock_get_hz(clk), 1000000);
    ck_assert_uint_eq(clk->multiplier, 1);
    ck_assert_uint_eq(clk->divider, 1);
    load_clock(clk, muldiv, sizeof(muldiv));
    ck_assert_uint_eq(clk->multiplier, 2);
    ck_assert_uint_eq(clk->divider, 3);
    drop_parent();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw-clock");
    TCase *tc = tcase_create("clock");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_units);
    tcase_add_test(tc, test_conversions);
    tcase_add_test(tc, test_display_freq);
    tcase_add_test(tc, test_propagation_and_events);
    tcase_add_test(tc, test_mul_div);
    tcase_add_test(tc, test_device_clocks);
    tcase_add_test(tc, test_device_clock_outlives_device);
    tcase_add_test(tc, test_clock_table_and_alias);
    tcase_add_test_raise_signal(tc, test_unknown_clock_aborts, SIGABRT);
    tcase_add_test(tc, test_vmstate_bytes);
    suite_add_tcase(s, tc);
    return hw_test_run(s);
}
