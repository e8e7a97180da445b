/*
 * The VMState engine: walks a VMStateDescription to write or read a
 * device's fields and subsections in QEMU 7.2's wire format. Unlike QEMU it
 * bounds every count and size that comes from the stream, and a failed load
 * puts the device back as it was (from a snapshot taken before loading).
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "vmstate-internal.h"

static char *info_reason;
static bool restoring;

bool vmstate_info_restoring(void)
{
    return restoring;
}

void vmstate_info_set_reason(const char *fmt, ...)
{
    va_list ap;

    g_free(info_reason);
    va_start(ap, fmt);
    info_reason = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

char *vmstate_info_take_reason(void)
{
    char *r = info_reason;

    info_reason = NULL;
    return r;
}

/* Whether a field is in the stream at this version (QEMU's rule). */
static bool vmstate_field_present(const VMStateField *field, void *opaque,
                                  int version_id)
{
    if (field->field_exists) {
        return field->field_exists(opaque, version_id);
    }
    return field->version_id <= version_id;
}

/*
 * The element count, read from the struct for variable arrays. A count
 * that is negative or beyond the array's capacity (.num, when the shim
 * knows it) is an error, never an out-of-bounds access.
 */
static bool vmstate_n_elems(void *opaque, const VMStateDescription *vmsd,
                            const VMStateField *field, int64_t *n,
                            Error **errp)
{
    const uint8_t *p = (const uint8_t *)opaque + field->num_offset;
    bool varray = true;

    if (field->flags & VMS_ARRAY) {
        *n = field->num;
        varray = false;
    } else if (field->flags & VMS_VARRAY_INT32) {
        int32_t v;

        memcpy(&v, p, sizeof(v));
        *n = v;
    } else if (field->flags & VMS_VARRAY_UINT32) {
        uint32_t v;

        memcpy(&v, p, sizeof(v));
        *n = v;
    } else if (field->flags & VMS_VARRAY_UINT16) {
        uint16_t v;

        memcpy(&v, p, sizeof(v));
        *n = v;
    } else if (field->flags & VMS_VARRAY_UINT8) {
        *n = *p;
    } else {
        *n = 1;
        varray = false;
    }
    if (field->flags & VMS_MULTIPLY_ELEMENTS) {
        *n *= field->num;
    }
    if (*n < 0 || *n > INT32_MAX) {
        error_setg(errp, "%s/%s: invalid element count %" PRId64,
                   vmsd->name, field->name, *n);
        return false;
    }
    if (varray && field->num > 0 && *n > field->num) {
        error_setg(errp, "%s/%s: element count %" PRId64
                   " exceeds the array's %d elements",
                   vmsd->name, field->name, *n, field->num);
        return false;
    }
    return true;
}

/* The size of one element; VMS_VBUFFER takes it from the struct. */
static bool vmstate_size(void *opaque, const VMStateDescription *vmsd,
                         const VMStateField *field, size_t *size,
                         Error **errp)
{
    int32_t v;

    if (!(field->flags & VMS_VBUFFER)) {
        *size = field->size;
        return true;
    }
    memcpy(&v, (const uint8_t *)opaque + field->size_offset, sizeof(v));
    if (v < 0) {
        error_setg(errp, "%s/%s: invalid buffer size %" PRId32,
                   vmsd->name, field->name, v);
        return false;
    }
    *size = (size_t)v;
    if (field->flags & VMS_MULTIPLY) {
        *size *= field->size;
    }
    return true;
}

/* ---- Saving ---- */

static int vmstate_save_fields(QEMUFile *f, const VMStateDescription *vmsd,
                               void *opaque, int version_id,
                               bool all_subsections, JSONWriter *vmdesc,
                               Error **errp);

static int vmstate_save_subsections(QEMUFile *f,
                                    const VMStateDescription *vmsd,
                                    void *opaque, bool all_subsections,
                                    JSONWriter *vmdesc, Error **errp)
{
    const VMStateDescription * const *sub;
    bool found = false;

    for (sub = vmsd->subsections; sub && *sub; sub++) {
        const VMStateDescription *s = *sub;
        int ret;

        if (!all_subsections && !vmstate_save_needed(s, opaque)) {
            continue;
        }
        if (strlen(s->name) > 255) {
            error_setg(errp, "%s: subsection name '%s' is too long",
                       vmsd->name, s->name);
            return -EINVAL;
        }
        if (vmdesc) {
            if (!found) {
                vmdesc_start_array(vmdesc, "subsections");
            }
            vmdesc_start_object(vmdesc, NULL);
        }
        found = true;
        qemu_put_byte(f, QEMU_VM_SUBSECTION);
        qemu_put_counted_string(f, s->name);
        qemu_put_be32(f, (unsigned int)s->version_id);
        ret = vmstate_save_fields(f, s, opaque, s->version_id,
                                  all_subsections, vmdesc, errp);
        if (ret) {
            return ret;
        }
        if (vmdesc) {
            vmdesc_end_object(vmdesc);
        }
    }
    if (vmdesc && found) {
        vmdesc_end_array(vmdesc);
    }
    return 0;
}

/*
 * Whether the description may list one element for the whole array (QEMU's
 * vmsd_can_compress): not when elements can differ in shape.
 */
static bool vmdesc_can_compress(const VMStateField *field)
{
    const VMStateField *sfield;

    if (field->field_exists) {
        return false;
    }
    if (field->flags & VMS_STRUCT) {
        for (sfield = field->vmsd->fields; sfield && sfield->name; sfield++) {
            if (!vmdesc_can_compress(sfield)) {
                return false;
            }
        }
        if (field->vmsd->subsections) {
            return false;
        }
    }
    return true;
}

static void vmdesc_field_start(JSONWriter *vmdesc, const VMStateField *field,
                               int64_t i, int64_t n)
{
    bool structs = field->flags & (VMS_STRUCT | VMS_VSTRUCT);

    vmdesc_start_object(vmdesc, NULL);
    vmdesc_str(vmdesc, "name", field->name);
    if (n > 1) {
        if (vmdesc_can_compress(field)) {
            vmdesc_int64(vmdesc, "array_len", n);
        } else {
            vmdesc_int64(vmdesc, "index", i);
        }
    }
    vmdesc_str(vmdesc, "type", structs ? "struct" : field->info->name);
    if (structs) {
        vmdesc_start_object(vmdesc, "struct");
    }
}

static void vmdesc_field_end(JSONWriter *vmdesc, const VMStateField *field,
                             int64_t size)
{
    if (field->flags & (VMS_STRUCT | VMS_VSTRUCT)) {
        vmdesc_end_object(vmdesc);
    }
    vmdesc_int64(vmdesc, "size", size);
    vmdesc_end_object(vmdesc);
}

static int vmstate_save_field(QEMUFile *f, const VMStateDescription *vmsd,
                              const VMStateField *field, void *opaque,
                              bool all_subsections, JSONWriter *vmdesc,
                              Error **errp)
{
    uint8_t *first = (uint8_t *)opaque + field->offset;
    int64_t n, i;
    size_t size;

    if (!vmstate_n_elems(opaque, vmsd, field, &n, errp) ||
        !vmstate_size(opaque, vmsd, field, &size, errp)) {
        return -EINVAL;
    }
    if (field->flags & VMS_POINTER) {
        first = *(uint8_t **)first;
        if (!first && n && size) {
            error_setg(errp, "%s/%s: NULL pointer", vmsd->name, field->name);
            return -EINVAL;
        }
    }
    for (i = 0; i < n; i++) {
        uint8_t *elem = first + size * (size_t)i;
        int64_t start = qemu_file_total_transferred(f);
        int ret;

        if (field->flags & VMS_ARRAY_OF_POINTER) {
            elem = *(uint8_t **)elem;
        }
        if (vmdesc) {
            vmdesc_field_start(vmdesc, field, i, n);
        }
        if (!elem && size) {
            ret = vmstate_info_nullptr.put(f, NULL, size, NULL, NULL);
        } else if (field->flags & (VMS_STRUCT | VMS_VSTRUCT)) {
            int v = field->flags & VMS_VSTRUCT ? field->struct_version_id
                                               : field->vmsd->version_id;

            ret = vmstate_save_fields(f, field->vmsd, elem, v,
                                      all_subsections, vmdesc, errp);
            if (ret) {
                error_prepend(errp, "%s/%s: ", vmsd->name, field->name);
                return ret;
            }
        } else {
            ret = field->info->put(f, elem, size, field, NULL);
        }
        if (ret) {
            error_setg(errp, "Save of field %s/%s failed", vmsd->name,
                       field->name);
            return ret;
        }
        if (vmdesc) {
            vmdesc_field_end(vmdesc, field,
                             qemu_file_total_transferred(f) - start);
            if (vmdesc_can_compress(field)) {
                vmdesc = NULL;      /* one entry stands for the array */
            }
        }
    }
    return 0;
}

static int vmstate_save_fields(QEMUFile *f, const VMStateDescription *vmsd,
                               void *opaque, int version_id,
                               bool all_subsections, JSONWriter *vmdesc,
                               Error **errp)
{
    const VMStateField *field;
    int ret = 0;

    if (vmsd->pre_save) {
        ret = vmsd->pre_save(opaque);
        if (ret) {
            error_setg(errp, "%s: pre_save failed: %d", vmsd->name, ret);
            return ret;
        }
    }
    if (vmdesc) {
        vmdesc_str(vmdesc, "vmsd_name", vmsd->name);
        vmdesc_int64(vmdesc, "version", version_id);
        vmdesc_start_array(vmdesc, "fields");
    }
    for (field = vmsd->fields; field && field->name; field++) {
        if (vmstate_field_present(field, opaque, version_id)) {
            ret = vmstate_save_field(f, vmsd, field, opaque,
                                     all_subsections, vmdesc, errp);
        } else if (field->flags & VMS_MUST_EXIST) {
            error_setg(errp, "Output state validation failed: %s/%s",
                       vmsd->name, field->name);
            ret = -EINVAL;
        }
        if (ret) {
            break;
        }
    }
    if (vmdesc) {
        vmdesc_end_array(vmdesc);
    }
    if (!ret) {
        ret = vmstate_save_subsections(f, vmsd, opaque, all_subsections,
                                       vmdesc, errp);
    }
    if (vmsd->post_save) {
        vmsd->post_save(opaque);
    }
    if (!ret && qemu_file_get_error(f)) {
        ret = qemu_file_get_error(f);
        error_setg(errp, "%s: write error: %s", vmsd->name, g_strerror(-ret));
    }
    return ret;
}

bool vmstate_save_needed(const VMStateDescription *vmsd, void *opaque)
{
    return !vmsd->needed || vmsd->needed(opaque);
}

int qemu_shim_vmstate_save_desc(QEMUFile *f, const VMStateDescription *vmsd,
                                void *opaque, JSONWriter *vmdesc,
                                Error **errp)
{
    return vmstate_save_fields(f, vmsd, opaque, vmsd->version_id, false,
                               vmdesc, errp);
}

int qemu_shim_vmstate_save(QEMUFile *f, const VMStateDescription *vmsd,
                           void *opaque, Error **errp)
{
    return vmstate_save_fields(f, vmsd, opaque, vmsd->version_id, false,
                               NULL, errp);
}

int vmstate_save_state_v(QEMUFile *f, const VMStateDescription *vmsd,
                         void *opaque, JSONWriter *vmdesc, int version_id)
{
    Error *err = NULL;
    int ret = vmstate_save_fields(f, vmsd, opaque, version_id, false, vmdesc,
                                  &err);

    if (err) {
        error_report_err(err);
    }
    return ret;
}

int vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, JSONWriter *vmdesc)
{
    return vmstate_save_state_v(f, vmsd, opaque, vmdesc, vmsd->version_id);
}

/* ---- Loading ---- */

static int vmstate_load_fields(QEMUFile *f, const VMStateDescription *vmsd,
                               void *opaque, int version_id, Error **errp);

static const VMStateDescription *
vmstate_find_subsection(const VMStateDescription * const *sub,
                        const char *idstr)
{
    for (; sub && *sub; sub++) {
        if (strcmp(idstr, (*sub)->name) == 0) {
            return *sub;
        }
    }
    return NULL;
}

/*
 * Subsections follow the fields, each as QEMU_VM_SUBSECTION, a counted
 * name and a be32 version. A name that does not start with vmsd->name
 * belongs to an enclosing description: stop and let it look.
 */
static int vmstate_load_subsections(QEMUFile *f,
                                    const VMStateDescription *vmsd,
                                    void *opaque, Error **errp)
{
    size_t prefix = strlen(vmsd->name);

    while (qemu_peek_byte(f, 0) == QEMU_VM_SUBSECTION) {
        size_t len = (size_t)qemu_peek_byte(f, 1);
        const VMStateDescription *sub;
        char idstr[256];
        uint8_t *name;
        int version_id, ret;

        if (qemu_shim_file_input_remaining(f) < 2) {
            error_setg(errp, "%s: the stream ends inside a subsection header",
                       vmsd->name);
            return -EIO;
        }
        if (len < prefix + 1) {
            return 0;
        }
        if (qemu_peek_buffer(f, &name, len, 2) != len) {
            error_setg(errp, "%s: the stream ends inside a subsection header",
                       vmsd->name);
            return -EIO;
        }
        memcpy(idstr, name, len);
        idstr[len] = 0;
        if (strncmp(vmsd->name, idstr, prefix) != 0) {
            return 0;
        }
        sub = vmstate_find_subsection(vmsd->subsections, idstr);
        if (!sub) {
            error_setg(errp, "%s: unknown subsection '%s'", vmsd->name, idstr);
            return -ENOENT;
        }
        qemu_file_skip(f, 2 + (int)len);
        version_id = (int)qemu_get_be32(f);
        if (qemu_file_get_error(f)) {
            error_setg(errp, "%s: the stream ends inside a subsection header",
                       vmsd->name);
            return -EIO;
        }
        ret = vmstate_load_fields(f, sub, opaque, version_id, errp);
        if (ret) {
            return ret;
        }
    }
    return 0;
}

/*
 * VMS_ALLOC: allocate the data the stream is about to fill. The stream must
 * still hold at least one byte per element (n * size for plain values), so
 * a corrupt count cannot make us allocate more than the input could fill.
 */
static bool vmstate_alloc(QEMUFile *f, const VMStateDescription *vmsd,
                          const VMStateField *field, void *opaque, int64_t n,
                          size_t size, Error **errp)
{
    size_t remaining = qemu_shim_file_input_remaining(f);
    bool structs = field->flags & (VMS_STRUCT | VMS_VSTRUCT);
    uint64_t total = (uint64_t)n * size;
    void **ptr = (void **)((uint8_t *)opaque + field->offset);

    if (total == 0) {
        *ptr = NULL;
        return true;
    }
    if ((uint64_t)n > remaining || (!structs && total > remaining) ||
        total > SIZE_MAX) {
        error_setg(errp, "%s/%s: %" PRId64 " elements of %zu bytes do not fit"
                   " in the %zu bytes left in the stream", vmsd->name,
                   field->name, n, size, remaining);
        return false;
    }
    *ptr = g_malloc0((size_t)total);
    return true;
}

static int vmstate_load_field(QEMUFile *f, const VMStateDescription *vmsd,
                              const VMStateField *field, void *opaque,
                              Error **errp)
{
    uint8_t *first = (uint8_t *)opaque + field->offset;
    const int varrays = VMS_VARRAY_INT32 | VMS_VARRAY_UINT32 |
                        VMS_VARRAY_UINT16 | VMS_VARRAY_UINT8;
    int64_t n, i;
    size_t size;

    if (!vmstate_n_elems(opaque, vmsd, field, &n, errp) ||
        !vmstate_size(opaque, vmsd, field, &size, errp)) {
        return -EINVAL;
    }
    if (!(field->flags & VMS_ALLOC) &&
        (((field->flags & varrays) && field->num <= 0) ||
         (field->flags & VMS_VBUFFER))) {
        /* The stream may set the count or size; nothing bounds it. */
        error_setg(errp, "%s/%s: cannot load a variable-sized field without"
                   " a capacity (.num) or VMS_ALLOC", vmsd->name, field->name);
        return -EINVAL;
    }
    if (field->flags & VMS_POINTER) {
        if ((field->flags & VMS_ALLOC) &&
            !vmstate_alloc(f, vmsd, field, opaque, n, size, errp)) {
            return -EINVAL;
        }
        first = *(uint8_t **)first;
        if (!first && n && size) {
            error_setg(errp, "%s/%s: NULL pointer", vmsd->name, field->name);
            return -EINVAL;
        }
    }
    for (i = 0; i < n; i++) {
        uint8_t *elem = first + size * (size_t)i;
        int ret;

        if (field->flags & VMS_ARRAY_OF_POINTER) {
            elem = *(uint8_t **)elem;
        }
        if (!elem && size) {
            ret = vmstate_info_nullptr.get(f, NULL, size, NULL);
        } else if (field->flags & (VMS_STRUCT | VMS_VSTRUCT)) {
            int v = field->flags & VMS_VSTRUCT ? field->struct_version_id
                                               : field->vmsd->version_id;

            ret = vmstate_load_fields(f, field->vmsd, elem, v, errp);
            if (ret) {
                error_prepend(errp, "Failed to load %s:%s: ", vmsd->name,
                              field->name);
                return ret;
            }
        } else {
            ret = field->info->get(f, elem, size, field);
        }
        if (ret >= 0) {
            ret = qemu_file_get_error(f);
        }
        if (ret < 0) {
            g_autofree char *reason = vmstate_info_take_reason();

            if (ret == -EIO && !qemu_shim_file_input_remaining(f)) {
                error_setg(errp, "Failed to load %s:%s: the stream ends early",
                           vmsd->name, field->name);
            } else {
                error_setg(errp, "Failed to load %s:%s: %s", vmsd->name,
                           field->name, reason ? reason : g_strerror(-ret));
            }
            return ret;
        }
    }
    return 0;
}

static int vmstate_load_fields(QEMUFile *f, const VMStateDescription *vmsd,
                               void *opaque, int version_id, Error **errp)
{
    const VMStateField *field;
    int ret;

    if (version_id > vmsd->version_id) {
        error_setg(errp, "%s: incoming version_id %d is too new for local"
                   " version_id %d", vmsd->name, version_id,
                   vmsd->version_id);
        return -EINVAL;
    }
    if (version_id < vmsd->minimum_version_id) {
        error_setg(errp, "%s: incoming version_id %d is too old for local"
                   " minimum version_id %d", vmsd->name, version_id,
                   vmsd->minimum_version_id);
        return -EINVAL;
    }
    if (vmsd->pre_load) {
        ret = vmsd->pre_load(opaque);
        if (ret) {
            error_setg(errp, "%s: pre_load failed: %d", vmsd->name, ret);
            return ret;
        }
    }
    for (field = vmsd->fields; field && field->name; field++) {
        if (vmstate_field_present(field, opaque, version_id)) {
            ret = vmstate_load_field(f, vmsd, field, opaque, errp);
            if (ret) {
                return ret;
            }
        } else if ((field->flags & VMS_MUST_EXIST) && !restoring) {
            error_setg(errp, "Input validation failed: %s/%s", vmsd->name,
                       field->name);
            return -EINVAL;
        }
    }
    ret = vmstate_load_subsections(f, vmsd, opaque, errp);
    if (ret) {
        return ret;
    }
    if (vmsd->post_load) {
        ret = vmsd->post_load(opaque, version_id);
        if (ret < 0) {
            error_setg(errp, "%s: post_load rejected the state: %s",
                       vmsd->name, g_strerror(-ret));
            return ret;
        }
    }
    return 0;
}

/* ---- Snapshots: undoing a failed load ---- */

/*
 * The snapshot is the state saved with every subsection, needed or not, so
 * that loading it back also undoes what a failed load did to fields that
 * live in subsections the device would not have sent.
 */
GBytes *qemu_shim_vmstate_snapshot(const VMStateDescription *vmsd,
                                   void *opaque, Error **errp)
{
    QEMUFile *f = qemu_shim_file_new_output();
    const uint8_t *data;
    GBytes *snap = NULL;
    size_t len;

    if (vmstate_save_fields(f, vmsd, opaque, vmsd->version_id, true, NULL,
                            errp) == 0) {
        data = qemu_shim_file_output_data(f, &len);
        snap = g_bytes_new(data, len);
    }
    qemu_fclose(f);
    return snap;
}

void qemu_shim_vmstate_restore(const VMStateDescription *vmsd, void *opaque,
                               GBytes *snap)
{
    gsize len;
    const uint8_t *data = (const uint8_t *)g_bytes_get_data(snap, &len);
    QEMUFile *f = qemu_shim_file_new_input(data, len);
    Error *err = NULL;
    int ret;

    /*
     * The checks of incoming values (_EQUAL, _LE, VMSTATE_VALIDATE) are
     * for foreign streams; the device's own earlier state passes as is.
     */
    restoring = true;
    ret = vmstate_load_fields(f, vmsd, opaque, vmsd->version_id, &err);
    restoring = false;
    if (ret) {
        /* Only a post_load that rejects its own saved state gets here. */
        error_reportf_err(err, "%s: could not restore the state: ",
                          vmsd->name);
    }
    qemu_fclose(f);
}

int qemu_shim_vmstate_load_raw(QEMUFile *f, const VMStateDescription *vmsd,
                               void *opaque, int version_id, Error **errp)
{
    return vmstate_load_fields(f, vmsd, opaque, version_id, errp);
}

int qemu_shim_vmstate_load(QEMUFile *f, const VMStateDescription *vmsd,
                           void *opaque, int version_id, Error **errp)
{
    g_autoptr(GBytes) snap = NULL;
    int ret;

    snap = qemu_shim_vmstate_snapshot(vmsd, opaque, errp);
    if (!snap) {
        error_prepend(errp, "%s: cannot snapshot the state before loading: ",
                      vmsd->name);
        return -EINVAL;
    }
    ret = vmstate_load_fields(f, vmsd, opaque, version_id, errp);
    if (ret) {
        qemu_file_set_error(f, ret);
        qemu_shim_vmstate_restore(vmsd, opaque, snap);
    }
    return ret;
}

int vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, int version_id)
{
    Error *err = NULL;
    int ret = qemu_shim_vmstate_load(f, vmsd, opaque, version_id, &err);

    if (err) {
        error_report_err(err);
    }
    return ret;
}
