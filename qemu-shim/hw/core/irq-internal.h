/*
 * The private layout of a qemu_irq, shared by hw/core files only (QEMU 7.2
 * keeps struct IRQState private to hw/core/irq.c).
 */
#ifndef HW_CORE_IRQ_INTERNAL_H
#define HW_CORE_IRQ_INTERNAL_H

#include "qom/object.h"

struct IRQState {
    Object parent_obj;

    qemu_irq_handler handler;
    void *opaque;
    int n;

    /* qemu_irq_intercept_in(): a line with the original handler. */
    struct IRQState *saved;
    /* Intercept hooks: their state (g_free'd with the line) ... */
    void *hook;
    /* ... and the line an intercepted output used to drive (a reference). */
    Object *forward;
};

typedef struct IRQState IRQState;

#endif /* HW_CORE_IRQ_INTERNAL_H */
