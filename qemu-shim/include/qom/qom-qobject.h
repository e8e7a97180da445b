/*
 * qom/qom-qobject.h - QOM properties read and written as QObjects
 * (QEMU 7.2 names; the shim's QObjects are the scalars of
 * qapi/qmp/qobject.h).
 */
#ifndef QEMU_QOM_QOBJECT_H
#define QEMU_QOM_QOBJECT_H

#include "qom/object.h"

G_BEGIN_DECLS

/* The value of property @name as a new QObject, or NULL with @errp set. */
QObject *object_property_get_qobject(Object *obj, const char *name,
                                     Error **errp);

/* Set property @name from @value (strictly typed). */
bool object_property_set_qobject(Object *obj, const char *name,
                                 QObject *value, Error **errp);

G_END_DECLS

#endif /* QEMU_QOM_QOBJECT_H */
