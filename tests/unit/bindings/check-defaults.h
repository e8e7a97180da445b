/*
 * Whether every qdev property default of a QOM type is what a new
 * instance reads after construction (what `-device TYPE,help` shows),
 * walking the class and its parents. Returns how many it compared.
 */
#ifndef TESTS_UNIT_BINDINGS_CHECK_DEFAULTS_H
#define TESTS_UNIT_BINDINGS_CHECK_DEFAULTS_H

#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "qapi/error.h"

#include <check.h>

namespace bindings_test {

inline int check_defaults(const char *type)
{
    Object *obj = object_new(type);
    int compared = 0;
    for (ObjectClass *oc = object_get_class(obj);
         oc && object_class_dynamic_cast(oc, TYPE_DEVICE);
         oc = object_class_get_parent(oc)) {
        for (Property *p = DEVICE_CLASS(oc)->props_; p && p->name; p++) {
            if (!p->set_default) {
                continue;
            }
            if (p->info == &qdev_prop_bool) {
                bool v = object_property_get_bool(obj, p->name, &error_abort);
                ck_assert_msg(v == bool(p->defval.u), "%s.%s: %d", type,
                              p->name, v);
            } else if (p->info == &qdev_prop_int32 ||
                       p->info == &qdev_prop_int64) {
                int64_t v = object_property_get_int(obj, p->name,
                                                    &error_abort);
                ck_assert_msg(v == p->defval.i, "%s.%s: %" PRId64, type,
                              p->name, v);
            } else {
                uint64_t v = object_property_get_uint(obj, p->name,
                                                      &error_abort);
                ck_assert_msg(v == p->defval.u, "%s.%s: %" PRIu64, type,
                              p->name, v);
            }
            compared++;
        }
    }
    object_unref(obj);
    return compared;
}

} // namespace bindings_test

#endif /* TESTS_UNIT_BINDINGS_CHECK_DEFAULTS_H */
