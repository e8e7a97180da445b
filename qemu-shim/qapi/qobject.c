/*
 * The scalar QObjects (qapi/qmp/qobject.h): reference counting and the
 * constructors and accessors of QNull, QBool, QNum and QString.
 */
#include "qemu/osdep.h"
#include "qapi/qmp/qobject.h"

static void qobject_init(QObject *obj, QType type)
{
    obj->base.type = type;
    obj->base.refcnt = 1;
}

void *qobject_ref_impl(QObject *obj)
{
    if (obj) {
        obj->base.refcnt++;
    }
    return obj;
}

void qobject_unref_impl(QObject *obj)
{
    if (!obj || --obj->base.refcnt > 0) {
        return;
    }
    if (obj->base.type == QTYPE_QSTRING) {
        g_free((char *)((QString *)obj)->string);
    }
    g_free(obj);
}

QNull *qnull(void)
{
    QNull *qn = g_new0(QNull, 1);

    qobject_init(QOBJECT(qn), QTYPE_QNULL);
    return qn;
}

QBool *qbool_from_bool(bool value)
{
    QBool *qb = g_new0(QBool, 1);

    qobject_init(QOBJECT(qb), QTYPE_QBOOL);
    qb->value = value;
    return qb;
}

bool qbool_get_bool(const QBool *qb)
{
    return qb->value;
}

static QNum *qnum_new(QNumKind kind)
{
    QNum *qn = g_new0(QNum, 1);

    qobject_init(QOBJECT(qn), QTYPE_QNUM);
    qn->kind = kind;
    return qn;
}

QNum *qnum_from_int(int64_t value)
{
    QNum *qn = qnum_new(QNUM_I64);

    qn->u.i64 = value;
    return qn;
}

QNum *qnum_from_uint(uint64_t value)
{
    QNum *qn = qnum_new(QNUM_U64);

    qn->u.u64 = value;
    return qn;
}

QNum *qnum_from_double(double value)
{
    QNum *qn = qnum_new(QNUM_DOUBLE);

    qn->u.dbl = value;
    return qn;
}

bool qnum_get_try_int(const QNum *qn, int64_t *val)
{
    switch (qn->kind) {
    case QNUM_I64:
        *val = qn->u.i64;
        return true;
    case QNUM_U64:
        if (qn->u.u64 > INT64_MAX) {
            return false;
        }
        *val = qn->u.u64;
        return true;
    case QNUM_DOUBLE:
        return false;
    }
    return false;
}

bool qnum_get_try_uint(const QNum *qn, uint64_t *val)
{
    switch (qn->kind) {
    case QNUM_I64:
        if (qn->u.i64 < 0) {
            return false;
        }
        *val = qn->u.i64;
        return true;
    case QNUM_U64:
        *val = qn->u.u64;
        return true;
    case QNUM_DOUBLE:
        return false;
    }
    return false;
}

double qnum_get_double(const QNum *qn)
{
    switch (qn->kind) {
    case QNUM_I64:
        return qn->u.i64;
    case QNUM_U64:
        return qn->u.u64;
    case QNUM_DOUBLE:
        return qn->u.dbl;
    }
    return 0;
}

QString *qstring_from_str(const char *str)
{
    QString *qs = g_new0(QString, 1);

    qobject_init(QOBJECT(qs), QTYPE_QSTRING);
    qs->string = g_strdup(str);
    return qs;
}

const char *qstring_get_str(const QString *qstring)
{
    return qstring->string;
}
