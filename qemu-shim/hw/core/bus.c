/*
 * qdev buses (TYPE_BUS): the devices plugged into a bus are its children
 * in the reset tree, and its "child[N]" link properties in QOM.
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qdev-internal.h"

bool qemu_shim_bus_add_child(BusState *bus, DeviceState *child, Error **errp)
{
    BusClass *bc = BUS_GET_CLASS(bus);
    g_autofree char *name = NULL;
    BusChild *kid;

    if (bc->max_dev && bus->num_children >= bc->max_dev) {
        error_setg(errp, "Bus '%s' is full", bus->name);
        return false;
    }
    if (bc->check_address && !bc->check_address(bus, child, errp)) {
        return false;
    }

    kid = g_new0(BusChild, 1);
    bus->num_children++;
    kid->index = bus->max_index++;
    kid->child = child;
    object_ref(OBJECT(child));
    /* Newest first, as QEMU does: reset walks children in this order. */
    SHIM_TAILQ_INSERT_HEAD(&bus->children, kid, sibling);

    /* A read-only link; the reference taken above is the bus's. */
    name = g_strdup_printf("child[%d]", kid->index);
    object_property_add_link(OBJECT(bus), name,
                             object_get_typename(OBJECT(child)),
                             (Object **)&kid->child, NULL, 0);
    return true;
}

void qemu_shim_bus_remove_child(BusState *bus, DeviceState *child)
{
    BusChild *kid;

    SHIM_TAILQ_FOREACH(kid, &bus->children, sibling) {
        if (kid->child == child) {
            g_autofree char *name = g_strdup_printf("child[%d]", kid->index);

            SHIM_TAILQ_REMOVE(&bus->children, kid, sibling);
            bus->num_children--;
            object_property_del(OBJECT(bus), name);
            object_unref(OBJECT(kid->child));
            g_free(kid);
            return;
        }
    }
}

static void qbus_init_internal(BusState *bus, DeviceState *parent,
                               const char *name)
{
    bus->parent = parent;

    if (name) {
        bus->name = g_strdup(name);
    } else if (parent && parent->id) {
        /* "<parent id>.<index of this bus on the parent>" */
        bus->name = g_strdup_printf("%s.%d", parent->id,
                                    parent->num_child_bus);
    } else {
        /* "<lowercase bus type>.<global count for that type>" */
        BusClass *bc = BUS_GET_CLASS(bus);
        g_autofree char *n = g_strdup_printf("%s.%d",
                                             object_get_typename(OBJECT(bus)),
                                             bc->automatic_ids++);
        bus->name = g_ascii_strdown(n, -1);
    }

    if (parent) {
        SHIM_LIST_INSERT_HEAD(&parent->child_bus, bus, sibling);
        parent->num_child_bus++;
        object_property_add_child(OBJECT(parent), bus->name, OBJECT(bus));
        object_unref(OBJECT(bus));
    }
}

void qbus_init(void *bus, size_t size, const char *typename_,
               DeviceState *parent, const char *name)
{
    object_initialize(bus, size, typename_);
    qbus_init_internal((BusState *)bus, parent, name);
}

BusState *qbus_new(const char *typename_, DeviceState *parent,
                   const char *name)
{
    BusState *bus = BUS(object_new(typename_));

    qbus_init_internal(bus, parent, name);
    return bus;
}

bool qbus_realize(BusState *bus, Error **errp)
{
    return object_property_set_bool(OBJECT(bus), "realized", true, errp);
}

void qbus_unrealize(BusState *bus)
{
    object_property_set_bool(OBJECT(bus), "realized", false, &error_abort);
}

static bool bus_get_realized(Object *obj, Error **errp G_GNUC_UNUSED)
{
    return BUS(obj)->realized;
}

static void bus_set_realized(Object *obj, bool value, Error **errp)
{
    BusState *bus = BUS(obj);
    BusClass *bc = BUS_GET_CLASS(bus);
    BusChild *kid;

    if (value && !bus->realized) {
        if (bc->realize) {
            Error *local_err = NULL;

            bc->realize(bus, &local_err);
            if (local_err) {
                error_propagate(errp, local_err);
                return;
            }
        }
    } else if (!value && bus->realized) {
        SHIM_TAILQ_FOREACH(kid, &bus->children, sibling) {
            qdev_unrealize(kid->child);
        }
        if (bc->unrealize) {
            bc->unrealize(bus);
        }
    }
    bus->realized = value;
}

void bus_cold_reset(BusState *bus)
{
    resettable_reset(OBJECT(bus), RESET_TYPE_COLD);
}

bool bus_is_in_reset(BusState *bus)
{
    return resettable_is_in_reset(OBJECT(bus));
}

static ResettableState *bus_get_reset_state(Object *obj)
{
    return &BUS(obj)->reset;
}

static void bus_reset_child_foreach(Object *obj, ResettableChildCallback cb,
                                    void *opaque, ResetType type)
{
    BusChild *kid;

    SHIM_TAILQ_FOREACH(kid, &BUS(obj)->children, sibling) {
        cb(OBJECT(kid->child), opaque, type);
    }
}

static void bus_unparent(Object *obj)
{
    BusState *bus = BUS(obj);

    /* Unplug every device first: each unparent removes it from our list. */
    while (bus->children.tqh_first) {
        DeviceState *dev = bus->children.tqh_first->child;

        if (OBJECT(dev)->parent) {
            object_unparent(OBJECT(dev));
        } else {
            /* Plugged but never parented (not realized): unplug only. */
            qemu_shim_bus_remove_child(bus, dev);
            dev->parent_bus = NULL;
            object_unref(OBJECT(bus));
        }
    }
    if (bus->parent) {
        if (bus->realized) {
            qbus_unrealize(bus);
        }
        SHIM_LIST_REMOVE(bus, sibling);
        bus->parent->num_child_bus--;
        bus->parent = NULL;
    }
}

static void bus_finalize(Object *obj)
{
    g_free(BUS(obj)->name);
}

static void bus_class_init(ObjectClass *klass, void *data G_GNUC_UNUSED)
{
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    klass->unparent = bus_unparent;
    rc->get_state = bus_get_reset_state;
    rc->child_foreach = bus_reset_child_foreach;

    object_class_property_add_bool(klass, "realized",
                                   bus_get_realized, bus_set_realized);
}

static const TypeInfo bus_info = {
    .name = TYPE_BUS,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(BusState),
    .abstract = true,
    .class_size = sizeof(BusClass),
    .instance_finalize = bus_finalize,
    .class_init = bus_class_init,
    .interfaces = (InterfaceInfo[]) {
        { TYPE_RESETTABLE_INTERFACE },
        { }
    },
};

static void bus_register_types(void)
{
    type_register_static(&bus_info);
}

type_init(bus_register_types)
