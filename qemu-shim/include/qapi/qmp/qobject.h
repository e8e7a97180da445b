/*
 * qapi/qmp/qobject.h - the scalar subset of QEMU 7.2's QObject: reference
 * counted QNull, QBool, QNum and QString (QEMU spreads them over qbool.h,
 * qnum.h, qstring.h; the shim has no QDict or QList). Properties are read
 * and written as QObjects by object_property_get_qobject() and friends.
 */
#ifndef QOBJECT_H
#define QOBJECT_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

typedef enum QType {
    QTYPE_NONE,
    QTYPE_QNULL,
    QTYPE_QNUM,
    QTYPE_QSTRING,
    QTYPE_QDICT,
    QTYPE_QLIST,
    QTYPE_QBOOL,
    QTYPE__MAX,
} QType;

struct QObjectBase_ {
    QType type;
    size_t refcnt;
};

typedef struct QObject {
    struct QObjectBase_ base;
} QObject;

typedef struct QNull {
    struct QObjectBase_ base;
} QNull;

typedef struct QBool {
    struct QObjectBase_ base;
    bool value;
} QBool;

typedef enum {
    QNUM_I64,
    QNUM_U64,
    QNUM_DOUBLE
} QNumKind;

typedef struct QNum {
    struct QObjectBase_ base;
    QNumKind kind;
    union {
        int64_t i64;
        uint64_t u64;
        double dbl;
    } u;
} QNum;

typedef struct QString {
    struct QObjectBase_ base;
    const char *string;
} QString;

/* Every QObject subtype starts with its base, so this cast is safe. */
#define QOBJECT(obj) ((QObject *)(obj))

#define QTYPE_CAST_TO_QNull     QTYPE_QNULL
#define QTYPE_CAST_TO_QNum      QTYPE_QNUM
#define QTYPE_CAST_TO_QString   QTYPE_QSTRING
#define QTYPE_CAST_TO_QBool     QTYPE_QBOOL

/* @obj as a @type (QBool, QNum...), or NULL if it is something else. */
#define qobject_to(type, obj) \
    ((type *)qobject_check_type(QOBJECT(obj), glue(QTYPE_CAST_TO_, type)))

static inline QObject *qobject_check_type(const QObject *obj, QType type)
{
    return obj && obj->base.type == type ? (QObject *)obj : NULL;
}

static inline QType qobject_type(const QObject *obj)
{
    return obj->base.type;
}

/* Returns @obj. */
void *qobject_ref_impl(QObject *obj);
void qobject_unref_impl(QObject *obj);

/* Take / drop a reference; the last unref frees. NULL is allowed. */
#define qobject_ref(obj) ((__typeof__(obj))qobject_ref_impl(QOBJECT(obj)))
#define qobject_unref(obj) qobject_unref_impl(QOBJECT(obj))

QNull *qnull(void);

QBool *qbool_from_bool(bool value);
bool qbool_get_bool(const QBool *qb);

QNum *qnum_from_int(int64_t value);
QNum *qnum_from_uint(uint64_t value);
QNum *qnum_from_double(double value);
/* false if the value does not fit. */
bool qnum_get_try_int(const QNum *qn, int64_t *val);
bool qnum_get_try_uint(const QNum *qn, uint64_t *val);
double qnum_get_double(const QNum *qn);

QString *qstring_from_str(const char *str);
const char *qstring_get_str(const QString *qstring);

G_END_DECLS

#endif /* QOBJECT_H */
