/*
 * VMState registration and the whole-state stream, framed as QEMU 7.2's
 * savevm.c frames a precopy migration: header, configuration, one FULL
 * section per device with its footer, EOF. Section names and instance ids
 * follow QEMU's rules so that a device's section matches real QEMU's.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"
#include "qapi/error.h"
#include "vmstate-internal.h"

typedef struct SaveStateEntry {
    char idstr[256];
    uint32_t instance_id;
    int alias_id;
    int version_id;
    uint32_t section_id;
    uint32_t load_section_id;
    const VMStateDescription *vmsd;
    void *opaque;
} SaveStateEntry;

static struct {
    GList *handlers;            /* SaveStateEntry, highest priority first */
    uint32_t global_section_id;
    QemuShimVMStateIfGetId get_id;
    char *machine;
    uint32_t target_page_bits;
    uint32_t target_page_bits_min;
} savevm_state = {
    .target_page_bits = 12,
    .target_page_bits_min = 10,
};

void qemu_shim_vmstate_set_if_id(QemuShimVMStateIfGetId get_id)
{
    savevm_state.get_id = get_id;
}

void qemu_shim_savevm_set_machine(const char *name, uint32_t target_page_bits,
                                  uint32_t target_page_bits_min)
{
    g_free(savevm_state.machine);
    savevm_state.machine = g_strdup(name);
    savevm_state.target_page_bits = target_page_bits;
    savevm_state.target_page_bits_min = target_page_bits_min;
}

const char *qemu_shim_savevm_get_machine(void)
{
    return savevm_state.machine ? savevm_state.machine : "virt-7.2";
}

/* ---- Registration ---- */

static SaveStateEntry *find_se(const char *idstr, uint32_t instance_id)
{
    GList *l;

    for (l = savevm_state.handlers; l; l = l->next) {
        SaveStateEntry *se = (SaveStateEntry *)l->data;

        if (strcmp(se->idstr, idstr) == 0 &&
            (se->instance_id == instance_id ||
             (se->alias_id >= 0 && (uint32_t)se->alias_id == instance_id))) {
            return se;
        }
    }
    return NULL;
}

/* The next instance number after those already taken by @idstr. */
static uint32_t calculate_new_instance_id(const char *idstr)
{
    uint32_t instance_id = 0;
    GList *l;

    for (l = savevm_state.handlers; l; l = l->next) {
        SaveStateEntry *se = (SaveStateEntry *)l->data;

        if (strcmp(se->idstr, idstr) == 0 && instance_id <= se->instance_id) {
            instance_id = se->instance_id + 1;
        }
    }
    return instance_id;
}

/* Higher priority first, registration order among equals (as QEMU). */
static void savevm_state_handler_insert(SaveStateEntry *nse)
{
    GList *l;

    for (l = savevm_state.handlers; l; l = l->next) {
        SaveStateEntry *se = (SaveStateEntry *)l->data;

        if (se->vmsd->priority < nse->vmsd->priority) {
            break;
        }
    }
    savevm_state.handlers = g_list_insert_before(savevm_state.handlers, l,
                                                 nse);
}

static SaveStateEntry *register_entry(const char *id, uint32_t instance_id,
                                      const VMStateDescription *vmsd,
                                      void *opaque, Error **errp)
{
    SaveStateEntry *se = g_new0(SaveStateEntry, 1);
    int len;

    len = id ? snprintf(se->idstr, sizeof(se->idstr), "%s/%s", id, vmsd->name)
             : snprintf(se->idstr, sizeof(se->idstr), "%s", vmsd->name);
    if (len < 0 || (size_t)len >= sizeof(se->idstr)) {
        error_setg(errp, "Path too long for VMState (%s/%s)", id ? id : "",
                   vmsd->name);
        g_free(se);
        return NULL;
    }
    if (instance_id == (uint32_t)VMSTATE_INSTANCE_ID_ANY) {
        instance_id = calculate_new_instance_id(se->idstr);
    } else if (find_se(se->idstr, instance_id)) {
        error_setg(errp, "VMState section '%s' instance %" PRIu32
                   " is already registered", se->idstr, instance_id);
        g_free(se);
        return NULL;
    }
    se->instance_id = instance_id;
    se->alias_id = -1;
    se->version_id = vmsd->version_id;
    se->section_id = savevm_state.global_section_id++;
    se->vmsd = vmsd;
    se->opaque = opaque;
    savevm_state_handler_insert(se);
    return se;
}

int qemu_shim_vmstate_register_with_id(const char *id, uint32_t instance_id,
                                       const VMStateDescription *vmsd,
                                       void *opaque, Error **errp)
{
    return register_entry(id, instance_id, vmsd, opaque, errp) ? 0 : -1;
}

int vmstate_register_with_alias_id(VMStateIf *obj, uint32_t instance_id,
                                   const VMStateDescription *vmsd,
                                   void *opaque, int alias_id,
                                   int required_for_version,
                                   Error **errp)
{
    g_autofree char *id = NULL;
    SaveStateEntry *se;

    (void)required_for_version;
    if (obj) {
        if (!savevm_state.get_id) {
            error_setg(errp, "cannot name the VMState section of '%s': no"
                       " VMStateIf implementation is installed", vmsd->name);
            return -1;
        }
        id = savevm_state.get_id(obj);
    }
    se = register_entry(id, instance_id, vmsd, opaque, errp);
    if (!se) {
        return -1;
    }
    se->alias_id = alias_id;
    return 0;
}

void vmstate_unregister(VMStateIf *obj, const VMStateDescription *vmsd,
                        void *opaque)
{
    GList *l = savevm_state.handlers;

    (void)obj;
    while (l) {
        GList *next = l->next;
        SaveStateEntry *se = (SaveStateEntry *)l->data;

        if (se->vmsd == vmsd && se->opaque == opaque) {
            savevm_state.handlers = g_list_delete_link(savevm_state.handlers,
                                                       l);
            g_free(se);
        }
        l = next;
    }
}

/* ---- The configuration section ---- */

typedef struct SaveState {
    uint32_t len;
    uint8_t *name;
    uint32_t target_page_bits;
} SaveState;

static bool target_page_bits_needed(void *opaque)
{
    SaveState *s = (SaveState *)opaque;

    return s->target_page_bits != savevm_state.target_page_bits_min;
}

static const VMStateDescription vmstate_target_page_bits = {
    .name = "configuration/target-page-bits",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = target_page_bits_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(target_page_bits, SaveState),
        VMSTATE_END_OF_LIST()
    },
};

/* A stream without the subsection comes from a minimum-page-bits source. */
static int configuration_pre_load(void *opaque)
{
    SaveState *s = (SaveState *)opaque;

    g_free(s->name);
    s->name = NULL;
    s->target_page_bits = savevm_state.target_page_bits_min;
    return 0;
}

static const VMStateDescription vmstate_configuration = {
    .name = "configuration",
    .version_id = 1,
    .pre_load = configuration_pre_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(len, SaveState),
        VMSTATE_VBUFFER_ALLOC_UINT32(name, SaveState, 0, NULL, len),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_target_page_bits,
        NULL
    },
};

static int save_configuration(QEMUFile *f, Error **errp)
{
    const char *machine = qemu_shim_savevm_get_machine();
    SaveState s = {
        .len = (uint32_t)strlen(machine),
        .name = (uint8_t *)machine,
        .target_page_bits = savevm_state.target_page_bits,
    };

    qemu_put_byte(f, QEMU_VM_CONFIGURATION);
    return qemu_shim_vmstate_save(f, &vmstate_configuration, &s, errp);
}

/* Same machine type and page size, as QEMU's configuration_post_load. */
static int load_configuration(QEMUFile *f, Error **errp)
{
    const char *machine = qemu_shim_savevm_get_machine();
    SaveState s = { 0 };
    int ret;

    if (qemu_get_byte(f) != QEMU_VM_CONFIGURATION) {
        error_setg(errp, "Configuration section missing");
        return -EINVAL;
    }
    ret = qemu_shim_vmstate_load_raw(f, &vmstate_configuration, &s, 0, errp);
    if (ret == 0 && (s.len != strlen(machine) ||
                     memcmp(s.name, machine, s.len) != 0)) {
        error_setg(errp, "Machine type received is '%.*s' and local is '%s'",
                   (int)s.len, s.name ? (const char *)s.name : "", machine);
        ret = -EINVAL;
    }
    if (ret == 0 && s.target_page_bits != savevm_state.target_page_bits) {
        error_setg(errp, "Received TARGET_PAGE_BITS is %" PRIu32
                   " but local is %" PRIu32, s.target_page_bits,
                   savevm_state.target_page_bits);
        ret = -EINVAL;
    }
    g_free(s.name);
    return ret;
}

/* ---- Saving the whole state ---- */

static void save_section_header(QEMUFile *f, SaveStateEntry *se)
{
    qemu_put_byte(f, QEMU_VM_SECTION_FULL);
    qemu_put_be32(f, se->section_id);
    qemu_put_counted_string(f, se->idstr);
    qemu_put_be32(f, se->instance_id);
    qemu_put_be32(f, (unsigned int)se->version_id);
}

static void save_section_footer(QEMUFile *f, SaveStateEntry *se)
{
    qemu_put_byte(f, QEMU_VM_SECTION_FOOTER);
    qemu_put_be32(f, se->section_id);
}

/* After EOF, the JSON description of the sections (see vmdesc.c). */
static void save_vmdescription(QEMUFile *f, JSONWriter *vmdesc)
{
    size_t len;
    const char *json = vmdesc_get(vmdesc, &len);

    qemu_put_byte(f, QEMU_VM_VMDESCRIPTION);
    qemu_put_be32(f, (unsigned int)len);
    qemu_put_buffer(f, (const uint8_t *)json, len);
}

int qemu_shim_savevm_state(QEMUFile *f, Error **errp)
{
    JSONWriter *vmdesc;
    GList *l;
    int ret;

    for (l = savevm_state.handlers; l; l = l->next) {
        SaveStateEntry *se = (SaveStateEntry *)l->data;

        if (se->vmsd->unmigratable) {
            error_setg(errp, "State blocked by non-migratable device '%s'",
                       se->idstr);
            return -EINVAL;
        }
    }

    qemu_put_be32(f, QEMU_VM_FILE_MAGIC);
    qemu_put_be32(f, QEMU_VM_FILE_VERSION);
    ret = save_configuration(f, errp);
    if (ret) {
        return ret;
    }

    vmdesc = vmdesc_new();
    vmdesc_start_object(vmdesc, NULL);
    vmdesc_int64(vmdesc, "page_size", 1LL << savevm_state.target_page_bits);
    vmdesc_start_array(vmdesc, "devices");
    for (l = savevm_state.handlers; l; l = l->next) {
        SaveStateEntry *se = (SaveStateEntry *)l->data;

        if (!vmstate_save_needed(se->vmsd, se->opaque)) {
            continue;
        }
        vmdesc_start_object(vmdesc, NULL);
        vmdesc_str(vmdesc, "name", se->idstr);
        vmdesc_int64(vmdesc, "instance_id", se->instance_id);
        save_section_header(f, se);
        ret = qemu_shim_vmstate_save_desc(f, se->vmsd, se->opaque, vmdesc,
                                          errp);
        if (ret) {
            error_prepend(errp, "saving section '%s': ", se->idstr);
            qemu_file_set_error(f, ret);
            vmdesc_free(vmdesc);
            return ret;
        }
        save_section_footer(f, se);
        vmdesc_end_object(vmdesc);
    }
    vmdesc_end_array(vmdesc);
    vmdesc_end_object(vmdesc);
    qemu_put_byte(f, QEMU_VM_EOF);
    save_vmdescription(f, vmdesc);
    vmdesc_free(vmdesc);

    ret = qemu_file_get_error(f);
    if (ret) {
        error_setg(errp, "migration stream write error: %s", g_strerror(-ret));
    }
    return ret;
}

/* ---- Loading the whole state ---- */

static bool check_section_footer(QEMUFile *f, SaveStateEntry *se,
                                 Error **errp)
{
    int mark = qemu_get_byte(f);
    uint32_t section_id;

    if (qemu_file_get_error(f)) {
        error_setg(errp, "Read section footer failed for %s: the stream ends"
                   " early", se->idstr);
        return false;
    }
    if (mark != QEMU_VM_SECTION_FOOTER) {
        error_setg(errp, "Missing section footer for %s", se->idstr);
        return false;
    }
    section_id = qemu_get_be32(f);
    if (qemu_file_get_error(f)) {
        error_setg(errp, "Read section footer failed for %s: the stream ends"
                   " early", se->idstr);
        return false;
    }
    if (section_id != se->load_section_id) {
        error_setg(errp, "Mismatched section id in footer for %s - read 0x%"
                   PRIx32 " expected 0x%" PRIx32, se->idstr, section_id,
                   se->load_section_id);
        return false;
    }
    return true;
}

/* A SECTION_START or SECTION_FULL header, then (FULL only) its state. */
static int load_section_start_full(QEMUFile *f, int type, Error **errp)
{
    char idstr[256];
    uint32_t section_id, instance_id;
    int version_id, ret;
    SaveStateEntry *se;

    section_id = qemu_get_be32(f);
    if (!qemu_get_counted_string(f, idstr)) {
        error_setg(errp, "Unable to read ID string for section %" PRIu32,
                   section_id);
        return -EINVAL;
    }
    instance_id = qemu_get_be32(f);
    version_id = (int)qemu_get_be32(f);
    if (qemu_file_get_error(f)) {
        error_setg(errp, "Failed to read instance/version ID of section '%s':"
                   " the stream ends early", idstr);
        return -EIO;
    }

    se = find_se(idstr, instance_id);
    if (!se) {
        error_setg(errp, "Unknown savevm section or instance '%s' %" PRIu32
                   ". Make sure that your current VM setup matches your"
                   " saved VM setup, including any hotplugged devices",
                   idstr, instance_id);
        return -EINVAL;
    }
    if (type != QEMU_VM_SECTION_FULL) {
        error_setg(errp, "Section '%s' is iterative (type %d), which the shim"
                   " cannot load", idstr, type);
        return -EINVAL;
    }
    if (version_id > se->version_id) {
        error_setg(errp, "savevm: unsupported version %d for '%s' v%d",
                   version_id, idstr, se->version_id);
        return -EINVAL;
    }
    se->load_section_id = section_id;

    ret = qemu_shim_vmstate_load_raw(f, se->vmsd, se->opaque, version_id,
                                     errp);
    if (ret < 0) {
        error_prepend(errp, "error while loading state for instance 0x%"
                      PRIx32 " of device '%s': ", instance_id, idstr);
        return ret;
    }
    return check_section_footer(f, se, errp) ? 0 : -EINVAL;
}

/* After EOF QEMU sends a JSON description; skip it if it is there. */
static void skip_vmdescription(QEMUFile *f)
{
    uint32_t size;

    if (qemu_peek_byte(f, 0) != QEMU_VM_VMDESCRIPTION ||
        qemu_shim_file_input_remaining(f) < 5) {
        return;
    }
    qemu_file_skip(f, 1);
    size = qemu_get_be32(f);
    qemu_file_skip(f, (int)MIN(size, qemu_shim_file_input_remaining(f)));
}

static int load_sections(QEMUFile *f, Error **errp)
{
    for (;;) {
        int type = qemu_get_byte(f);
        int ret;

        if (qemu_file_get_error(f)) {
            error_setg(errp, "The migration stream ends before QEMU_VM_EOF");
            return -EIO;
        }
        switch (type) {
        case QEMU_VM_SECTION_START:
        case QEMU_VM_SECTION_FULL:
            ret = load_section_start_full(f, type, errp);
            if (ret < 0) {
                return ret;
            }
            break;
        case QEMU_VM_SECTION_PART:
        case QEMU_VM_SECTION_END: {
            uint32_t section_id = qemu_get_be32(f);

            error_setg(errp, "Unknown savevm section %" PRIu32
                       " (iterative section type %d)", section_id, type);
            return -EINVAL;
        }
        case QEMU_VM_COMMAND:
            error_setg(errp, "The shim does not support migration commands"
                       " (QEMU_VM_COMMAND)");
            return -EINVAL;
        case QEMU_VM_EOF:
            skip_vmdescription(f);
            return 0;
        default:
            error_setg(errp, "Unknown savevm section type %d", type);
            return -EINVAL;
        }
    }
}

int qemu_shim_loadvm_state(QEMUFile *f, Error **errp)
{
    GPtrArray *snaps;
    uint32_t v;
    GList *l;
    int ret;

    v = qemu_get_be32(f);
    if (v != QEMU_VM_FILE_MAGIC) {
        error_setg(errp, "Not a migration stream");
        return -EINVAL;
    }
    v = qemu_get_be32(f);
    if (qemu_file_get_error(f)) {
        error_setg(errp, "The migration stream ends inside its header");
        return -EIO;
    }
    if (v == QEMU_VM_FILE_VERSION_COMPAT) {
        error_setg(errp, "SaveVM v2 format is obsolete and don't work anymore");
        return -ENOTSUP;
    }
    if (v != QEMU_VM_FILE_VERSION) {
        error_setg(errp, "Unsupported migration stream version");
        return -ENOTSUP;
    }
    ret = load_configuration(f, errp);
    if (ret) {
        return ret;
    }

    /* All or nothing: snapshot every state, put them all back on failure. */
    snaps = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    for (l = savevm_state.handlers; l; l = l->next) {
        SaveStateEntry *se = (SaveStateEntry *)l->data;
        GBytes *snap = qemu_shim_vmstate_snapshot(se->vmsd, se->opaque, errp);

        if (!snap) {
            error_prepend(errp, "cannot snapshot '%s' before loading: ",
                          se->idstr);
            g_ptr_array_free(snaps, TRUE);
            return -EINVAL;
        }
        g_ptr_array_add(snaps, snap);
    }

    ret = load_sections(f, errp);
    if (ret) {
        guint i = 0;

        qemu_file_set_error(f, ret);
        for (l = savevm_state.handlers; l; l = l->next, i++) {
            SaveStateEntry *se = (SaveStateEntry *)l->data;

            qemu_shim_vmstate_restore(se->vmsd, se->opaque,
                                      (GBytes *)g_ptr_array_index(snaps, i));
        }
    }
    g_ptr_array_free(snaps, TRUE);
    return ret;
}
