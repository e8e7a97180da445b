/*
 * A device's clock inputs and outputs: Clock children of the device, kept
 * in its clocks list so they can be found by name and connected.
 */
#include "qemu/osdep.h"
#include "hw/qdev-clock.h"
#include "qemu/error-report.h"
#include "qdev-internal.h"

static NamedClockList *qdev_init_clocklist(DeviceState *dev, const char *name,
                                           bool alias, bool output,
                                           Clock *clk)
{
    NamedClockList *ncl;

    /* Realize computes the clocks' canonical paths: declare them before. */
    assert(!dev->realized);

    ncl = g_new0(NamedClockList, 1);
    ncl->name = g_strdup(name);
    ncl->alias = alias;
    ncl->output = output;
    ncl->clock = clk;
    SHIM_LIST_INSERT_HEAD(&dev->clocks, ncl, node);
    return ncl;
}

void qdev_finalize_clocklist(DeviceState *dev)
{
    NamedClockList *ncl, *next;

    SHIM_LIST_FOREACH_SAFE(ncl, &dev->clocks, node, next) {
        SHIM_LIST_REMOVE(ncl, node);
        if (!ncl->output && !ncl->alias) {
            /*
             * The extra reference kept on an input lets us clear its
             * callback here: the clock may outlive the device (its source
             * list still points at it) and must not call into freed state.
             */
            clock_clear_callback(ncl->clock);
            object_unref(OBJECT(ncl->clock));
        }
        g_free(ncl->name);
        g_free(ncl);
    }
}

Clock *qdev_init_clock_out(DeviceState *dev, const char *name)
{
    Clock *clk = CLOCK(object_new(TYPE_CLOCK));

    object_property_add_child(OBJECT(dev), name, OBJECT(clk));
    object_unref(OBJECT(clk));
    qdev_init_clocklist(dev, name, false, true, clk);
    return clk;
}

Clock *qdev_init_clock_in(DeviceState *dev, const char *name,
                          ClockCallback *callback, void *opaque,
                          unsigned int events)
{
    Clock *clk = CLOCK(object_new(TYPE_CLOCK));

    /* Keeps object_new's reference: see qdev_finalize_clocklist(). */
    object_property_add_child(OBJECT(dev), name, OBJECT(clk));
    qdev_init_clocklist(dev, name, false, false, clk);
    if (callback) {
        clock_set_callback(clk, callback, opaque, events);
    }
    return clk;
}

void qdev_init_clocks(DeviceState *dev, const ClockPortInitArray clocks)
{
    const struct ClockPortInitElem *elem;

    for (elem = &clocks[0]; elem->name != NULL; elem++) {
        Clock **clkp = (Clock **)(((char *)dev) + elem->offset);

        if (elem->is_output) {
            *clkp = qdev_init_clock_out(dev, elem->name);
        } else {
            *clkp = qdev_init_clock_in(dev, elem->name, elem->callback, dev,
                                       elem->callback_events);
        }
    }
}

static NamedClockList *qdev_get_clocklist(DeviceState *dev, const char *name)
{
    NamedClockList *ncl;

    SHIM_LIST_FOREACH(ncl, &dev->clocks, node) {
        if (strcmp(name, ncl->name) == 0) {
            return ncl;
        }
    }
    return NULL;
}

Clock *qdev_get_clock_in(DeviceState *dev, const char *name)
{
    NamedClockList *ncl = qdev_get_clocklist(dev, name);

    if (!ncl || ncl->output) {
        error_report("Can not find clock-in '%s' for device type '%s'",
                     name, object_get_typename(OBJECT(dev)));
        abort();
    }
    return ncl->clock;
}

Clock *qdev_get_clock_out(DeviceState *dev, const char *name)
{
    NamedClockList *ncl = qdev_get_clocklist(dev, name);

    if (!ncl || !ncl->output) {
        error_report("Can not find clock-out '%s' for device type '%s'",
                     name, object_get_typename(OBJECT(dev)));
        abort();
    }
    return ncl->clock;
}

void qdev_connect_clock_in(DeviceState *dev, const char *name, Clock *source)
{
    assert(!dev->realized);
    clock_set_source(qdev_get_clock_in(dev, name), source);
}

Clock *qdev_alias_clock(DeviceState *dev, const char *name,
                        DeviceState *alias_dev, const char *alias_name)
{
    NamedClockList *ncl = qdev_get_clocklist(dev, name);

    if (!ncl) {
        error_report("Can not find clock '%s' for device type '%s'",
                     name, object_get_typename(OBJECT(dev)));
        abort();
    }
    object_property_add_alias(OBJECT(alias_dev), alias_name,
                              OBJECT(dev), name);
    /* The alias list entry owns no reference: the clock belongs to @dev. */
    qdev_init_clocklist(alias_dev, alias_name, true, ncl->output, ncl->clock);
    return ncl->clock;
}

void qemu_shim_clock_setup_device_paths(DeviceState *dev)
{
    NamedClockList *ncl;

    SHIM_LIST_FOREACH(ncl, &dev->clocks, node) {
        if (!ncl->alias) {
            clock_setup_canonical_path(ncl->clock);
        }
    }
}
