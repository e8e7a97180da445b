/*
 * QObject output visitor (qapi/qobject-output-visitor.h): the scalar
 * visited becomes a QObject; object_property_get_int() and friends read
 * property values through it.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/visitor-impl.h"

struct QObjectOutputVisitor {
    Visitor visitor;
    QObject *root;
    QObject **result;
};

static QObjectOutputVisitor *to_qov(Visitor *v)
{
    return container_of(v, QObjectOutputVisitor, visitor);
}

/* Takes ownership of @value; the last scalar visited wins. */
static void qobject_output_set(Visitor *v, QObject *value)
{
    QObjectOutputVisitor *qov = to_qov(v);

    qobject_unref(qov->root);
    qov->root = value;
}

static bool qobject_output_type_int64(Visitor *v,
                                      const char *name G_GNUC_UNUSED,
                                      int64_t *obj, Error **errp G_GNUC_UNUSED)
{
    qobject_output_set(v, QOBJECT(qnum_from_int(*obj)));
    return true;
}

static bool qobject_output_type_uint64(Visitor *v,
                                       const char *name G_GNUC_UNUSED,
                                       uint64_t *obj,
                                       Error **errp G_GNUC_UNUSED)
{
    qobject_output_set(v, QOBJECT(qnum_from_uint(*obj)));
    return true;
}

static bool qobject_output_type_bool(Visitor *v,
                                     const char *name G_GNUC_UNUSED, bool *obj,
                                     Error **errp G_GNUC_UNUSED)
{
    qobject_output_set(v, QOBJECT(qbool_from_bool(*obj)));
    return true;
}

static bool qobject_output_type_str(Visitor *v, const char *name G_GNUC_UNUSED,
                                    char **obj, Error **errp G_GNUC_UNUSED)
{
    qobject_output_set(v, QOBJECT(qstring_from_str(*obj ? *obj : "")));
    return true;
}

static bool qobject_output_type_number(Visitor *v,
                                       const char *name G_GNUC_UNUSED,
                                       double *obj, Error **errp G_GNUC_UNUSED)
{
    qobject_output_set(v, QOBJECT(qnum_from_double(*obj)));
    return true;
}

static bool qobject_output_type_any(Visitor *v, const char *name G_GNUC_UNUSED,
                                    QObject **obj, Error **errp G_GNUC_UNUSED)
{
    qobject_output_set(v, qobject_ref(*obj));
    return true;
}

static void qobject_output_complete(Visitor *v, void *opaque)
{
    QObjectOutputVisitor *qov = to_qov(v);

    g_assert(opaque == qov->result);
    /* A getter that visited nothing produced nothing: QNull. */
    *qov->result = qov->root ? qov->root : QOBJECT(qnull());
    qov->root = NULL;
}

static void qobject_output_free(Visitor *v)
{
    QObjectOutputVisitor *qov = to_qov(v);

    qobject_unref(qov->root);
    g_free(qov);
}

Visitor *qobject_output_visitor_new(QObject **result)
{
    QObjectOutputVisitor *v = g_new0(QObjectOutputVisitor, 1);

    v->visitor.type = VISITOR_OUTPUT;
    v->visitor.type_int64 = qobject_output_type_int64;
    v->visitor.type_uint64 = qobject_output_type_uint64;
    v->visitor.type_bool = qobject_output_type_bool;
    v->visitor.type_str = qobject_output_type_str;
    v->visitor.type_number = qobject_output_type_number;
    v->visitor.type_any = qobject_output_type_any;
    v->visitor.complete = qobject_output_complete;
    v->visitor.free = qobject_output_free;
    v->result = result;
    *result = NULL;
    return &v->visitor;
}
