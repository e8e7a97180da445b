/*
 * qemu/queue.h - intrusive lists, as in QEMU 7.2 (after BSD's sys/queue.h):
 * QLIST (doubly linked, one-pointer head), QSLIST (singly linked),
 * QSIMPLEQ (singly linked with a tail pointer) and QTAILQ (doubly linked
 * with a tail pointer, walkable backwards). The element embeds the links
 * (the *_ENTRY field); heads and entries have QEMU's layout, so structures
 * declared with these macros are interchangeable with QEMU's.
 */
#ifndef QEMU_SYS_QUEUE_H
#define QEMU_SYS_QUEUE_H

#include "qemu/osdep.h"

/*
 * QLIST. le_prev points at the pointer that points at the element (the
 * head's lh_first or the previous element's le_next), which makes removal
 * O(1) without knowing the head. A removed element has le_prev == NULL.
 */
#define QLIST_HEAD(name, type)                                          \
struct name {                                                           \
    struct type *lh_first;                                              \
}

#define QLIST_HEAD_INITIALIZER(head) { NULL }

#define QLIST_ENTRY(type)                                               \
struct {                                                                \
    struct type *le_next;                                               \
    struct type **le_prev;                                              \
}

#define QLIST_INIT(head) do {                                           \
    (head)->lh_first = NULL;                                            \
} while (0)

#define QLIST_EMPTY(head)               ((head)->lh_first == NULL)
#define QLIST_FIRST(head)               ((head)->lh_first)
#define QLIST_NEXT(elm, field)          ((elm)->field.le_next)
#define QLIST_IS_INSERTED(elm, field)   ((elm)->field.le_prev != NULL)

#define QLIST_INSERT_HEAD(head, elm, field) do {                        \
    (elm)->field.le_next = (head)->lh_first;                            \
    if ((elm)->field.le_next != NULL) {                                 \
        (head)->lh_first->field.le_prev = &(elm)->field.le_next;        \
    }                                                                   \
    (head)->lh_first = (elm);                                           \
    (elm)->field.le_prev = &(head)->lh_first;                           \
} while (0)

#define QLIST_INSERT_AFTER(listelm, elm, field) do {                    \
    (elm)->field.le_next = (listelm)->field.le_next;                    \
    if ((elm)->field.le_next != NULL) {                                 \
        (listelm)->field.le_next->field.le_prev = &(elm)->field.le_next;\
    }                                                                   \
    (listelm)->field.le_next = (elm);                                   \
    (elm)->field.le_prev = &(listelm)->field.le_next;                   \
} while (0)

#define QLIST_INSERT_BEFORE(listelm, elm, field) do {                   \
    (elm)->field.le_prev = (listelm)->field.le_prev;                    \
    (elm)->field.le_next = (listelm);                                   \
    *(listelm)->field.le_prev = (elm);                                  \
    (listelm)->field.le_prev = &(elm)->field.le_next;                   \
} while (0)

#define QLIST_REMOVE(elm, field) do {                                   \
    if ((elm)->field.le_next != NULL) {                                 \
        (elm)->field.le_next->field.le_prev = (elm)->field.le_prev;     \
    }                                                                   \
    *(elm)->field.le_prev = (elm)->field.le_next;                       \
    (elm)->field.le_next = NULL;                                        \
    (elm)->field.le_prev = NULL;                                        \
} while (0)

/* QLIST_REMOVE for an element that may not be on a list. */
#define QLIST_SAFE_REMOVE(elm, field) do {                              \
    if ((elm)->field.le_prev != NULL) {                                 \
        QLIST_REMOVE(elm, field);                                       \
    }                                                                   \
} while (0)

/* Exchange the contents of two list heads. */
#define QLIST_SWAP(dstlist, srclist, field) do {                        \
    __typeof__((srclist)->lh_first) qlist_swap_tmp = (srclist)->lh_first; \
    (srclist)->lh_first = (dstlist)->lh_first;                          \
    if ((srclist)->lh_first != NULL) {                                  \
        (srclist)->lh_first->field.le_prev = &(srclist)->lh_first;      \
    }                                                                   \
    (dstlist)->lh_first = qlist_swap_tmp;                               \
    if ((dstlist)->lh_first != NULL) {                                  \
        (dstlist)->lh_first->field.le_prev = &(dstlist)->lh_first;      \
    }                                                                   \
} while (0)

#define QLIST_FOREACH(var, head, field)                                 \
    for ((var) = (head)->lh_first; (var); (var) = (var)->field.le_next)

/* Walk that allows removing (and freeing) @var: @next_var is read first. */
#define QLIST_FOREACH_SAFE(var, head, field, next_var)                  \
    for ((var) = (head)->lh_first;                                      \
         (var) && ((next_var) = (var)->field.le_next, 1);               \
         (var) = (next_var))

/* QSLIST: one forward pointer per element; removal is O(n). */
#define QSLIST_HEAD(name, type)                                         \
struct name {                                                           \
    struct type *slh_first;                                             \
}

#define QSLIST_HEAD_INITIALIZER(head) { NULL }

#define QSLIST_ENTRY(type)                                              \
struct {                                                                \
    struct type *sle_next;                                              \
}

#define QSLIST_INIT(head) do {                                          \
    (head)->slh_first = NULL;                                           \
} while (0)

#define QSLIST_EMPTY(head)              ((head)->slh_first == NULL)
#define QSLIST_FIRST(head)              ((head)->slh_first)
#define QSLIST_NEXT(elm, field)         ((elm)->field.sle_next)

#define QSLIST_INSERT_HEAD(head, elm, field) do {                       \
    (elm)->field.sle_next = (head)->slh_first;                          \
    (head)->slh_first = (elm);                                          \
} while (0)

#define QSLIST_INSERT_AFTER(slistelm, elm, field) do {                  \
    (elm)->field.sle_next = (slistelm)->field.sle_next;                 \
    (slistelm)->field.sle_next = (elm);                                 \
} while (0)

#define QSLIST_REMOVE_HEAD(head, field) do {                            \
    __typeof__((head)->slh_first) qslist_old = (head)->slh_first;       \
    (head)->slh_first = qslist_old->field.sle_next;                     \
    qslist_old->field.sle_next = NULL;                                  \
} while (0)

#define QSLIST_REMOVE_AFTER(slistelm, field) do {                       \
    __typeof__(slistelm) qslist_old = (slistelm)->field.sle_next;       \
    (slistelm)->field.sle_next = qslist_old->field.sle_next;            \
    qslist_old->field.sle_next = NULL;                                  \
} while (0)

/* Removes @elm, which must be on the list. */
#define QSLIST_REMOVE(head, elm, type, field) do {                      \
    if ((head)->slh_first == (elm)) {                                   \
        QSLIST_REMOVE_HEAD((head), field);                              \
    } else {                                                            \
        struct type *qslist_cur = (head)->slh_first;                    \
        while (qslist_cur->field.sle_next != (elm)) {                   \
            qslist_cur = qslist_cur->field.sle_next;                    \
        }                                                               \
        QSLIST_REMOVE_AFTER(qslist_cur, field);                         \
    }                                                                   \
} while (0)

#define QSLIST_FOREACH(var, head, field)                                \
    for ((var) = (head)->slh_first; (var); (var) = (var)->field.sle_next)

#define QSLIST_FOREACH_SAFE(var, head, field, next_var)                 \
    for ((var) = (head)->slh_first;                                     \
         (var) && ((next_var) = (var)->field.sle_next, 1);              \
         (var) = (next_var))

/*
 * QSIMPLEQ: singly linked with sqh_last pointing at the last element's
 * sqe_next (or at sqh_first when empty), so appending is O(1).
 */
#define QSIMPLEQ_HEAD(name, type)                                       \
struct name {                                                           \
    struct type *sqh_first;                                             \
    struct type **sqh_last;                                             \
}

#define QSIMPLEQ_HEAD_INITIALIZER(head) { NULL, &(head).sqh_first }

#define QSIMPLEQ_ENTRY(type)                                            \
struct {                                                                \
    struct type *sqe_next;                                              \
}

#define QSIMPLEQ_INIT(head) do {                                        \
    (head)->sqh_first = NULL;                                           \
    (head)->sqh_last = &(head)->sqh_first;                              \
} while (0)

#define QSIMPLEQ_EMPTY(head)            ((head)->sqh_first == NULL)
#define QSIMPLEQ_FIRST(head)            ((head)->sqh_first)
#define QSIMPLEQ_NEXT(elm, field)       ((elm)->field.sqe_next)

/* The last element: sqh_last points into it, at its link field. */
#define QSIMPLEQ_LAST(head, type, field)                                \
    (QSIMPLEQ_EMPTY(head) ? NULL :                                      \
     (struct type *)(void *)((char *)((head)->sqh_last) -               \
                             offsetof(struct type, field)))

#define QSIMPLEQ_INSERT_HEAD(head, elm, field) do {                     \
    (elm)->field.sqe_next = (head)->sqh_first;                          \
    if ((elm)->field.sqe_next == NULL) {                                \
        (head)->sqh_last = &(elm)->field.sqe_next;                      \
    }                                                                   \
    (head)->sqh_first = (elm);                                          \
} while (0)

#define QSIMPLEQ_INSERT_TAIL(head, elm, field) do {                     \
    (elm)->field.sqe_next = NULL;                                       \
    *(head)->sqh_last = (elm);                                          \
    (head)->sqh_last = &(elm)->field.sqe_next;                          \
} while (0)

#define QSIMPLEQ_INSERT_AFTER(head, listelm, elm, field) do {           \
    (elm)->field.sqe_next = (listelm)->field.sqe_next;                  \
    if ((elm)->field.sqe_next == NULL) {                                \
        (head)->sqh_last = &(elm)->field.sqe_next;                      \
    }                                                                   \
    (listelm)->field.sqe_next = (elm);                                  \
} while (0)

#define QSIMPLEQ_REMOVE_HEAD(head, field) do {                          \
    __typeof__((head)->sqh_first) qsimpleq_old = (head)->sqh_first;     \
    (head)->sqh_first = qsimpleq_old->field.sqe_next;                   \
    if ((head)->sqh_first == NULL) {                                    \
        (head)->sqh_last = &(head)->sqh_first;                          \
    }                                                                   \
    qsimpleq_old->field.sqe_next = NULL;                                \
} while (0)

/* Removes @elm, which must be on the queue. */
#define QSIMPLEQ_REMOVE(head, elm, type, field) do {                    \
    if ((head)->sqh_first == (elm)) {                                   \
        QSIMPLEQ_REMOVE_HEAD((head), field);                            \
    } else {                                                            \
        struct type *qsimpleq_cur = (head)->sqh_first;                  \
        while (qsimpleq_cur->field.sqe_next != (elm)) {                 \
            qsimpleq_cur = qsimpleq_cur->field.sqe_next;                \
        }                                                               \
        qsimpleq_cur->field.sqe_next = (elm)->field.sqe_next;           \
        if (qsimpleq_cur->field.sqe_next == NULL) {                     \
            (head)->sqh_last = &qsimpleq_cur->field.sqe_next;           \
        }                                                               \
        (elm)->field.sqe_next = NULL;                                   \
    }                                                                   \
} while (0)

/* Moves every element of @head2 to the end of @head1. */
#define QSIMPLEQ_CONCAT(head1, head2) do {                              \
    if (!QSIMPLEQ_EMPTY((head2))) {                                     \
        *(head1)->sqh_last = (head2)->sqh_first;                        \
        (head1)->sqh_last = (head2)->sqh_last;                          \
        QSIMPLEQ_INIT((head2));                                         \
    }                                                                   \
} while (0)

/* Moves every element of @head2 to the front of @head1. */
#define QSIMPLEQ_PREPEND(head1, head2) do {                             \
    if (!QSIMPLEQ_EMPTY((head2))) {                                     \
        *(head2)->sqh_last = (head1)->sqh_first;                        \
        if (QSIMPLEQ_EMPTY((head1))) {                                  \
            (head1)->sqh_last = (head2)->sqh_last;                      \
        }                                                               \
        (head1)->sqh_first = (head2)->sqh_first;                        \
        QSIMPLEQ_INIT((head2));                                         \
    }                                                                   \
} while (0)

#define QSIMPLEQ_FOREACH(var, head, field)                              \
    for ((var) = (head)->sqh_first; (var); (var) = (var)->field.sqe_next)

#define QSIMPLEQ_FOREACH_SAFE(var, head, field, next_var)               \
    for ((var) = (head)->sqh_first;                                     \
         (var) && ((next_var) = (var)->field.sqe_next, 1);              \
         (var) = (next_var))

/*
 * QTAILQ. Every head and entry overlays its forward pointer with a
 * QTailQLink: tql_next aliases tqh_first / tqe_next, and tql_prev points at
 * the previous link (an element's at the link before it, the head's at the
 * last element's link). Walking backwards goes through two tql_prev hops
 * and one tql_next, which is what QTAILQ_LINK_PREV spells out. A removed
 * element has tql_prev == NULL (QTAILQ_IN_USE).
 */
typedef struct QTailQLink {
    void *tql_next;
    struct QTailQLink *tql_prev;
} QTailQLink;

#define QTAILQ_HEAD(name, type)                                         \
union name {                                                            \
    struct type *tqh_first;                                             \
    QTailQLink tqh_circ;                                                \
}

#define QTAILQ_HEAD_INITIALIZER(head) { .tqh_circ = { NULL, &(head).tqh_circ } }

#define QTAILQ_ENTRY(type)                                              \
union {                                                                 \
    struct type *tqe_next;                                              \
    QTailQLink tqe_circ;                                                \
}

#define QTAILQ_INIT(head) do {                                          \
    (head)->tqh_first = NULL;                                           \
    (head)->tqh_circ.tql_prev = &(head)->tqh_circ;                      \
} while (0)

#define QTAILQ_EMPTY(head)              ((head)->tqh_first == NULL)
#define QTAILQ_FIRST(head)              ((head)->tqh_first)
#define QTAILQ_NEXT(elm, field)         ((elm)->field.tqe_next)
#define QTAILQ_IN_USE(elm, field)       ((elm)->field.tqe_circ.tql_prev != NULL)

#define QTAILQ_LINK_PREV(link)          ((link).tql_prev->tql_prev->tql_next)
#define QTAILQ_LAST(head)                                               \
    ((__typeof__((head)->tqh_first))QTAILQ_LINK_PREV((head)->tqh_circ))
#define QTAILQ_PREV(elm, field)                                         \
    ((__typeof__((elm)->field.tqe_next))QTAILQ_LINK_PREV((elm)->field.tqe_circ))

#define QTAILQ_INSERT_HEAD(head, elm, field) do {                       \
    (elm)->field.tqe_next = (head)->tqh_first;                          \
    if ((elm)->field.tqe_next != NULL) {                                \
        (head)->tqh_first->field.tqe_circ.tql_prev = &(elm)->field.tqe_circ; \
    } else {                                                            \
        (head)->tqh_circ.tql_prev = &(elm)->field.tqe_circ;             \
    }                                                                   \
    (head)->tqh_first = (elm);                                          \
    (elm)->field.tqe_circ.tql_prev = &(head)->tqh_circ;                 \
} while (0)

#define QTAILQ_INSERT_TAIL(head, elm, field) do {                       \
    (elm)->field.tqe_next = NULL;                                       \
    (elm)->field.tqe_circ.tql_prev = (head)->tqh_circ.tql_prev;         \
    (head)->tqh_circ.tql_prev->tql_next = (elm);                        \
    (head)->tqh_circ.tql_prev = &(elm)->field.tqe_circ;                 \
} while (0)

#define QTAILQ_INSERT_AFTER(head, listelm, elm, field) do {             \
    (elm)->field.tqe_next = (listelm)->field.tqe_next;                  \
    if ((elm)->field.tqe_next != NULL) {                                \
        (elm)->field.tqe_next->field.tqe_circ.tql_prev =                \
            &(elm)->field.tqe_circ;                                     \
    } else {                                                            \
        (head)->tqh_circ.tql_prev = &(elm)->field.tqe_circ;             \
    }                                                                   \
    (listelm)->field.tqe_next = (elm);                                  \
    (elm)->field.tqe_circ.tql_prev = &(listelm)->field.tqe_circ;        \
} while (0)

#define QTAILQ_INSERT_BEFORE(listelm, elm, field) do {                  \
    (elm)->field.tqe_circ.tql_prev = (listelm)->field.tqe_circ.tql_prev; \
    (elm)->field.tqe_next = (listelm);                                  \
    (listelm)->field.tqe_circ.tql_prev->tql_next = (elm);               \
    (listelm)->field.tqe_circ.tql_prev = &(elm)->field.tqe_circ;        \
} while (0)

#define QTAILQ_REMOVE(head, elm, field) do {                            \
    if ((elm)->field.tqe_next != NULL) {                                \
        (elm)->field.tqe_next->field.tqe_circ.tql_prev =                \
            (elm)->field.tqe_circ.tql_prev;                             \
    } else {                                                            \
        (head)->tqh_circ.tql_prev = (elm)->field.tqe_circ.tql_prev;     \
    }                                                                   \
    (elm)->field.tqe_circ.tql_prev->tql_next = (elm)->field.tqe_next;   \
    (elm)->field.tqe_circ.tql_prev = NULL;                              \
    (elm)->field.tqe_next = NULL;                                       \
} while (0)

/* Moves every element of @head2 to the end of @head1. */
#define QTAILQ_CONCAT(head1, head2, field) do {                         \
    if (!QTAILQ_EMPTY(head2)) {                                         \
        (head1)->tqh_circ.tql_prev->tql_next = (head2)->tqh_first;      \
        (head2)->tqh_first->field.tqe_circ.tql_prev =                   \
            (head1)->tqh_circ.tql_prev;                                 \
        (head1)->tqh_circ.tql_prev = (head2)->tqh_circ.tql_prev;        \
        QTAILQ_INIT((head2));                                           \
    }                                                                   \
} while (0)

#define QTAILQ_FOREACH(var, head, field)                                \
    for ((var) = (head)->tqh_first; (var); (var) = (var)->field.tqe_next)

#define QTAILQ_FOREACH_SAFE(var, head, field, next_var)                 \
    for ((var) = (head)->tqh_first;                                     \
         (var) && ((next_var) = (var)->field.tqe_next, 1);              \
         (var) = (next_var))

#define QTAILQ_FOREACH_REVERSE(var, head, field)                        \
    for ((var) = QTAILQ_LAST(head); (var); (var) = QTAILQ_PREV(var, field))

#define QTAILQ_FOREACH_REVERSE_SAFE(var, head, field, prev_var)         \
    for ((var) = QTAILQ_LAST(head);                                     \
         (var) && ((prev_var) = QTAILQ_PREV(var, field), 1);            \
         (var) = (prev_var))

#endif /* QEMU_SYS_QUEUE_H */
