/*
 * hw/qdev-clock.h - a device's clock inputs and outputs, QEMU 7.2 API.
 *
 * Clocks are QOM children of their device, named as given; they must be
 * declared before realize (normally in instance_init).
 */
#ifndef QDEV_CLOCK_H
#define QDEV_CLOCK_H

#include "qemu/osdep.h"
#include "hw/clock.h"
#include "hw/qdev-core.h"

G_BEGIN_DECLS

/*
 * An input clock @name; @callback (if not NULL) is called with @opaque on
 * the ClockEvents in the @events mask.
 */
Clock *qdev_init_clock_in(DeviceState *dev, const char *name,
                          ClockCallback *callback, void *opaque,
                          unsigned int events);

Clock *qdev_init_clock_out(DeviceState *dev, const char *name);

/* These abort with a message if @dev has no such clock. */
Clock *qdev_get_clock_in(DeviceState *dev, const char *name);
Clock *qdev_get_clock_out(DeviceState *dev, const char *name);

/* Connects input @name of @dev to @source. Before realize only. */
void qdev_connect_clock_in(DeviceState *dev, const char *name, Clock *source);

/* Exposes @alias_dev's clock @alias_name as @dev's clock @name. */
Clock *qdev_alias_clock(DeviceState *dev, const char *name,
                        DeviceState *alias_dev, const char *alias_name);

/* Frees @dev's clock list; called by the device's finalize. */
void qdev_finalize_clocklist(DeviceState *dev);

/* Declarative clock tables for qdev_init_clocks(). */
typedef struct ClockPortInitElem ClockPortInitElem;
struct ClockPortInitElem {
    const char *name;
    bool is_output;
    ClockCallback *callback;
    unsigned int callback_events;
    size_t offset; /* where the Clock * field sits in the device state */
};

#define clock_offset_value(devstate, field) \
    (offsetof(devstate, field) + \
     type_check(Clock *, typeof_field(devstate, field)))

#define QDEV_CLOCK(out_not_in, devstate, field, cb, cbevents) { \
    .name = (stringify(field)), \
    .is_output = out_not_in, \
    .callback = cb, \
    .callback_events = cbevents, \
    .offset = clock_offset_value(devstate, field), \
}

#define QDEV_CLOCK_IN(devstate, field, callback, cbevents) \
    QDEV_CLOCK(false, devstate, field, callback, cbevents)
#define QDEV_CLOCK_OUT(devstate, field) \
    QDEV_CLOCK(true, devstate, field, NULL, 0)
#define QDEV_CLOCK_END { .name = NULL }

typedef struct ClockPortInitElem ClockPortInitArray[];

/* Creates every clock of @clocks; the callbacks' opaque is @dev. */
void qdev_init_clocks(DeviceState *dev, const ClockPortInitArray clocks);

G_END_DECLS

#endif /* QDEV_CLOCK_H */
