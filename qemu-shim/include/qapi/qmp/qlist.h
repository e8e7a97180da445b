/*
 * qapi/qmp/qlist.h - QEMU 7.2's QList: a JSON array, in order.
 */
#ifndef QLIST_H
#define QLIST_H

#include "qapi/qmp/qobject.h"
#include "qemu/queue.h"

G_BEGIN_DECLS

typedef struct QListEntry {
    QObject *value;
    QTAILQ_ENTRY(QListEntry) next;
} QListEntry;

struct QList {
    struct QObjectBase_ base;
    QTAILQ_HEAD(, QListEntry) head;
};

#define QTYPE_CAST_TO_QList QTYPE_QLIST

void qlist_unref(QList *q);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QList, qlist_unref)

/* qlist_append_obj() of any QObject subtype. */
#define qlist_append(qlist, obj) \
        qlist_append_obj(qlist, QOBJECT(obj))

/* Every entry of @qlist in order: @var a QListEntry *. */
#define QLIST_FOREACH_ENTRY(qlist, var)                 \
        for ((var) = QTAILQ_FIRST(&(qlist)->head);      \
             (var);                                     \
             (var) = QTAILQ_NEXT((var), next))

static inline QObject *qlist_entry_obj(const QListEntry *entry)
{
    return entry->value;
}

QList *qlist_new(void);
QList *qlist_copy(QList *src);
/* Takes the reference to @obj. */
void qlist_append_obj(QList *qlist, QObject *obj);
void qlist_append_int(QList *qlist, int64_t value);
void qlist_append_bool(QList *qlist, bool value);
void qlist_append_str(QList *qlist, const char *value);
void qlist_append_null(QList *qlist);
/* The first element, removed: the caller's reference; NULL if empty. */
QObject *qlist_pop(QList *qlist);
/* The first element, borrowed; NULL if empty. */
QObject *qlist_peek(QList *qlist);
int qlist_empty(const QList *qlist);
size_t qlist_size(const QList *qlist);

static inline const QListEntry *qlist_first(const QList *qlist)
{
    return QTAILQ_FIRST(&qlist->head);
}

static inline const QListEntry *qlist_next(const QListEntry *entry)
{
    return QTAILQ_NEXT(entry, next);
}

G_END_DECLS

#endif /* QLIST_H */
