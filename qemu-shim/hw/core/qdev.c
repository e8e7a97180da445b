/*
 * qdev: the TYPE_DEVICE base type, realize/unrealize through the
 * "realized" property, and a device's place in the reset tree.
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/module.h"
#include "qdev-internal.h"

static Object *machine;

Object *qdev_get_machine(void)
{
    if (!machine) {
        machine = container_get(object_get_root(), "/machine");
    }
    return machine;
}

/* Collect the devices below /machine, looking inside containers only. */
static int qdev_collect_devices(Object *obj, void *opaque)
{
    GPtrArray *devices = opaque;

    if (object_dynamic_cast(obj, TYPE_DEVICE)) {
        g_ptr_array_add(devices, object_ref(obj));
    } else if (object_dynamic_cast(obj, TYPE_CONTAINER)) {
        object_child_foreach(obj, qdev_collect_devices, devices);
    }
    return 0;
}

void qemu_shim_qdev_teardown(void)
{
    g_autoptr(GPtrArray) devices = g_ptr_array_new();

    if (!machine) {
        return;
    }
    object_child_foreach(machine, qdev_collect_devices, devices);
    /* Newest first, so that a device goes before what it was plugged into. */
    for (guint i = devices->len; i-- > 0;) {
        Object *obj = g_ptr_array_index(devices, i);

        /* Unparenting unrealizes it and unplugs it from its bus. */
        if (obj->parent) {
            object_unparent(obj);
        }
        /* Unrealized now: its links may go, and a cycle of them with it. */
        qemu_shim_object_release_strong_links(obj);
        object_unref(obj);
    }
    machine = NULL;     /* dropped with the root */
}

DeviceState *qdev_new(const char *name)
{
    DeviceState *dev = qdev_try_new(name);

    if (!dev) {
        error_report("unknown type '%s'", name);
        abort();
    }
    return dev;
}

DeviceState *qdev_try_new(const char *name)
{
    ObjectClass *oc = object_class_by_name(name);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE) ||
        object_class_is_abstract(oc)) {
        return NULL;
    }
    return DEVICE(object_new(name));
}

bool qdev_set_parent_bus(DeviceState *dev, BusState *bus, Error **errp)
{
    BusState *old_parent_bus = dev->parent_bus;
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (!dc->bus_type || !object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
        error_setg(errp, "Device '%s' can't go on %s bus",
                   object_get_typename(OBJECT(dev)),
                   object_get_typename(OBJECT(bus)));
        return false;
    }

    if (old_parent_bus) {
        /* Neither may vanish while the device moves between them. */
        object_ref(OBJECT(dev));
        qemu_shim_bus_remove_child(old_parent_bus, dev);
    }
    dev->parent_bus = bus;
    object_ref(OBJECT(bus));
    if (!qemu_shim_bus_add_child(bus, dev, errp)) {
        dev->parent_bus = NULL;
        object_unref(OBJECT(bus));
        if (old_parent_bus) {
            /* Put it back where it was; that bus accepted it before. */
            dev->parent_bus = old_parent_bus;
            qemu_shim_bus_add_child(old_parent_bus, dev, &error_abort);
            object_unref(OBJECT(dev));
        }
        return false;
    }
    if (dev->realized) {
        resettable_change_parent(OBJECT(dev), OBJECT(bus),
                                 OBJECT(old_parent_bus));
    }
    if (old_parent_bus) {
        object_unref(OBJECT(old_parent_bus));
        object_unref(OBJECT(dev));
    }
    return true;
}

bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (dev->realized) {
        error_setg(errp, "Device '%s' is already realized",
                   object_get_typename(OBJECT(dev)));
        return false;
    }

    if (!bus && !dev->parent_bus && dc->bus_type) {
        /* Shim leniency: a sysbus device goes on the main system bus. */
        if (object_class_dynamic_cast(object_class_by_name(dc->bus_type),
                                      TYPE_SYSTEM_BUS)) {
            bus = sysbus_get_default();
        } else {
            error_setg(errp, "No '%s' bus found for device '%s'",
                       dc->bus_type, object_get_typename(OBJECT(dev)));
            return false;
        }
    }
    if (bus && !qdev_set_parent_bus(dev, bus, errp)) {
        return false;
    }

    return object_property_set_bool(OBJECT(dev), "realized", true, errp);
}

bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp)
{
    bool ret = qdev_realize(dev, bus, errp);

    object_unref(OBJECT(dev));
    return ret;
}

void qdev_unrealize(DeviceState *dev)
{
    object_property_set_bool(OBJECT(dev), "realized", false, &error_abort);
}

void qdev_set_legacy_instance_id(DeviceState *dev, int alias_id,
                                 int required_for_version)
{
    assert(!dev->realized);
    dev->instance_id_alias = alias_id;
    dev->alias_required_for_version = required_for_version;
}

BusState *qdev_get_parent_bus(DeviceState *dev)
{
    return dev->parent_bus;
}

BusState *qdev_get_child_bus(DeviceState *dev, const char *name)
{
    BusState *bus;

    SHIM_LIST_FOREACH(bus, &dev->child_bus, sibling) {
        if (strcmp(name, bus->name) == 0) {
            return bus;
        }
    }
    return NULL;
}

char *qdev_get_dev_path(DeviceState *dev)
{
    BusClass *bc;

    if (!dev || !dev->parent_bus) {
        return NULL;
    }
    bc = BUS_GET_CLASS(dev->parent_bus);
    return bc->get_dev_path ? bc->get_dev_path(dev) : NULL;
}

char *qdev_get_fw_dev_path(DeviceState *dev)
{
    GString *path = g_string_new(NULL);

    /* Outermost first: walk up to the root, then print back down. */
    while (dev && dev->parent_bus) {
        BusClass *bc = BUS_GET_CLASS(dev->parent_bus);
        char *d = bc->get_fw_dev_path ? bc->get_fw_dev_path(dev) : NULL;

        g_string_prepend(path, d ? d : qdev_fw_name(dev));
        g_string_prepend_c(path, '/');
        g_free(d);
        dev = dev->parent_bus->parent;
    }
    return g_string_free(path, FALSE);
}

const VMStateDescription *qdev_get_vmsd(DeviceState *dev)
{
    return DEVICE_GET_CLASS(dev)->vmsd;
}

const char *qdev_fw_name(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (dc->fw_name) {
        return dc->fw_name;
    }
    return object_get_typename(OBJECT(dev));
}

/* Class helpers */

void device_class_set_parent_reset(DeviceClass *dc,
                                   DeviceReset dev_reset,
                                   DeviceReset *parent_reset)
{
    *parent_reset = dc->reset;
    dc->reset = dev_reset;
}

void device_class_set_parent_realize(DeviceClass *dc,
                                     DeviceRealize dev_realize,
                                     DeviceRealize *parent_realize)
{
    *parent_realize = dc->realize;
    dc->realize = dev_realize;
}

void device_class_set_parent_unrealize(DeviceClass *dc,
                                       DeviceUnrealize dev_unrealize,
                                       DeviceUnrealize *parent_unrealize)
{
    *parent_unrealize = dc->unrealize;
    dc->unrealize = dev_unrealize;
}

/* Reset */

void device_cold_reset(DeviceState *dev)
{
    resettable_reset(OBJECT(dev), RESET_TYPE_COLD);
}

bool device_is_in_reset(DeviceState *dev)
{
    return resettable_is_in_reset(OBJECT(dev));
}

static ResettableState *device_get_reset_state(Object *obj)
{
    return &DEVICE(obj)->reset;
}

static void device_reset_child_foreach(Object *obj, ResettableChildCallback cb,
                                       void *opaque, ResetType type)
{
    DeviceState *dev = DEVICE(obj);
    BusState *bus;

    SHIM_LIST_FOREACH(bus, &dev->child_bus, sibling) {
        cb(OBJECT(bus), opaque, type);
    }
}

/*
 * The default dc->reset: a multi-phase device reset in one go. Being the
 * default lets a legacy subclass chain to it with
 * device_class_set_parent_reset().
 */
static void device_phases_reset(DeviceState *dev)
{
    ResettableClass *rc = RESETTABLE_GET_CLASS(dev);

    if (rc->phases.enter) {
        rc->phases.enter(OBJECT(dev), RESET_TYPE_COLD);
    }
    if (rc->phases.hold) {
        rc->phases.hold(OBJECT(dev));
    }
    if (rc->phases.exit) {
        rc->phases.exit(OBJECT(dev));
    }
}

static void device_transitional_reset(Object *obj)
{
    DeviceClass *dc = DEVICE_GET_CLASS(obj);

    /* The device's own reset only; the reset tree walk does the children. */
    if (dc->reset) {
        dc->reset(DEVICE(obj));
    }
}

static ResettableTrFunction device_get_transitional_reset(Object *obj)
{
    DeviceClass *dc = DEVICE_GET_CLASS(obj);

    /* A class that replaced dc->reset still uses legacy reset. */
    return dc->reset != device_phases_reset ? device_transitional_reset : NULL;
}

void device_legacy_reset(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (dc->reset) {
        dc->reset(dev);
    }
}

/* Realize */

static int unattached_count;

static void device_unrealize_steps(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    BusState *bus;

    SHIM_LIST_FOREACH(bus, &dev->child_bus, sibling) {
        qbus_unrealize(bus);
    }
    if (qdev_get_vmsd(dev)) {
        vmstate_unregister(NULL, qdev_get_vmsd(dev), dev);
    }
    if (dc->unrealize) {
        dc->unrealize(dev);
    }
    dev->pending_deleted_event = true;
}

static bool device_realize_steps(DeviceState *dev, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    const VMStateDescription *vmsd = qdev_get_vmsd(dev);
    Error *local_err = NULL;
    BusState *bus;

    if (dc->realize) {
        dc->realize(dev, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            return false;
        }
    }

    g_free(dev->canonical_path);
    dev->canonical_path = object_get_canonical_path(OBJECT(dev));
    qemu_shim_clock_setup_device_paths(dev);

    if (vmsd) {
        g_autofree char *id = qdev_get_dev_path(dev);

        if (qemu_shim_vmstate_register_with_id(id, VMSTATE_INSTANCE_ID_ANY,
                                               vmsd, dev, errp) < 0) {
            goto post_realize_fail;
        }
    }

    /* A previous unrealize may have left the reset state dirty. */
    resettable_state_clear(&dev->reset);

    SHIM_LIST_FOREACH(bus, &dev->child_bus, sibling) {
        if (!qbus_realize(bus, errp)) {
            goto child_realize_fail;
        }
    }
    dev->pending_deleted_event = false;
    return true;

child_realize_fail:
    SHIM_LIST_FOREACH(bus, &dev->child_bus, sibling) {
        qbus_unrealize(bus);
    }
    if (vmsd) {
        vmstate_unregister(NULL, vmsd, dev);
    }
post_realize_fail:
    g_free(dev->canonical_path);
    dev->canonical_path = NULL;
    if (dc->unrealize) {
        dc->unrealize(dev);
    }
    return false;
}

static void device_set_realized(Object *obj, bool value, Error **errp)
{
    DeviceState *dev = DEVICE(obj);

    if (value && !dev->realized) {
        bool unattached_parent = false;

        if (!obj->parent) {
            g_autofree char *name =
                g_strdup_printf("device[%d]", unattached_count++);

            object_property_add_child(container_get(qdev_get_machine(),
                                                    "/unattached"),
                                      name, obj);
            unattached_parent = true;
        }
        if (!device_realize_steps(dev, errp)) {
            if (unattached_parent) {
                /* Undo the parenting; this also unplugs it from its bus. */
                object_unparent(obj);
                unattached_count--;
            }
            return;
        }
        dev->realized = true;
    } else if (!value && dev->realized) {
        /* Set first: code running during unrealize sees it going away. */
        dev->realized = false;
        device_unrealize_steps(dev);
    }
}

static bool device_get_realized(Object *obj, Error **errp G_GNUC_UNUSED)
{
    return DEVICE(obj)->realized;
}

static bool device_get_hotpluggable(Object *obj, Error **errp G_GNUC_UNUSED)
{
    return DEVICE_GET_CLASS(obj)->hotpluggable;
}

static bool device_get_hotplugged(Object *obj, Error **errp G_GNUC_UNUSED)
{
    return DEVICE(obj)->hotplugged;
}

/* Lifecycle */

static void device_initfn(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    dev->instance_id_alias = -1;
    dev->realized = false;
    dev->allow_unplug_during_migration = false;
}

static void device_finalize(Object *obj)
{
    DeviceState *dev = DEVICE(obj);
    NamedGPIOList *ngl, *next;

    SHIM_LIST_FOREACH_SAFE(ngl, &dev->gpios, node, next) {
        SHIM_LIST_REMOVE(ngl, node);
        /* Inputs are ours; outputs belong to whatever they point at. */
        qemu_free_irqs(ngl->in, ngl->num_in);
        g_free(ngl->name);
        g_free(ngl);
    }
    qdev_finalize_clocklist(dev);
    g_free(dev->canonical_path);
    g_free(dev->id);
    g_slist_free(dev->unplug_blockers);
}

static void device_unparent(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    if (dev->realized) {
        qdev_unrealize(dev);
    }
    while (dev->num_child_bus) {
        object_unparent(OBJECT(dev->child_bus.lh_first));
    }
    if (dev->parent_bus) {
        BusState *bus = dev->parent_bus;

        qemu_shim_bus_remove_child(bus, dev);
        dev->parent_bus = NULL;
        object_unref(OBJECT(bus));
    }
}

static void device_class_base_init(ObjectClass *klass, void *data G_GNUC_UNUSED)
{
    /* Each class lists only its own properties; qdev walks the parents. */
    DEVICE_CLASS(klass)->props_ = NULL;
}

static void device_class_init(ObjectClass *klass, void *data G_GNUC_UNUSED)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    klass->unparent = device_unparent;

    dc->hotpluggable = true;
    dc->user_creatable = true;

    rc->get_state = device_get_reset_state;
    rc->child_foreach = device_reset_child_foreach;
    dc->reset = device_phases_reset;
    rc->get_transitional_function = device_get_transitional_reset;

    object_class_property_add_bool(klass, "realized",
                                   device_get_realized, device_set_realized);
    object_class_property_add_bool(klass, "hotpluggable",
                                   device_get_hotpluggable, NULL);
    object_class_property_add_bool(klass, "hotplugged",
                                   device_get_hotplugged, NULL);
    object_class_property_add_link(klass, "parent_bus", TYPE_BUS,
                                   offsetof(DeviceState, parent_bus), NULL, 0);
}

static char *device_vmstate_if_get_id(VMStateIf *obj)
{
    Object *o = (Object *)obj;

    if (!o || !object_dynamic_cast(o, TYPE_DEVICE)) {
        return NULL;
    }
    return qdev_get_dev_path(DEVICE(o));
}

static const TypeInfo device_type_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(DeviceState),
    .instance_init = device_initfn,
    .instance_finalize = device_finalize,
    .class_base_init = device_class_base_init,
    .class_init = device_class_init,
    .abstract = true,
    .class_size = sizeof(DeviceClass),
    .interfaces = (InterfaceInfo[]) {
        { TYPE_RESETTABLE_INTERFACE },
        { }
    },
};

static void qdev_register_types(void)
{
    type_register_static(&device_type_info);
    qemu_shim_vmstate_set_if_id(device_vmstate_if_get_id);
}

type_init(qdev_register_types)
