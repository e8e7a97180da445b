/*
 * Interrupt lines: qemu_irq objects (TYPE_IRQ) and their helpers.
 * Also the shim's per-line intercept state used by qtest-style hooks.
 */
#include "qemu/osdep.h"
#include "hw/irq.h"
#include "qom/object.h"
#include "irq-internal.h"

DECLARE_INSTANCE_CHECKER(IRQState, IRQ, TYPE_IRQ)

void qemu_set_irq(qemu_irq irq, int level)
{
    if (!irq) {
        return;
    }
    irq->handler(irq->opaque, irq->n, level);
}

static void init_irq_fields(IRQState *irq, qemu_irq_handler handler,
                            void *opaque, int n)
{
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
}

qemu_irq *qemu_extend_irqs(qemu_irq *old, int n_old, qemu_irq_handler handler,
                           void *opaque, int n)
{
    qemu_irq *s;
    int i;

    if (!old) {
        n_old = 0;
    }
    s = old ? g_renew(qemu_irq, old, n_old + n) : g_new(qemu_irq, n);
    for (i = n_old; i < n + n_old; i++) {
        s[i] = qemu_allocate_irq(handler, opaque, i);
    }
    return s;
}

qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n)
{
    return qemu_extend_irqs(NULL, 0, handler, opaque, n);
}

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n)
{
    IRQState *irq = IRQ(object_new(TYPE_IRQ));

    init_irq_fields(irq, handler, opaque, n);
    return irq;
}

void qemu_free_irqs(qemu_irq *s, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        qemu_free_irq(s[i]);
    }
    g_free(s);
}

void qemu_free_irq(qemu_irq irq)
{
    object_unref(OBJECT(irq));
}

static void qemu_notirq(void *opaque, int line G_GNUC_UNUSED, int level)
{
    qemu_irq irq = (qemu_irq)opaque;

    qemu_set_irq(irq, !level);
}

qemu_irq qemu_irq_invert(qemu_irq irq)
{
    /* The inverted line starts high, as its input is assumed low. */
    qemu_irq_raise(irq);
    return qemu_allocate_irq(qemu_notirq, irq, 0);
}

void qemu_irq_intercept_in(qemu_irq *gpio_in, qemu_irq_handler handler, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        IRQState *irq = gpio_in[i];
        /* A copy of the line that still reaches the original handler. */
        IRQState *saved = IRQ(object_new(TYPE_IRQ));

        init_irq_fields(saved, irq->handler, irq->opaque, irq->n);
        if (irq->saved) {
            object_unref(OBJECT(irq->saved));
        }
        irq->saved = saved;
        irq->handler = handler;
        irq->opaque = &irq->saved;
    }
}

static void irq_finalize(Object *obj)
{
    IRQState *irq = IRQ(obj);

    if (irq->saved) {
        object_unref(OBJECT(irq->saved));
    }
    if (irq->forward) {
        object_unref(irq->forward);
    }
    g_free(irq->hook);
}

static const TypeInfo irq_type_info = {
    .name = TYPE_IRQ,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(IRQState),
    .instance_finalize = irq_finalize,
};

static void irq_register_types(void)
{
    type_register_static(&irq_type_info);
}

type_init(irq_register_types)
