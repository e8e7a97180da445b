/*
 * qapi/qmp/qdict.h - QEMU 7.2's QDict: a JSON object, string keys to
 * QObjects. Lookups do not depend on the order of insertion; iteration
 * (qdict_first/qdict_next, and so the order in which qjson.h writes the
 * members) follows QEMU's hash buckets, so that the shim's QMP text has
 * its members in the order QEMU prints them.
 */
#ifndef QDICT_H
#define QDICT_H

#include "qapi/qmp/qobject.h"
#include "qemu/queue.h"

G_BEGIN_DECLS

#define QDICT_BUCKET_MAX 512

typedef struct QDictEntry {
    char *key;
    QObject *value;
    QLIST_ENTRY(QDictEntry) next;
} QDictEntry;

struct QDict {
    struct QObjectBase_ base;
    size_t size;
    QLIST_HEAD(, QDictEntry) table[QDICT_BUCKET_MAX];
};

#define QTYPE_CAST_TO_QDict QTYPE_QDICT

void qdict_unref(QDict *q);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QDict, qdict_unref)

QDict *qdict_new(void);
const char *qdict_entry_key(const QDictEntry *entry);
QObject *qdict_entry_value(const QDictEntry *entry);
size_t qdict_size(const QDict *qdict);
/* Takes the reference to @value; replaces (and unrefs) an old value. */
void qdict_put_obj(QDict *qdict, const char *key, QObject *value);
void qdict_del(QDict *qdict, const char *key);
int qdict_haskey(const QDict *qdict, const char *key);
/* Borrowed; NULL if absent. */
QObject *qdict_get(const QDict *qdict, const char *key);
const QDictEntry *qdict_first(const QDict *qdict);
const QDictEntry *qdict_next(const QDict *qdict, const QDictEntry *entry);

/* qdict_put_obj() of any QObject subtype. */
#define qdict_put(qdict, key, obj) \
        qdict_put_obj(qdict, key, QOBJECT(obj))

void qdict_put_bool(QDict *qdict, const char *key, bool value);
void qdict_put_int(QDict *qdict, const char *key, int64_t value);
void qdict_put_null(QDict *qdict, const char *key);
void qdict_put_str(QDict *qdict, const char *key, const char *value);

/* The member, which must exist and be of that type. */
double qdict_get_double(const QDict *qdict, const char *key);
int64_t qdict_get_int(const QDict *qdict, const char *key);
bool qdict_get_bool(const QDict *qdict, const char *key);
/* NULL if absent or of another type. */
QList *qdict_get_qlist(const QDict *qdict, const char *key);
QDict *qdict_get_qdict(const QDict *qdict, const char *key);
const char *qdict_get_str(const QDict *qdict, const char *key);
/* @def_value if absent or of another type. */
int64_t qdict_get_try_int(const QDict *qdict, const char *key,
                          int64_t def_value);
bool qdict_get_try_bool(const QDict *qdict, const char *key, bool def_value);
/* NULL if absent or not a string. */
const char *qdict_get_try_str(const QDict *qdict, const char *key);

/* A new dict holding new references to @src's values. */
QDict *qdict_clone_shallow(const QDict *src);

G_END_DECLS

#endif /* QDICT_H */
