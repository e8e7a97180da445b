/*
 * qapi/visitor-impl.h - what a visitor implementation provides: the
 * callbacks behind the visit_*() functions of qapi/visitor.h (QEMU 7.2
 * layout, minus alternates and deprecation policy).
 */
#ifndef QAPI_VISITOR_IMPL_H
#define QAPI_VISITOR_IMPL_H

#include "qapi/visitor.h"

G_BEGIN_DECLS

struct Visitor {
    /* Optional: NULL means the visitor has no structs / lists. */
    bool (*start_struct)(Visitor *v, const char *name, void **obj,
                         size_t size, Error **errp);
    bool (*check_struct)(Visitor *v, Error **errp);
    void (*end_struct)(Visitor *v, void **obj);
    bool (*start_list)(Visitor *v, const char *name, GenericList **list,
                       size_t size, Error **errp);
    GenericList *(*next_list)(Visitor *v, GenericList *tail, size_t size);
    bool (*check_list)(Visitor *v, Error **errp);
    void (*end_list)(Visitor *v, void **list);

    /* Must be set. */
    bool (*type_int64)(Visitor *v, const char *name, int64_t *obj,
                       Error **errp);
    bool (*type_uint64)(Visitor *v, const char *name, uint64_t *obj,
                        Error **errp);
    bool (*type_bool)(Visitor *v, const char *name, bool *obj, Error **errp);
    bool (*type_str)(Visitor *v, const char *name, char **obj, Error **errp);

    /* Optional: type_size falls back to type_uint64. */
    bool (*type_size)(Visitor *v, const char *name, uint64_t *obj,
                      Error **errp);
    bool (*type_number)(Visitor *v, const char *name, double *obj,
                        Error **errp);
    bool (*type_any)(Visitor *v, const char *name, QObject **obj,
                     Error **errp);

    /* Optional: without it every member is present. */
    bool (*optional)(Visitor *v, const char *name, bool *present);

    VisitorType type;

    /* Output visitors: store the result through @opaque. */
    void (*complete)(Visitor *v, void *opaque);

    /* Must be set: free @v. */
    void (*free)(Visitor *v);
};

G_END_DECLS

#endif /* QAPI_VISITOR_IMPL_H */
