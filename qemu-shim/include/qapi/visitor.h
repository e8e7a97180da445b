/*
 * qapi/visitor.h - QEMU 7.2's visitor interface: the one API through
 * which QOM property getters and setters move values in and out, whatever
 * the representation on the other side (a C value, a string, a QObject).
 * The shim has the scalar visits, and structs/lists only as far as
 * property code needs them.
 */
#ifndef QAPI_VISITOR_H
#define QAPI_VISITOR_H

#include "qemu/osdep.h"
#include "qapi/error.h"

G_BEGIN_DECLS

typedef struct QObject QObject;

/* The list node every QAPI list type starts with. */
typedef struct GenericList {
    struct GenericList *next;
    char padding[];
} GenericList;

/* What a visitor does with the values visited. */
typedef enum VisitorType {
    VISITOR_INPUT = 1 << 0,     /* fill C values from an external form */
    VISITOR_OUTPUT = 1 << 1,    /* produce an external form from C values */
    VISITOR_CLONE = 1 << 2,
    VISITOR_DEALLOC = 1 << 3,
} VisitorType;

/*
 * Structs and lists. Input visitors allocate *@obj (of @size bytes) when
 * @obj is not NULL. Shim: the scalar visitors refuse these with an error.
 */
bool visit_start_struct(Visitor *v, const char *name, void **obj,
                        size_t size, Error **errp);
bool visit_check_struct(Visitor *v, Error **errp);
void visit_end_struct(Visitor *v, void **obj);

bool visit_start_list(Visitor *v, const char *name, GenericList **list,
                      size_t size, Error **errp);
GenericList *visit_next_list(Visitor *v, GenericList *tail, size_t size);
bool visit_check_list(Visitor *v, Error **errp);
void visit_end_list(Visitor *v, void **list);

/* Is member @name present? (input: from the input; output: *@present) */
bool visit_optional(Visitor *v, const char *name, bool *present);

bool visit_is_input(Visitor *v);
bool visit_is_dealloc(Visitor *v);

/*
 * Scalars. On input, *@obj receives the value (a string is g_strdup'ed
 * and owned by the caller); on output, *@obj is the value. Values out of
 * range of the C type are an error "Parameter 'NAME' expects TYPE".
 * All return true on success, false with @errp set.
 */
bool visit_type_int(Visitor *v, const char *name, int64_t *obj,
                    Error **errp);
bool visit_type_int8(Visitor *v, const char *name, int8_t *obj,
                     Error **errp);
bool visit_type_int16(Visitor *v, const char *name, int16_t *obj,
                      Error **errp);
bool visit_type_int32(Visitor *v, const char *name, int32_t *obj,
                      Error **errp);
bool visit_type_int64(Visitor *v, const char *name, int64_t *obj,
                      Error **errp);

bool visit_type_uint8(Visitor *v, const char *name, uint8_t *obj,
                      Error **errp);
bool visit_type_uint16(Visitor *v, const char *name, uint16_t *obj,
                       Error **errp);
bool visit_type_uint32(Visitor *v, const char *name, uint32_t *obj,
                       Error **errp);
bool visit_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                       Error **errp);

/* A byte count; string input accepts suffixes (k, M, G, T, P, E). */
bool visit_type_size(Visitor *v, const char *name, uint64_t *obj,
                     Error **errp);

bool visit_type_bool(Visitor *v, const char *name, bool *obj, Error **errp);
bool visit_type_str(Visitor *v, const char *name, char **obj, Error **errp);
bool visit_type_number(Visitor *v, const char *name, double *obj,
                       Error **errp);

/* Any QObject (input: a new reference in *@obj). */
bool visit_type_any(Visitor *v, const char *name, QObject **obj,
                    Error **errp);

/* Output visitors: store the result where @opaque points. */
void visit_complete(Visitor *v, void *opaque);

/* Free @v; NULL is allowed. */
void visit_free(Visitor *v);

G_END_DECLS

#endif /* QAPI_VISITOR_H */
