/*
 * Machine-wide reset handlers (sysemu/reset.h), called in registration
 * order by qemu_devices_reset().
 */
#include "qemu/osdep.h"
#include "sysemu/reset.h"

typedef struct QEMUResetEntry {
    QEMUResetHandler *func;
    void *opaque;
} QEMUResetEntry;

static GList *reset_handlers;

void qemu_register_reset(QEMUResetHandler *func, void *opaque)
{
    QEMUResetEntry *re = g_new0(QEMUResetEntry, 1);

    re->func = func;
    re->opaque = opaque;
    reset_handlers = g_list_append(reset_handlers, re);
}

void qemu_unregister_reset(QEMUResetHandler *func, void *opaque)
{
    GList *l;

    for (l = reset_handlers; l; l = l->next) {
        QEMUResetEntry *re = (QEMUResetEntry *)l->data;

        if (re->func == func && re->opaque == opaque) {
            reset_handlers = g_list_delete_link(reset_handlers, l);
            g_free(re);
            return;
        }
    }
}

void qemu_devices_reset(void)
{
    GList *l, *next;

    /* A handler may unregister itself: fetch the next link first. */
    for (l = reset_handlers; l; l = next) {
        QEMUResetEntry *re = (QEMUResetEntry *)l->data;

        next = l->next;
        re->func(re->opaque);
    }
}
