/*
 * hw/qdev-core.h - devices and buses (qdev), QEMU 7.2 API.
 *
 * A device is a QOM object of type TYPE_DEVICE built in two steps: instance
 * init, then realize (the "realized" property). Devices sit on buses, expose
 * GPIO lines and clocks, and take part in the Resettable reset tree.
 *
 * The lists are qemu/queue.h's, as in QEMU, except the bus's children: their
 * links are NULL-terminated like a QTAILQ's forward links, so QTAILQ_FOREACH
 * walks them, but they are not a QTAILQ and only the shim may change them.
 */
#ifndef QDEV_CORE_H
#define QDEV_CORE_H

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/queue.h"
#include "qemu/rcu.h"
#include "qom/object.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/resettable.h"

G_BEGIN_DECLS

enum {
    DEV_NVECTORS_UNSPECIFIED = -1,
};

#define TYPE_DEVICE "device"
OBJECT_DECLARE_TYPE(DeviceState, DeviceClass, DEVICE)

typedef enum DeviceCategory {
    DEVICE_CATEGORY_BRIDGE,
    DEVICE_CATEGORY_USB,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_SOUND,
    DEVICE_CATEGORY_MISC,
    DEVICE_CATEGORY_CPU,
    DEVICE_CATEGORY_WATCHDOG,
    DEVICE_CATEGORY_MAX
} DeviceCategory;

typedef void (*DeviceRealize)(DeviceState *dev, Error **errp);
typedef void (*DeviceUnrealize)(DeviceState *dev);
typedef void (*DeviceReset)(DeviceState *dev);
typedef void (*BusRealize)(BusState *bus, Error **errp);
typedef void (*BusUnrealize)(BusState *bus);

#define QEMU_SHIM_BITS_PER_LONG (sizeof(unsigned long) * 8)

/*
 * DeviceClass:
 * @props_: the static properties; set only through device_class_set_props().
 * @reset: legacy reset; a class that sets it (or chains it with
 *         device_class_set_parent_reset()) is reset through it instead of
 *         the Resettable phases.
 * @realize, @unrealize: called when the "realized" property changes.
 * @vmsd: migration state, registered at realize, unregistered at unrealize.
 * @bus_type: the bus type the device plugs into, NULL for none.
 */
struct DeviceClass {
    ObjectClass parent_class;

    unsigned long categories[(DEVICE_CATEGORY_MAX + QEMU_SHIM_BITS_PER_LONG - 1)
                             / QEMU_SHIM_BITS_PER_LONG];
    const char *fw_name;
    const char *desc;

    /* Trailing underscore: assigning dc->props is a compile error. */
    Property *props_;

    bool user_creatable;
    bool hotpluggable;

    DeviceReset reset;
    DeviceRealize realize;
    DeviceUnrealize unrealize;

    const VMStateDescription *vmsd;

    const char *bus_type;
};

/* The GPIO lines of one name (NULL for the unnamed ones) on a device. */
struct NamedGPIOList {
    char *name;
    qemu_irq *in;
    int num_in;
    int num_out;
    QLIST_ENTRY(NamedGPIOList) node;
};

typedef struct NamedClockList NamedClockList;

/* One clock input or output of a device. */
struct NamedClockList {
    char *name;
    Clock *clock;
    bool output;
    bool alias;
    QLIST_ENTRY(NamedClockList) node;
};

/*
 * Set while the device is in one of its MMIO handlers (or in DMA it
 * started from one): an access to its own regions then is refused, as
 * Debian's 7.2.22 does with the "memory: prevent dma-reentracy issues"
 * backport.
 */
struct MemReentrancyGuard {
    bool engaged_in_io;
};

/*
 * DeviceState: the common part of every device instance. Devices embed it
 * first (as parent_obj) in their own state structure.
 */
struct DeviceState {
    Object parent_obj;

    char *id;
    char *canonical_path;
    bool realized;
    bool pending_deleted_event;
    int64_t pending_deleted_expires_ms;
    struct QDict *opts;
    int hotplugged;
    bool allow_unplug_during_migration;
    BusState *parent_bus;
    QLIST_HEAD(, NamedGPIOList) gpios;
    QLIST_HEAD(, NamedClockList) clocks;
    QLIST_HEAD(, BusState) child_bus;
    int num_child_bus;
    int instance_id_alias;
    int alias_required_for_version;
    ResettableState reset;
    GSList *unplug_blockers;
    /* Debian 7.2.22's backport; the last field, so DeviceState is 160. */
    MemReentrancyGuard mem_reentrancy_guard;
};

#define TYPE_BUS "bus"
OBJECT_DECLARE_TYPE(BusState, BusClass, BUS)

struct BusClass {
    ObjectClass parent_class;

    void (*print_dev)(void *mon, DeviceState *dev, int indent);
    /* The device's path on this bus, part of its migration section id. */
    char *(*get_dev_path)(DeviceState *dev);
    char *(*get_fw_dev_path)(DeviceState *dev);
    /* legacy bus reset, superseded by the Resettable phases */
    void (*reset)(BusState *bus);
    bool (*check_address)(BusState *bus, DeviceState *dev, Error **errp);

    BusRealize realize;
    BusUnrealize unrealize;

    /* maximum devices allowed on the bus, 0: no limit. */
    int max_dev;
    /* number of automatically allocated bus ids (e.g. ide.0) */
    int automatic_ids;
};

typedef struct BusChild BusChild;

struct BusChild {
    struct rcu_head rcu;        /* QEMU frees children after a grace period */
    DeviceState *child;
    int index;
    struct {
        BusChild *tqe_next;
        BusChild *tqe_prev;
    } sibling;
};

struct BusState {
    Object obj;
    DeviceState *parent;
    char *name;
    Object *hotplug_handler;
    int max_index;
    bool realized;
    bool full;
    int num_children;
    struct {
        BusChild *tqh_first;
        BusChild *tqh_last;
    } children;
    QLIST_ENTRY(BusState) sibling;
    ResettableState reset;
};

/* Creation and realization */

/* Creates a device of @name; aborts with a message if there is no such type. */
DeviceState *qdev_new(const char *name);

/* Like qdev_new(), but returns NULL for an unknown type. */
DeviceState *qdev_try_new(const char *name);

/*
 * Plugs @dev into @bus and realizes it. Returns false with @errp set on
 * failure (then @dev is left unrealized). With @bus NULL the device must not
 * need a bus; the shim plugs a sysbus device into sysbus_get_default().
 */
bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp);

/* qdev_realize(), then drops the caller's reference (the bus keeps one). */
bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp);

void qdev_unrealize(DeviceState *dev);

void qdev_set_legacy_instance_id(DeviceState *dev, int alias_id,
                                 int required_for_version);

/* GPIO lines */

qemu_irq qdev_get_gpio_in(DeviceState *dev, int n);
qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n);

/*
 * Connects output line @n to @pin (NULL disconnects it). As in QEMU, a pin
 * that has no QOM parent yet becomes /machine/unattached/non-qdev-gpio[N]
 * (links are set by path).
 */
void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin);
void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq input_pin);

/* The qemu_irq output line @n is currently connected to, or NULL. */
qemu_irq qdev_get_gpio_out_connector(DeviceState *dev, const char *name, int n);

/* Connects output @n to @icpt and returns what it was connected to. */
qemu_irq qdev_intercept_gpio_out(DeviceState *dev, qemu_irq icpt,
                                 const char *name, int n);

BusState *qdev_get_child_bus(DeviceState *dev, const char *name);

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n);

/*
 * Declares @n output lines. @pins is the device's own array: the device
 * calls qemu_set_irq(pins[i], ...) and connecting a line stores the target
 * in pins[i]. Each line is a link property "NAME[i]" (or
 * "unnamed-gpio-out[i]").
 */
void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n);
void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n);

void qdev_init_gpio_in_named_with_opaque(DeviceState *dev,
                                         qemu_irq_handler handler,
                                         void *opaque,
                                         const char *name, int n);

static inline void qdev_init_gpio_in_named(DeviceState *dev,
                                           qemu_irq_handler handler,
                                           const char *name, int n)
{
    qdev_init_gpio_in_named_with_opaque(dev, handler, dev, name, n);
}

/* Makes @container expose @dev's GPIO lines named @name as its own. */
void qdev_pass_gpios(DeviceState *dev, DeviceState *container,
                     const char *name);

/*
 * qemu_shim_qdev_teardown: shim-only, part of qemu_shim_teardown():
 * unrealize and unparent every device below /machine. Devices that
 * something else still holds (a mapped MMIO region) are finalized when
 * that lets go.
 */
void qemu_shim_qdev_teardown(void);

/*
 * qemu_shim_gpio_intercept_out: shim-only hook for the host's qtest
 * irq_intercept_out. Every output line of @dev's unnamed GPIO list and of
 * its "sysbus-irq" list is rerouted: a level change first reaches the
 * line's previous target, then @handler(@opaque, n, level) where n is the
 * line's index within its list. Fails if @dev is not in the QOM tree, has
 * no such lines or was already intercepted.
 */
bool qemu_shim_gpio_intercept_out(DeviceState *dev, qemu_irq_handler handler,
                                  void *opaque, Error **errp);

/*
 * qemu_shim_gpio_intercept_out_named: the same for the output lines of one
 * list (@name NULL for the unnamed list).
 */
bool qemu_shim_gpio_intercept_out_named(DeviceState *dev, const char *name,
                                        qemu_irq_handler handler,
                                        void *opaque, Error **errp);

/*
 * qemu_shim_gpio_intercept_in: shim-only hook for qtest's irq_intercept_in.
 * Every unnamed input line of @dev, when set, first reaches the device's
 * own handler as before, then calls @handler(@opaque, n, level).
 */
bool qemu_shim_gpio_intercept_in(DeviceState *dev, qemu_irq_handler handler,
                                 void *opaque, Error **errp);

BusState *qdev_get_parent_bus(DeviceState *dev);

/* Buses */

/* Initializes a bus embedded in @bus (size @size) and attaches it to @parent. */
void qbus_init(void *bus, size_t size, const char *typename_,
               DeviceState *parent, const char *name);

/* Allocates a bus; the parent device (or none) owns it. */
BusState *qbus_new(const char *typename_, DeviceState *parent,
                   const char *name);

bool qbus_realize(BusState *bus, Error **errp);
void qbus_unrealize(BusState *bus);

/* Reset */

/* Resets @dev and everything below it (RESET_TYPE_COLD). */
void device_cold_reset(DeviceState *dev);

/* Resets @bus and every device below it (RESET_TYPE_COLD). */
void bus_cold_reset(BusState *bus);

bool device_is_in_reset(DeviceState *dev);
bool bus_is_in_reset(BusState *bus);

/* Only @dev's own reset, not its children's (deprecated in QEMU). */
void device_legacy_reset(DeviceState *dev);

/* The machine */

/* The main system bus (hw/sysbus.h). */
BusState *sysbus_get_default(void);

char *qdev_get_fw_dev_path(DeviceState *dev);

/* The "/machine" container, created on first use. */
Object *qdev_get_machine(void);

/* Plugs @dev into @bus (moves it if already plugged). */
bool qdev_set_parent_bus(DeviceState *dev, BusState *bus, Error **errp);

/* @dev's path on its bus as the bus defines it, or NULL. Free with g_free. */
char *qdev_get_dev_path(DeviceState *dev);

const VMStateDescription *qdev_get_vmsd(DeviceState *dev);
const char *qdev_fw_name(DeviceState *dev);

/* Class helpers */

/* Registers the static properties @props (ending with an empty entry). */
void device_class_set_props(DeviceClass *dc, Property *props);

void device_class_set_parent_reset(DeviceClass *dc,
                                   DeviceReset dev_reset,
                                   DeviceReset *parent_reset);
void device_class_set_parent_realize(DeviceClass *dc,
                                     DeviceRealize dev_realize,
                                     DeviceRealize *parent_realize);
void device_class_set_parent_unrealize(DeviceClass *dc,
                                       DeviceUnrealize dev_unrealize,
                                       DeviceUnrealize *parent_unrealize);

G_END_DECLS

#endif /* QDEV_CORE_H */
