/*
 * List helpers for the qdev structures, private to hw/core.
 *
 * The public headers spell out qemu/queue.h's QLIST/QTAILQ layouts (the
 * shim has no qemu/queue.h); these macros do the few list operations qdev,
 * buses and clocks need on them.
 */
#ifndef HW_CORE_QDEV_INTERNAL_H
#define HW_CORE_QDEV_INTERNAL_H

#include "hw/qdev-core.h"

/* Singly-headed doubly-linked list (QLIST layout). */
#define SHIM_LIST_FOREACH(var, head, field) \
    for ((var) = (head)->lh_first; (var); (var) = (var)->field.le_next)

#define SHIM_LIST_FOREACH_SAFE(var, head, field, next_var)          \
    for ((var) = (head)->lh_first;                                  \
         (var) && ((next_var) = (var)->field.le_next, 1);           \
         (var) = (next_var))

#define SHIM_LIST_INSERT_HEAD(head, elm, field) do {                \
        (elm)->field.le_next = (head)->lh_first;                    \
        if ((elm)->field.le_next) {                                 \
            (elm)->field.le_next->field.le_prev =                   \
                &(elm)->field.le_next;                              \
        }                                                           \
        (head)->lh_first = (elm);                                   \
        (elm)->field.le_prev = &(head)->lh_first;                   \
    } while (0)

#define SHIM_LIST_REMOVE(elm, field) do {                           \
        if ((elm)->field.le_next) {                                 \
            (elm)->field.le_next->field.le_prev = (elm)->field.le_prev; \
        }                                                           \
        *(elm)->field.le_prev = (elm)->field.le_next;               \
        (elm)->field.le_next = NULL;                                \
        (elm)->field.le_prev = NULL;                                \
    } while (0)

/* Tail queue (first/last heads, next/prev element links). */
#define SHIM_TAILQ_FOREACH(var, head, field) \
    for ((var) = (head)->tqh_first; (var); (var) = (var)->field.tqe_next)

#define SHIM_TAILQ_INSERT_HEAD(head, elm, field) do {               \
        (elm)->field.tqe_prev = NULL;                               \
        (elm)->field.tqe_next = (head)->tqh_first;                  \
        if ((head)->tqh_first) {                                    \
            (head)->tqh_first->field.tqe_prev = (elm);              \
        } else {                                                    \
            (head)->tqh_last = (elm);                               \
        }                                                           \
        (head)->tqh_first = (elm);                                  \
    } while (0)

#define SHIM_TAILQ_REMOVE(head, elm, field) do {                    \
        if ((elm)->field.tqe_next) {                                \
            (elm)->field.tqe_next->field.tqe_prev = (elm)->field.tqe_prev; \
        } else {                                                    \
            (head)->tqh_last = (elm)->field.tqe_prev;               \
        }                                                           \
        if ((elm)->field.tqe_prev) {                                \
            (elm)->field.tqe_prev->field.tqe_next = (elm)->field.tqe_next; \
        } else {                                                    \
            (head)->tqh_first = (elm)->field.tqe_next;              \
        }                                                           \
    } while (0)

/* bus.c: plugging a device into / out of a bus's child list. */
bool qemu_shim_bus_add_child(BusState *bus, DeviceState *child, Error **errp);
void qemu_shim_bus_remove_child(BusState *bus, DeviceState *child);

/* clock.c / qdev-clock.c */
void qemu_shim_clock_setup_device_paths(DeviceState *dev);

#endif /* HW_CORE_QDEV_INTERNAL_H */
