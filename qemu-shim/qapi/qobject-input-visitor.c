/*
 * QObject input visitor (qapi/qobject-input-visitor.h): one scalar read
 * from a QObject, strictly typed as in QEMU 7.2 ("Invalid parameter type
 * for 'NAME', expected: TYPE"). object_property_set_bool() and friends
 * pass their C values through it.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp/qerror.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/visitor-impl.h"

struct QObjectInputVisitor {
    Visitor visitor;
    QObject *root;
};

static QObject *qiv_value(Visitor *v)
{
    return container_of(v, QObjectInputVisitor, visitor)->root;
}

static void set_wrong_type(const char *name, const char *expected,
                           Error **errp)
{
    error_setg(errp, QERR_INVALID_PARAMETER_TYPE,
               name ? name : "<anonymous>", expected);
}

static bool qobject_input_type_int64(Visitor *v, const char *name,
                                     int64_t *obj, Error **errp)
{
    QNum *qnum = qobject_to(QNum, qiv_value(v));

    if (!qnum || !qnum_get_try_int(qnum, obj)) {
        set_wrong_type(name, "integer", errp);
        return false;
    }
    return true;
}

static bool qobject_input_type_uint64(Visitor *v, const char *name,
                                      uint64_t *obj, Error **errp)
{
    QNum *qnum = qobject_to(QNum, qiv_value(v));
    int64_t val;

    if (qnum && qnum_get_try_uint(qnum, obj)) {
        return true;
    }
    /* QEMU accepts negative values here and wraps them. */
    if (qnum && qnum_get_try_int(qnum, &val)) {
        *obj = val;
        return true;
    }
    error_setg(errp, QERR_INVALID_PARAMETER_VALUE,
               name ? name : "<anonymous>", "uint64");
    return false;
}

static bool qobject_input_type_bool(Visitor *v, const char *name, bool *obj,
                                    Error **errp)
{
    QBool *qbool = qobject_to(QBool, qiv_value(v));

    if (!qbool) {
        set_wrong_type(name, "boolean", errp);
        return false;
    }
    *obj = qbool_get_bool(qbool);
    return true;
}

static bool qobject_input_type_str(Visitor *v, const char *name, char **obj,
                                   Error **errp)
{
    QString *qstr = qobject_to(QString, qiv_value(v));

    *obj = NULL;
    if (!qstr) {
        set_wrong_type(name, "string", errp);
        return false;
    }
    *obj = g_strdup(qstring_get_str(qstr));
    return true;
}

static bool qobject_input_type_number(Visitor *v, const char *name,
                                      double *obj, Error **errp)
{
    QNum *qnum = qobject_to(QNum, qiv_value(v));

    if (!qnum) {
        set_wrong_type(name, "number", errp);
        return false;
    }
    *obj = qnum_get_double(qnum);
    return true;
}

static bool qobject_input_type_any(Visitor *v, const char *name G_GNUC_UNUSED,
                                   QObject **obj, Error **errp G_GNUC_UNUSED)
{
    *obj = qobject_ref(qiv_value(v));
    return true;
}

static void qobject_input_free(Visitor *v)
{
    QObjectInputVisitor *qiv = container_of(v, QObjectInputVisitor, visitor);

    qobject_unref(qiv->root);
    g_free(qiv);
}

Visitor *qobject_input_visitor_new(QObject *obj)
{
    QObjectInputVisitor *v = g_new0(QObjectInputVisitor, 1);

    assert(obj);
    v->visitor.type = VISITOR_INPUT;
    v->visitor.type_int64 = qobject_input_type_int64;
    v->visitor.type_uint64 = qobject_input_type_uint64;
    v->visitor.type_bool = qobject_input_type_bool;
    v->visitor.type_str = qobject_input_type_str;
    v->visitor.type_number = qobject_input_type_number;
    v->visitor.type_any = qobject_input_type_any;
    v->visitor.free = qobject_input_free;
    v->root = qobject_ref(obj);
    return &v->visitor;
}
