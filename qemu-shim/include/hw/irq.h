/*
 * hw/irq.h - interrupt lines (qemu_irq), QEMU 7.2 API.
 *
 * A qemu_irq is a QOM object of type TYPE_IRQ holding a handler, an opaque
 * pointer and a line number; setting its level calls the handler. A NULL
 * qemu_irq is a valid, unconnected line: setting it does nothing.
 */
#ifndef HW_IRQ_H
#define HW_IRQ_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

#define TYPE_IRQ "irq"

void qemu_set_irq(qemu_irq irq, int level);

static inline void qemu_irq_raise(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
}

static inline void qemu_irq_lower(qemu_irq irq)
{
    qemu_set_irq(irq, 0);
}

static inline void qemu_irq_pulse(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
    qemu_set_irq(irq, 0);
}

/*
 * Returns an array of n lines numbered 0..n-1, all calling @handler with
 * @opaque. Free with qemu_free_irqs().
 */
qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n);

/* Grows @old (n_old lines) by n lines numbered n_old..n_old+n-1. */
qemu_irq *qemu_extend_irqs(qemu_irq *old, int n_old, qemu_irq_handler handler,
                           void *opaque, int n);

/* One line numbered @n. Free with qemu_free_irq(). */
qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n);

void qemu_free_irqs(qemu_irq *s, int n);
void qemu_free_irq(qemu_irq irq);

/* A new line that sets @irq to the inverse of its own level. */
qemu_irq qemu_irq_invert(qemu_irq irq);

/*
 * Replaces the handler of the n lines in @gpio_in by @handler, whose opaque
 * becomes a pointer to a qemu_irq that still reaches the original handler
 * (qtest's irq_intercept_in does qemu_set_irq(*(qemu_irq *)opaque, level)).
 */
void qemu_irq_intercept_in(qemu_irq *gpio_in, qemu_irq_handler handler, int n);

G_END_DECLS

#endif /* HW_IRQ_H */
