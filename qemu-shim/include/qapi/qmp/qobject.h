/*
 * qapi/qmp/qobject.h - QEMU 7.2's QObject: the reference-counted base of
 * the JSON values QMP and property access pass around. Each type has its
 * own header (qnull.h, qbool.h, qnum.h, qstring.h, qdict.h, qlist.h);
 * JSON text is read and written by qjson.h.
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

struct QObject {
    struct QObjectBase_ base;
};

/* Every QObject subtype starts with its base, so this cast is safe. */
#define QOBJECT(obj) ((QObject *)(obj))

/*
 * @obj as a @type (QBool, QDict...), or NULL if it is something else;
 * each type's header defines its QTYPE_CAST_TO_ name.
 */
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

/*
 * True if @x and @y hold the same value: numbers compare by value across
 * kinds (1 == 1.0), dicts regardless of order; NULL equals only NULL.
 */
bool qobject_is_equal(const QObject *x, const QObject *y);

G_END_DECLS

#endif /* QOBJECT_H */
