/*
 * QObject (qapi/qmp/qobject.h): reference counting and equality, and the
 * scalar types: QNull, QBool, QNum, QString. QDict and QList have their
 * own files.
 */
#include "qemu/osdep.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qdict.h"
#include "qapi/qmp/qlist.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "qobject-internal.h"

void qobject_init(QObject *obj, QType type)
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
    switch (obj->base.type) {
    case QTYPE_QSTRING:
        g_free((char *)((QString *)obj)->string);
        break;
    case QTYPE_QDICT:
        qdict_destroy_members((QDict *)obj);
        break;
    case QTYPE_QLIST:
        qlist_destroy_members((QList *)obj);
        break;
    default:
        break;
    }
    g_free(obj);
}

static bool qnum_is_equal(const QNum *x, const QNum *y)
{
    int64_t xi, yi;
    uint64_t xu, yu;

    if (x->kind == QNUM_DOUBLE || y->kind == QNUM_DOUBLE) {
        /* An integer equals a double only if the double holds it exactly. */
        if (x->kind == QNUM_DOUBLE && y->kind == QNUM_DOUBLE) {
            return x->u.dbl == y->u.dbl;
        }
        if (x->kind != QNUM_DOUBLE) {
            const QNum *t = x;

            x = y;
            y = t;
        }
        if (y->kind == QNUM_I64) {
            return x->u.dbl >= -0x1p63 && x->u.dbl < 0x1p63 &&
                   (int64_t)x->u.dbl == y->u.i64 &&
                   (double)(int64_t)x->u.dbl == x->u.dbl;
        }
        return x->u.dbl >= 0 && x->u.dbl < 0x1p64 &&
               (uint64_t)x->u.dbl == y->u.u64 &&
               (double)(uint64_t)x->u.dbl == x->u.dbl;
    }
    if (qnum_get_try_int(x, &xi)) {
        return qnum_get_try_int(y, &yi) && xi == yi;
    }
    return qnum_get_try_uint(x, &xu) && qnum_get_try_uint(y, &yu) && xu == yu;
}

bool qobject_is_equal(const QObject *x, const QObject *y)
{
    if (x == y) {
        return true;
    }
    if (!x || !y || qobject_type(x) != qobject_type(y)) {
        return false;
    }
    switch (qobject_type(x)) {
    case QTYPE_QNULL:
        return true;
    case QTYPE_QBOOL:
        return ((const QBool *)x)->value == ((const QBool *)y)->value;
    case QTYPE_QNUM:
        return qnum_is_equal((const QNum *)x, (const QNum *)y);
    case QTYPE_QSTRING:
        return !strcmp(((const QString *)x)->string,
                       ((const QString *)y)->string);
    case QTYPE_QDICT: {
        const QDict *dx = (const QDict *)x, *dy = (const QDict *)y;

        if (qdict_size(dx) != qdict_size(dy)) {
            return false;
        }
        for (const QDictEntry *e = qdict_first(dx); e; e = qdict_next(dx, e)) {
            if (!qobject_is_equal(e->value, qdict_get(dy, e->key))) {
                return false;
            }
        }
        return true;
    }
    case QTYPE_QLIST: {
        const QListEntry *ex = qlist_first((const QList *)x);
        const QListEntry *ey = qlist_first((const QList *)y);

        for (; ex && ey; ex = qlist_next(ex), ey = qlist_next(ey)) {
            if (!qobject_is_equal(ex->value, ey->value)) {
                return false;
            }
        }
        return !ex && !ey;
    }
    default:
        return false;
    }
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

int64_t qnum_get_int(const QNum *qn)
{
    int64_t val;
    bool ok = qnum_get_try_int(qn, &val);

    g_assert(ok);
    return val;
}

uint64_t qnum_get_uint(const QNum *qn)
{
    uint64_t val;
    bool ok = qnum_get_try_uint(qn, &val);

    g_assert(ok);
    return val;
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

QString *qstring_from_gstring(GString *gstr)
{
    QString *qs = g_new0(QString, 1);

    qobject_init(QOBJECT(qs), QTYPE_QSTRING);
    qs->string = g_string_free(gstr, false);
    return qs;
}

QString *qstring_from_substr(const char *str, size_t start, size_t end)
{
    return qstring_from_gstring(g_string_new_len(str + start, end - start));
}

QString *qstring_from_str(const char *str)
{
    return qstring_from_substr(str, 0, strlen(str));
}

QString *qstring_new(void)
{
    return qstring_from_str("");
}

const char *qstring_get_str(const QString *qstring)
{
    return qstring->string;
}
