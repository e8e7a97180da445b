/*
 * Private to qemu-shim/migration: the engine entry points savevm.c needs,
 * and how a VMStateInfo's get() explains a rejected value (its signature
 * has no Error **, so the reason is parked and attached to the load's
 * Error by the engine).
 */
#ifndef MIGRATION_VMSTATE_INTERNAL_H
#define MIGRATION_VMSTATE_INTERNAL_H

#include "qemu/osdep.h"
#include "migration/vmstate.h"

void vmstate_info_set_reason(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* The parked reason (caller frees), or NULL; clears it. */
char *vmstate_info_take_reason(void);
/* True while a snapshot is put back: checking infos accept any value. */
bool vmstate_info_restoring(void);

/* Load without the snapshot/restore of qemu_shim_vmstate_load(). */
int qemu_shim_vmstate_load_raw(QEMUFile *f, const VMStateDescription *vmsd,
                               void *opaque, int version_id, Error **errp);

/* The state with every subsection, or NULL with *errp set. */
GBytes *qemu_shim_vmstate_snapshot(const VMStateDescription *vmsd,
                                   void *opaque, Error **errp);
/* Put back a snapshot; a failure is reported, not returned. */
void qemu_shim_vmstate_restore(const VMStateDescription *vmsd, void *opaque,
                               GBytes *snap);

/*
 * Save with the JSON description of what is written (see vmdesc.c) added
 * to @vmdesc, as QEMU's vmstate_save_state() does; @vmdesc may be NULL.
 */
int qemu_shim_vmstate_save_desc(QEMUFile *f, const VMStateDescription *vmsd,
                                void *opaque, JSONWriter *vmdesc,
                                Error **errp);

/* The JSON writer behind JSONWriter (vmdesc.c). */
JSONWriter *vmdesc_new(void);
const char *vmdesc_get(JSONWriter *w, size_t *len);
void vmdesc_free(JSONWriter *w);
void vmdesc_start_object(JSONWriter *w, const char *name);
void vmdesc_end_object(JSONWriter *w);
void vmdesc_start_array(JSONWriter *w, const char *name);
void vmdesc_end_array(JSONWriter *w);
void vmdesc_int64(JSONWriter *w, const char *name, int64_t v);
void vmdesc_str(JSONWriter *w, const char *name, const char *v);

#endif /* MIGRATION_VMSTATE_INTERNAL_H */
