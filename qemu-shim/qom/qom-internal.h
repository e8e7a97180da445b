/*
 * What the files of qom/ share and nobody else sees: the object lifecycle
 * (object.c) calls into the property code (object-prop.c) and registers
 * the built-in container type (container.c).
 */
#ifndef QOM_INTERNAL_H
#define QOM_INTERNAL_H

#include "qom/object.h"

/* The TypeInfo of "container", registered with the root types. */
extern const TypeInfo qom_container_info;

/* The TypeInfo of "object" adds its class properties here. */
void qom_object_class_init(ObjectClass *klass, void *data);

/* Apply the defaults of all class properties to a new object. */
void qom_class_property_init_all(Object *obj);

/* Release every property of a dying object, then its property table. */
void qom_property_del_all(Object *obj);

/* Free function of the property tables. */
void qom_property_free(gpointer data);

/* Is @prop a child<> property? */
bool qom_property_is_child(const ObjectProperty *prop);

#endif /* QOM_INTERNAL_H */
