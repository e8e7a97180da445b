/*
 * QDict (qapi/qmp/qdict.h): a hash table of 512 buckets, each a list with
 * the newest entry first. The hash is QEMU's (tdb's, from gdbm), because
 * iteration goes bucket by bucket and QMP's text must list members in
 * the order QEMU does.
 */
#include "qemu/osdep.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qdict.h"
#include "qapi/qmp/qlist.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "qobject-internal.h"

static unsigned qdict_bucket(const char *key)
{
    unsigned hash = 0x238F13AF * (unsigned)strlen(key);

    for (unsigned i = 0; key[i]; i++) {
        hash += (unsigned)(unsigned char)key[i] << (i * 5 % 24);
    }
    return (1103515243 * hash + 12345) % QDICT_BUCKET_MAX;
}

static QDictEntry *qdict_find(const QDict *qdict, const char *key,
                              unsigned bucket)
{
    QDictEntry *entry;

    QLIST_FOREACH(entry, &qdict->table[bucket], next) {
        if (!strcmp(entry->key, key)) {
            return entry;
        }
    }
    return NULL;
}

QDict *qdict_new(void)
{
    QDict *qdict = g_new0(QDict, 1);

    qobject_init(QOBJECT(qdict), QTYPE_QDICT);
    return qdict;
}

void qdict_unref(QDict *q)
{
    qobject_unref(q);
}

const char *qdict_entry_key(const QDictEntry *entry)
{
    return entry->key;
}

QObject *qdict_entry_value(const QDictEntry *entry)
{
    return entry->value;
}

size_t qdict_size(const QDict *qdict)
{
    return qdict->size;
}

void qdict_put_obj(QDict *qdict, const char *key, QObject *value)
{
    unsigned bucket = qdict_bucket(key);
    QDictEntry *entry = qdict_find(qdict, key, bucket);

    if (entry) {
        qobject_unref(entry->value);
        entry->value = value;
        return;
    }
    entry = g_new0(QDictEntry, 1);
    entry->key = g_strdup(key);
    entry->value = value;
    QLIST_INSERT_HEAD(&qdict->table[bucket], entry, next);
    qdict->size++;
}

void qdict_put_bool(QDict *qdict, const char *key, bool value)
{
    qdict_put(qdict, key, qbool_from_bool(value));
}

void qdict_put_int(QDict *qdict, const char *key, int64_t value)
{
    qdict_put(qdict, key, qnum_from_int(value));
}

void qdict_put_null(QDict *qdict, const char *key)
{
    qdict_put(qdict, key, qnull());
}

void qdict_put_str(QDict *qdict, const char *key, const char *value)
{
    qdict_put(qdict, key, qstring_from_str(value));
}

static void entry_free(QDictEntry *entry)
{
    qobject_unref(entry->value);
    g_free(entry->key);
    g_free(entry);
}

void qdict_del(QDict *qdict, const char *key)
{
    QDictEntry *entry = qdict_find(qdict, key, qdict_bucket(key));

    if (entry) {
        QLIST_REMOVE(entry, next);
        entry_free(entry);
        qdict->size--;
    }
}

int qdict_haskey(const QDict *qdict, const char *key)
{
    return qdict_find(qdict, key, qdict_bucket(key)) != NULL;
}

QObject *qdict_get(const QDict *qdict, const char *key)
{
    QDictEntry *entry = qdict_find(qdict, key, qdict_bucket(key));

    return entry ? entry->value : NULL;
}

/* The first entry in bucket @bucket or after it. */
static const QDictEntry *first_from(const QDict *qdict, unsigned bucket)
{
    for (; bucket < QDICT_BUCKET_MAX; bucket++) {
        if (!QLIST_EMPTY(&qdict->table[bucket])) {
            return QLIST_FIRST(&qdict->table[bucket]);
        }
    }
    return NULL;
}

const QDictEntry *qdict_first(const QDict *qdict)
{
    return first_from(qdict, 0);
}

const QDictEntry *qdict_next(const QDict *qdict, const QDictEntry *entry)
{
    const QDictEntry *next = QLIST_NEXT(entry, next);

    return next ? next : first_from(qdict, qdict_bucket(entry->key) + 1);
}

double qdict_get_double(const QDict *qdict, const char *key)
{
    return qnum_get_double(qobject_to(QNum, qdict_get(qdict, key)));
}

int64_t qdict_get_int(const QDict *qdict, const char *key)
{
    return qnum_get_int(qobject_to(QNum, qdict_get(qdict, key)));
}

bool qdict_get_bool(const QDict *qdict, const char *key)
{
    return qbool_get_bool(qobject_to(QBool, qdict_get(qdict, key)));
}

QList *qdict_get_qlist(const QDict *qdict, const char *key)
{
    return qobject_to(QList, qdict_get(qdict, key));
}

QDict *qdict_get_qdict(const QDict *qdict, const char *key)
{
    return qobject_to(QDict, qdict_get(qdict, key));
}

const char *qdict_get_str(const QDict *qdict, const char *key)
{
    return qstring_get_str(qobject_to(QString, qdict_get(qdict, key)));
}

int64_t qdict_get_try_int(const QDict *qdict, const char *key,
                          int64_t def_value)
{
    QNum *qnum = qobject_to(QNum, qdict_get(qdict, key));
    int64_t val;

    return qnum && qnum_get_try_int(qnum, &val) ? val : def_value;
}

bool qdict_get_try_bool(const QDict *qdict, const char *key, bool def_value)
{
    QBool *qbool = qobject_to(QBool, qdict_get(qdict, key));

    return qbool ? qbool_get_bool(qbool) : def_value;
}

const char *qdict_get_try_str(const QDict *qdict, const char *key)
{
    QString *qstr = qobject_to(QString, qdict_get(qdict, key));

    return qstr ? qstring_get_str(qstr) : NULL;
}

QDict *qdict_clone_shallow(const QDict *src)
{
    QDict *dest = qdict_new();

    for (const QDictEntry *e = qdict_first(src); e; e = qdict_next(src, e)) {
        qdict_put_obj(dest, e->key, qobject_ref(e->value));
    }
    return dest;
}

void qdict_destroy_members(QDict *qdict)
{
    for (unsigned i = 0; i < QDICT_BUCKET_MAX; i++) {
        QDictEntry *entry, *next;

        QLIST_FOREACH_SAFE(entry, &qdict->table[i], next, next) {
            QLIST_REMOVE(entry, next);
            entry_free(entry);
        }
    }
    qdict->size = 0;
}
