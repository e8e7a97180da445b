/*
 * Unit tests for hw/irq.h and qdev GPIOs: line levels, allocation and
 * numbering, inversion, unnamed and named inputs and outputs, connections
 * between devices, and the shim's intercept hooks for qtest.
 */
#include "qemu/osdep.h"
#include "hw/irq.h"
#include "hw/qdev-core.h"
#include "qapi/error.h"
#include "hw-test.h"

#define TYPE_GPIO_DEV "gpio-dev"

typedef struct GpioDev {
    DeviceState parent_obj;
    qemu_irq out[3];
    qemu_irq named_out;
} GpioDev;

#define GPIO_DEV(obj) OBJECT_CHECK(GpioDev, (obj), TYPE_GPIO_DEV)

/* Every handler call appends "<tag><n>=<level>". */
static GString *trace;

static void log_level(const char *tag, int n, int level)
{
    g_string_append_printf(trace, "%s%s%d=%d", trace->len ? " " : "",
                           tag, n, level);
}

static void plain_handler(void *opaque, int n, int level)
{
    log_level((const char *)opaque, n, level);
}

static void gpio_dev_in(void *opaque, int n, int level)
{
    /* QEMU passes the device as opaque to qdev_init_gpio_in handlers. */
    log_level(DEVICE(opaque)->id, n, level);
}

static void gpio_dev_ctl(void *opaque, int n, int level)
{
    g_autofree char *tag = g_strdup_printf("%s.ctl", DEVICE(opaque)->id);

    log_level(tag, n, level);
}

static void gpio_dev_init(Object *obj)
{
    GpioDev *s = GPIO_DEV(obj);
    DeviceState *dev = DEVICE(obj);

    qdev_init_gpio_in(dev, gpio_dev_in, 2);
    qdev_init_gpio_out(dev, s->out, 3);
    qdev_init_gpio_in_named(dev, gpio_dev_ctl, "ctl", 2);
    qdev_init_gpio_out_named(dev, &s->named_out, "alarm", 1);
}

static const TypeInfo gpio_types[] = {
    {
        .name = TYPE_GPIO_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(GpioDev),
        .instance_init = gpio_dev_init,
    },
};

DEFINE_TYPES(gpio_types)

static GpioDev *new_gpio_dev(const char *id)
{
    DeviceState *dev = qdev_new(TYPE_GPIO_DEV);

    dev->id = g_strdup(id);
    ck_assert(qdev_realize(dev, NULL, &error_abort));
    return GPIO_DEV(dev);
}

static void free_gpio_dev(GpioDev *s)
{
    object_unparent(OBJECT(s));
    object_unref(OBJECT(s));
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

START_TEST(test_irq_levels)
{
    qemu_irq irq = qemu_allocate_irq(plain_handler, (void *)"i", 7);

    qemu_irq_raise(irq);
    qemu_irq_lower(irq);
    qemu_irq_pulse(irq);
    qemu_set_irq(irq, 5);   /* levels are passed through as given */
    ck_assert_str_eq(trace->str, "i7=1 i7=0 i7=1 i7=0 i7=5");

    /* An unconnected (NULL) line ignores everything. */
    qemu_set_irq(NULL, 1);
    qemu_irq_pulse(NULL);
    ck_assert_str_eq(trace->str, "i7=1 i7=0 i7=1 i7=0 i7=5");
    qemu_free_irq(irq);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_irq_arrays)
{
    qemu_irq *irqs = qemu_allocate_irqs(plain_handler, (void *)"a", 3);

    irqs = qemu_extend_irqs(irqs, 3, plain_handler, (void *)"b", 2);
    qemu_irq_raise(irqs[0]);
    qemu_irq_raise(irqs[2]);
    qemu_irq_raise(irqs[3]);
    qemu_irq_raise(irqs[4]);
    ck_assert_str_eq(trace->str, "a0=1 a2=1 b3=1 b4=1");
    ck_assert(object_dynamic_cast(OBJECT(irqs[1]), TYPE_IRQ));
    qemu_free_irqs(irqs, 5);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_irq_invert)
{
    qemu_irq target = qemu_allocate_irq(plain_handler, (void *)"t", 0);
    qemu_irq inv = qemu_irq_invert(target);

    /* The inverted output starts high. */
    ck_assert_str_eq(trace->str, "t0=1");
    qemu_irq_raise(inv);
    qemu_irq_lower(inv);
    ck_assert_str_eq(trace->str, "t0=1 t0=0 t0=1");
    qemu_free_irq(inv);
    qemu_free_irq(target);
    hw_test_check_no_leak();
}
END_TEST

static void icpt_in_handler(void *opaque, int n, int level)
{
    log_level("icpt", n, level);
    qemu_set_irq(*(qemu_irq *)opaque, level);
}

START_TEST(test_irq_intercept_in)
{
    qemu_irq *irqs = qemu_allocate_irqs(plain_handler, (void *)"d", 2);

    qemu_irq_intercept_in(irqs, icpt_in_handler, 2);
    qemu_irq_raise(irqs[1]);
    ck_assert_str_eq(trace->str, "icpt1=1 d1=1");
    qemu_free_irqs(irqs, 2);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_gpio_properties)
{
    GpioDev *s = new_gpio_dev("g");
    Object *obj = OBJECT(s);

    /* Inputs are child objects, outputs are link<irq> properties. */
    ck_assert_str_eq(object_property_get_type(obj, "unnamed-gpio-in[1]",
                                              &error_abort), "child<irq>");
    ck_assert_str_eq(object_property_get_type(obj, "ctl[0]", &error_abort),
                     "child<irq>");
    ck_assert_str_eq(object_property_get_type(obj, "unnamed-gpio-out[2]",
                                              &error_abort), "link<irq>");
    ck_assert_str_eq(object_property_get_type(obj, "alarm[0]", &error_abort),
                     "link<irq>");
    ck_assert_ptr_null(object_property_find(obj, "unnamed-gpio-out[3]"));
    ck_assert_ptr_eq(object_resolve_path("/machine/unattached/device[0]/"
                                         "unnamed-gpio-in[1]", NULL),
                     OBJECT(qdev_get_gpio_in(DEVICE(s), 1)));

    /* Input lines reach the device's handler with their index. */
    qemu_irq_raise(qdev_get_gpio_in(DEVICE(s), 1));
    qemu_irq_raise(qdev_get_gpio_in_named(DEVICE(s), "ctl", 0));
    ck_assert_str_eq(trace->str, "g1=1 g.ctl0=1");
    /* Unconnected outputs are NULL and setting them does nothing. */
    ck_assert_ptr_null(s->out[0]);
    qemu_irq_raise(s->out[0]);
    free_gpio_dev(s);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_gpio_in_out_of_range_aborts)
{
    GpioDev *s = new_gpio_dev("g");

    qdev_get_gpio_in(DEVICE(s), 2);
}
END_TEST

START_TEST(test_connect_devices)
{
    GpioDev *src = new_gpio_dev("src");
    GpioDev *dst = new_gpio_dev("dst");
    qemu_irq in1 = qdev_get_gpio_in(DEVICE(dst), 1);

    qdev_connect_gpio_out(DEVICE(src), 2, in1);
    qdev_connect_gpio_out_named(DEVICE(src), "alarm", 0,
                                qdev_get_gpio_in_named(DEVICE(dst), "ctl", 1));
    ck_assert_ptr_eq(src->out[2], in1);
    ck_assert_ptr_eq(qdev_get_gpio_out_connector(DEVICE(src), NULL, 2), in1);
    ck_assert_ptr_null(qdev_get_gpio_out_connector(DEVICE(src), NULL, 0));

    qemu_irq_pulse(src->out[2]);
    qemu_irq_raise(src->named_out);
    ck_assert_str_eq(trace->str, "dst1=1 dst1=0 dst.ctl1=1");

    /* Connecting NULL disconnects. */
    qdev_connect_gpio_out(DEVICE(src), 2, NULL);
    ck_assert_ptr_null(src->out[2]);
    free_gpio_dev(src);
    free_gpio_dev(dst);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_connect_orphan_irq)
{
    GpioDev *src = new_gpio_dev("src");
    qemu_irq pin = qemu_allocate_irq(plain_handler, (void *)"p", 4);
    Object *unattached = container_get(qdev_get_machine(), "/unattached");

    /* As in QEMU, a pin outside the tree is filed under unattached. */
    qdev_connect_gpio_out(DEVICE(src), 0, pin);
    ck_assert_ptr_eq(OBJECT(pin)->parent, unattached);
    ck_assert(g_str_has_prefix(object_get_canonical_path_component(
                                   OBJECT(pin)), "non-qdev-gpio["));
    qemu_irq_raise(src->out[0]);
    ck_assert_str_eq(trace->str, "p4=1");

    free_gpio_dev(src);
    object_unparent(OBJECT(pin));
    qemu_free_irq(pin);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_qdev_intercept_gpio_out)
{
    GpioDev *src = new_gpio_dev("src");
    GpioDev *dst = new_gpio_dev("dst");
    qemu_irq in0 = qdev_get_gpio_in(DEVICE(dst), 0);
    qemu_irq icpt = qemu_allocate_irq(plain_handler, (void *)"x", 9);

    qdev_connect_gpio_out(DEVICE(src), 1, in0);
    ck_assert_ptr_eq(qdev_intercept_gpio_out(DEVICE(src), icpt, NULL, 1), in0);
    qemu_irq_raise(src->out[1]);
    ck_assert_str_eq(trace->str, "x9=1");
    free_gpio_dev(src);
    free_gpio_dev(dst);
    object_unparent(OBJECT(icpt));
    qemu_free_irq(icpt);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_shim_intercept_out)
{
    GpioDev *src = new_gpio_dev("src");
    GpioDev *dst = new_gpio_dev("dst");
    Error *err = NULL;

    qdev_connect_gpio_out(DEVICE(src), 1, qdev_get_gpio_in(DEVICE(dst), 0));
    ck_assert(qemu_shim_gpio_intercept_out(DEVICE(src), plain_handler,
                                           (void *)"hook", &error_abort));

    /* The previous target still sees the level, then the hook. */
    qemu_irq_raise(src->out[1]);
    qemu_irq_raise(src->out[0]);
    qemu_irq_lower(src->out[2]);
    /* Named lists other than sysbus-irq are left alone. */
    qemu_irq_raise(src->named_out);
    ck_assert_str_eq(trace->str, "dst0=1 hook1=1 hook0=1 hook2=0");

    ck_assert(!qemu_shim_gpio_intercept_out(DEVICE(src), plain_handler,
                                            NULL, &err));
    ck_assert_error(err, "GPIO outputs of device 'gpio-dev' are already "
                    "intercepted");

    /* One named list on its own. */
    ck_assert(qemu_shim_gpio_intercept_out_named(DEVICE(dst), "alarm",
                                                 plain_handler,
                                                 (void *)"alarm", &err));
    qemu_irq_raise(dst->named_out);
    ck_assert_str_eq(trace->str, "dst0=1 hook1=1 hook0=1 hook2=0 alarm0=1");
    ck_assert(!qemu_shim_gpio_intercept_out_named(DEVICE(dst), "nope",
                                                  plain_handler, NULL, &err));
    ck_assert_error(err, "Device 'gpio-dev' has no GPIO outputs named 'nope'");
    free_gpio_dev(src);
    free_gpio_dev(dst);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_shim_intercept_errors)
{
    DeviceState *orphan = qdev_new(TYPE_GPIO_DEV);
    DeviceState *none = qdev_new(TYPE_DEVICE "-none");
    Error *err = NULL;

    ck_assert(!qemu_shim_gpio_intercept_out(orphan, plain_handler, NULL,
                                            &err));
    ck_assert_error(err, "Device 'gpio-dev' is not in the composition tree");
    ck_assert(qdev_realize(none, NULL, &error_abort));
    ck_assert(!qemu_shim_gpio_intercept_out(none, plain_handler, NULL, &err));
    ck_assert_error(err, "Device 'device-none' has no GPIO outputs");
    ck_assert(!qemu_shim_gpio_intercept_in(none, plain_handler, NULL, &err));
    ck_assert_error(err, "Device 'device-none' has no GPIO inputs");
    object_unref(OBJECT(orphan));
    object_unparent(OBJECT(none));
    object_unref(OBJECT(none));
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_shim_intercept_in)
{
    GpioDev *s = new_gpio_dev("g");
    Error *err = NULL;

    ck_assert(qemu_shim_gpio_intercept_in(DEVICE(s), plain_handler,
                                          (void *)"hook", &error_abort));
    qemu_irq_raise(qdev_get_gpio_in(DEVICE(s), 1));
    qemu_irq_lower(qdev_get_gpio_in(DEVICE(s), 0));
    /* Named inputs are not intercepted. */
    qemu_irq_raise(qdev_get_gpio_in_named(DEVICE(s), "ctl", 0));
    ck_assert_str_eq(trace->str, "g1=1 hook1=1 g0=0 hook0=0 g.ctl0=1");
    ck_assert(!qemu_shim_gpio_intercept_in(DEVICE(s), plain_handler, NULL,
                                           &err));
    ck_assert_error(err, "GPIO inputs of device 'gpio-dev' are already "
                    "intercepted");
    free_gpio_dev(s);
    hw_test_check_no_leak();
}
END_TEST

START_TEST(test_pass_gpios)
{
    GpioDev *inner = new_gpio_dev("in");
    DeviceState *outer = qdev_new(TYPE_DEVICE "-none");
    qemu_irq line = qdev_get_gpio_in(DEVICE(inner), 1);

    qdev_pass_gpios(DEVICE(inner), outer, NULL);
    /* The container now answers for the inner device's unnamed lines. */
    ck_assert_ptr_eq(qdev_get_gpio_in(outer, 1), line);
    ck_assert_ptr_nonnull(object_property_find(OBJECT(outer),
                                               "unnamed-gpio-in[1]"));
    ck_assert_ptr_nonnull(object_property_find(OBJECT(outer),
                                               "unnamed-gpio-out[2]"));
    qemu_irq_raise(qdev_get_gpio_in(outer, 1));
    ck_assert_str_eq(trace->str, "in1=1");
    object_unref(OBJECT(outer));
    free_gpio_dev(inner);
    hw_test_check_no_leak();
}
END_TEST

static const TypeInfo none_type = {
    .name = TYPE_DEVICE "-none",
    .parent = TYPE_DEVICE,
};

static void register_none(void)
{
    type_register_static(&none_type);
}

type_init(register_none)

int main(void)
{
    Suite *s = suite_create("hw-gpio");
    TCase *tc = tcase_create("gpio");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_irq_levels);
    tcase_add_test(tc, test_irq_arrays);
    tcase_add_test(tc, test_irq_invert);
    tcase_add_test(tc, test_irq_intercept_in);
    tcase_add_test(tc, test_gpio_properties);
    tcase_add_test_raise_signal(tc, test_gpio_in_out_of_range_aborts,
                                SIGABRT);
    tcase_add_test(tc, test_connect_devices);
    tcase_add_test(tc, test_connect_orphan_irq);
    tcase_add_test(tc, test_qdev_intercept_gpio_out);
    tcase_add_test(tc, test_shim_intercept_out);
    tcase_add_test(tc, test_shim_intercept_errors);
    tcase_add_test(tc, test_shim_intercept_in);
    tcase_add_test(tc, test_pass_gpios);
    suite_add_tcase(s, tc);
    return hw_test_run(s);
}
