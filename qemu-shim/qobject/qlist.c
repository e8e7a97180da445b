/*
 * QList (qapi/qmp/qlist.h): a tail queue of entries, in append order.
 */
#include "qemu/osdep.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qlist.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "qobject-internal.h"

QList *qlist_new(void)
{
    QList *qlist = g_new0(QList, 1);

    qobject_init(QOBJECT(qlist), QTYPE_QLIST);
    QTAILQ_INIT(&qlist->head);
    return qlist;
}

void qlist_unref(QList *q)
{
    qobject_unref(q);
}

QList *qlist_copy(QList *src)
{
    QList *dst = qlist_new();
    QListEntry *entry;

    QLIST_FOREACH_ENTRY(src, entry) {
        qlist_append_obj(dst, qobject_ref(entry->value));
    }
    return dst;
}

void qlist_append_obj(QList *qlist, QObject *obj)
{
    QListEntry *entry = g_new0(QListEntry, 1);

    entry->value = obj;
    QTAILQ_INSERT_TAIL(&qlist->head, entry, next);
}

void qlist_append_int(QList *qlist, int64_t value)
{
    qlist_append(qlist, qnum_from_int(value));
}

void qlist_append_bool(QList *qlist, bool value)
{
    qlist_append(qlist, qbool_from_bool(value));
}

void qlist_append_str(QList *qlist, const char *value)
{
    qlist_append(qlist, qstring_from_str(value));
}

void qlist_append_null(QList *qlist)
{
    qlist_append(qlist, qnull());
}

QObject *qlist_pop(QList *qlist)
{
    QListEntry *entry = qlist ? QTAILQ_FIRST(&qlist->head) : NULL;
    QObject *obj;

    if (!entry) {
        return NULL;
    }
    QTAILQ_REMOVE(&qlist->head, entry, next);
    obj = entry->value;
    g_free(entry);
    return obj;
}

QObject *qlist_peek(QList *qlist)
{
    QListEntry *entry = qlist ? QTAILQ_FIRST(&qlist->head) : NULL;

    return entry ? entry->value : NULL;
}

int qlist_empty(const QList *qlist)
{
    return QTAILQ_EMPTY(&qlist->head);
}

size_t qlist_size(const QList *qlist)
{
    size_t count = 0;
    QListEntry *entry;

    QLIST_FOREACH_ENTRY(qlist, entry) {
        count++;
    }
    return count;
}

void qlist_destroy_members(QList *qlist)
{
    QObject *obj;

    while ((obj = qlist_pop(qlist))) {
        qobject_unref(obj);
    }
}
