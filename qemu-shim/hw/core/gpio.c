/*
 * qdev GPIO lines: named lists of input lines (qemu_irq children of the
 * device) and output lines (link properties to whatever they drive), plus
 * the shim's intercept hooks for the host's qtest irq_intercept_out/in.
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "irq-internal.h"
#include "qdev-internal.h"

#define UNNAMED_GPIO_IN "unnamed-gpio-in"
#define UNNAMED_GPIO_OUT "unnamed-gpio-out"

static NamedGPIOList *qdev_find_named_gpio_list(DeviceState *dev,
                                                const char *name)
{
    NamedGPIOList *ngl;

    SHIM_LIST_FOREACH(ngl, &dev->gpios, node) {
        /* NULL, the unnamed list, matches NULL. */
        if (g_strcmp0(name, ngl->name) == 0) {
            return ngl;
        }
    }
    return NULL;
}

static NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev,
                                               const char *name)
{
    NamedGPIOList *ngl = qdev_find_named_gpio_list(dev, name);

    if (!ngl) {
        ngl = g_new0(NamedGPIOList, 1);
        ngl->name = g_strdup(name);
        SHIM_LIST_INSERT_HEAD(&dev->gpios, ngl, node);
    }
    return ngl;
}

void qdev_init_gpio_in_named_with_opaque(DeviceState *dev,
                                         qemu_irq_handler handler,
                                         void *opaque,
                                         const char *name, int n)
{
    NamedGPIOList *gpio_list = qdev_get_named_gpio_list(dev, name);
    const char *prefix = name ? name : UNNAMED_GPIO_IN;
    int i;

    /* A named list is either inputs or outputs, never both. */
    assert(gpio_list->num_out == 0 || !name);
    gpio_list->in = qemu_extend_irqs(gpio_list->in, gpio_list->num_in,
                                     handler, opaque, n);
    for (i = gpio_list->num_in; i < gpio_list->num_in + n; i++) {
        g_autofree char *propname = g_strdup_printf("%s[%d]", prefix, i);

        object_property_add_child(OBJECT(dev), propname,
                                  OBJECT(gpio_list->in[i]));
    }
    gpio_list->num_in += n;
}

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n)
{
    qdev_init_gpio_in_named(dev, handler, NULL, n);
}

void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n)
{
    NamedGPIOList *gpio_list = qdev_get_named_gpio_list(dev, name);
    const char *prefix = name ? name : UNNAMED_GPIO_OUT;
    int i;

    assert(gpio_list->num_in == 0 || !name);
    memset(pins, 0, sizeof(*pins) * n);
    for (i = 0; i < n; i++) {
        g_autofree char *propname =
            g_strdup_printf("%s[%d]", prefix, gpio_list->num_out + i);

        object_property_add_link(OBJECT(dev), propname, TYPE_IRQ,
                                 (Object **)&pins[i],
                                 object_property_allow_set_link,
                                 OBJ_PROP_LINK_STRONG);
    }
    gpio_list->num_out += n;
}

void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n)
{
    qdev_init_gpio_out_named(dev, pins, NULL, n);
}

qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n)
{
    NamedGPIOList *gpio_list = qdev_find_named_gpio_list(dev, name);

    if (!gpio_list || n < 0 || n >= gpio_list->num_in) {
        error_report("%s: device '%s' has no GPIO input %s[%d]", __func__,
                     object_get_typename(OBJECT(dev)),
                     name ? name : UNNAMED_GPIO_IN, n);
        abort();
    }
    return gpio_list->in[n];
}

qemu_irq qdev_get_gpio_in(DeviceState *dev, int n)
{
    return qdev_get_gpio_in_named(dev, NULL, n);
}

static char *gpio_out_propname(const char *name, int n)
{
    return g_strdup_printf("%s[%d]", name ? name : UNNAMED_GPIO_OUT, n);
}

void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq input_pin)
{
    g_autofree char *propname = gpio_out_propname(name, n);

    if (input_pin && !OBJECT(input_pin)->parent) {
        /* Links are set by path, so the pin needs a place in the tree. */
        object_property_add_child(container_get(qdev_get_machine(),
                                                "/unattached"),
                                  "non-qdev-gpio[*]", OBJECT(input_pin));
    }
    object_property_set_link(OBJECT(dev), propname, OBJECT(input_pin),
                             &error_abort);
}

void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq input_pin)
{
    qdev_connect_gpio_out_named(dev, NULL, n, input_pin);
}

qemu_irq qdev_get_gpio_out_connector(DeviceState *dev, const char *name, int n)
{
    g_autofree char *propname = gpio_out_propname(name, n);

    return (qemu_irq)object_property_get_link(OBJECT(dev), propname, NULL);
}

qemu_irq qdev_intercept_gpio_out(DeviceState *dev, qemu_irq icpt,
                                 const char *name, int n)
{
    qemu_irq disconnected = qdev_get_gpio_out_connector(dev, name, n);

    /* The caller gets the old target; keep it alive across the swap. */
    if (disconnected) {
        object_ref(OBJECT(disconnected));
    }
    qdev_connect_gpio_out_named(dev, name, n, icpt);
    if (disconnected) {
        object_unref(OBJECT(disconnected));
    }
    return disconnected;
}

void qdev_pass_gpios(DeviceState *dev, DeviceState *container,
                     const char *name)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);
    int i;

    for (i = 0; i < ngl->num_in; i++) {
        g_autofree char *propname =
            g_strdup_printf("%s[%d]", name ? name : UNNAMED_GPIO_IN, i);

        object_property_add_alias(OBJECT(container), propname,
                                  OBJECT(dev), propname);
    }
    for (i = 0; i < ngl->num_out; i++) {
        g_autofree char *propname = gpio_out_propname(name, i);

        object_property_add_alias(OBJECT(container), propname,
                                  OBJECT(dev), propname);
    }
    SHIM_LIST_REMOVE(ngl, node);
    SHIM_LIST_INSERT_HEAD(&container->gpios, ngl, node);
}

/* Intercept hooks (shim-only) */

typedef struct IRQInterceptHook {
    qemu_irq_handler handler;
    void *opaque;
    /* Inputs: the device's own handler, still called first. */
    qemu_irq_handler orig_handler;
    void *orig_opaque;
} IRQInterceptHook;

static void intercept_out_handler(void *opaque, int n, int level)
{
    IRQState *icpt = (IRQState *)opaque;
    IRQInterceptHook *hook = (IRQInterceptHook *)icpt->hook;

    /* icpt->forward is the line's previous target, maybe NULL. */
    qemu_set_irq((qemu_irq)icpt->forward, level);
    hook->handler(hook->opaque, n, level);
}

static void intercept_in_handler(void *opaque, int n, int level)
{
    IRQInterceptHook *hook = (IRQInterceptHook *)opaque;

    if (hook->orig_handler) {
        hook->orig_handler(hook->orig_opaque, n, level);
    }
    hook->handler(hook->opaque, n, level);
}

static char *intercept_propname(const char *name, int n)
{
    return g_strdup_printf("x-intercept-%s[%d]",
                           name ? name : UNNAMED_GPIO_OUT, n);
}

/* Output lines are links, set by path: @dev must be in the QOM tree. */
static bool gpio_intercept_check_tree(DeviceState *dev, Error **errp)
{
    g_autofree char *path = object_get_canonical_path(OBJECT(dev));

    if (!path) {
        error_setg(errp, "Device '%s' is not in the composition tree",
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    return true;
}

static bool gpio_out_intercepted(DeviceState *dev, const char *name)
{
    g_autofree char *propname = intercept_propname(name, 0);

    return object_property_find(OBJECT(dev), propname) != NULL;
}

static void intercept_out_list(DeviceState *dev, NamedGPIOList *ngl,
                               qemu_irq_handler handler, void *opaque)
{
    int i;

    for (i = 0; i < ngl->num_out; i++) {
        g_autofree char *propname = intercept_propname(ngl->name, i);
        IRQInterceptHook *hook = g_new0(IRQInterceptHook, 1);
        IRQState *icpt = qemu_allocate_irq(intercept_out_handler, NULL, i);
        qemu_irq old;

        hook->handler = handler;
        hook->opaque = opaque;
        icpt->opaque = icpt;
        icpt->hook = hook;

        /* The device owns the intercepting line, like its GPIO inputs. */
        object_property_add_child(OBJECT(dev), propname, OBJECT(icpt));
        object_unref(OBJECT(icpt));

        old = qdev_get_gpio_out_connector(dev, ngl->name, i);
        if (old) {
            icpt->forward = object_ref(OBJECT(old));
        }
        qdev_connect_gpio_out_named(dev, ngl->name, i, icpt);
    }
}

bool qemu_shim_gpio_intercept_out_named(DeviceState *dev, const char *name,
                                        qemu_irq_handler handler,
                                        void *opaque, Error **errp)
{
    NamedGPIOList *ngl = qdev_find_named_gpio_list(dev, name);

    if (!gpio_intercept_check_tree(dev, errp)) {
        return false;
    }
    if (!ngl || ngl->num_out == 0) {
        error_setg(errp, "Device '%s' has no GPIO outputs named '%s'",
                   object_get_typename(OBJECT(dev)),
                   name ? name : UNNAMED_GPIO_OUT);
        return false;
    }
    if (gpio_out_intercepted(dev, name)) {
        error_setg(errp, "GPIO outputs '%s' of device '%s' are already "
                   "intercepted", name ? name : UNNAMED_GPIO_OUT,
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    intercept_out_list(dev, ngl, handler, opaque);
    return true;
}

bool qemu_shim_gpio_intercept_out(DeviceState *dev, qemu_irq_handler handler,
                                  void *opaque, Error **errp)
{
    static const char *const lists[] = { NULL, SYSBUS_DEVICE_GPIO_IRQ };
    NamedGPIOList *ngl[ARRAY_SIZE(lists)];
    bool any = false;
    size_t i;

    if (!gpio_intercept_check_tree(dev, errp)) {
        return false;
    }
    for (i = 0; i < ARRAY_SIZE(lists); i++) {
        ngl[i] = qdev_find_named_gpio_list(dev, lists[i]);
        if (ngl[i] && ngl[i]->num_out) {
            any = true;
            if (gpio_out_intercepted(dev, lists[i])) {
                error_setg(errp, "GPIO outputs of device '%s' are already "
                           "intercepted", object_get_typename(OBJECT(dev)));
                return false;
            }
        }
    }
    if (!any) {
        error_setg(errp, "Device '%s' has no GPIO outputs",
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    for (i = 0; i < ARRAY_SIZE(lists); i++) {
        if (ngl[i] && ngl[i]->num_out) {
            intercept_out_list(dev, ngl[i], handler, opaque);
        }
    }
    return true;
}

bool qemu_shim_gpio_intercept_in(DeviceState *dev, qemu_irq_handler handler,
                                 void *opaque, Error **errp)
{
    NamedGPIOList *ngl = qdev_find_named_gpio_list(dev, NULL);
    int i;

    if (!ngl || ngl->num_in == 0) {
        error_setg(errp, "Device '%s' has no GPIO inputs",
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    if (ngl->in[0]->handler == intercept_in_handler) {
        error_setg(errp, "GPIO inputs of device '%s' are already intercepted",
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    for (i = 0; i < ngl->num_in; i++) {
        IRQState *irq = ngl->in[i];
        IRQInterceptHook *hook = g_new0(IRQInterceptHook, 1);

        hook->handler = handler;
        hook->opaque = opaque;
        hook->orig_handler = irq->handler;
        hook->orig_opaque = irq->opaque;
        g_free(irq->hook);
        irq->hook = hook;
        irq->handler = intercept_in_handler;
        irq->opaque = hook;
    }
    return true;
}
