/*
 * hw/qdev-properties-system.h - device properties that refer to host-side
 * objects (here: character device backends), QEMU 7.2 API.
 */
#ifndef HW_QDEV_PROPERTIES_SYSTEM_H
#define HW_QDEV_PROPERTIES_SYSTEM_H

#include "qemu/osdep.h"
#include "hw/qdev-properties.h"

G_BEGIN_DECLS

/*
 * A CharBackend field, set from a chardev id ("" leaves it unconnected);
 * reads back the chardev's label. The device must include chardev/char-fe.h.
 */
extern const PropertyInfo qdev_prop_chr;

#define DEFINE_PROP_CHR(_n, _s, _f)             \
    DEFINE_PROP(_n, _s, _f, qdev_prop_chr, CharBackend)

/* Connects the CharBackend property @name to @value; aborts on error. */
void qdev_prop_set_chr(DeviceState *dev, const char *name, Chardev *value);

G_END_DECLS

#endif /* HW_QDEV_PROPERTIES_SYSTEM_H */
