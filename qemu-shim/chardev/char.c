/*
 * char.c - the abstract Chardev type and the back-end side of the API:
 * creation under /chardevs, lookup, writes (with the optional log file),
 * and delivery of input and events to the front end under the BQL.
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "chardev/char-fe.h"
#include "chardev-internal.h"

#define CHARDEVS_PATH "/chardevs"

static Object *get_chardevs_root(void)
{
    return container_get(object_get_root(), CHARDEVS_PATH);
}

bool chr_bql_acquire(void)
{
    if (qemu_mutex_iothread_locked()) {
        return false;
    }
    qemu_mutex_lock_iothread();
    return true;
}

void chr_bql_release(bool taken)
{
    if (taken) {
        qemu_mutex_unlock_iothread();
    }
}

int qemu_chr_be_can_write(Chardev *s)
{
    CharBackend *be = s->be;
    bool taken;
    int ret;

    if (!be || !be->chr_can_read) {
        return 0;
    }
    taken = chr_bql_acquire();
    ret = be->chr_can_read(be->opaque);
    chr_bql_release(taken);
    return ret;
}

void qemu_chr_be_write_impl(Chardev *s, const uint8_t *buf, int len)
{
    CharBackend *be = s->be;
    bool taken;

    if (!be || !be->chr_read) {
        return;
    }
    taken = chr_bql_acquire();
    be->chr_read(be->opaque, buf, len);
    chr_bql_release(taken);
}

void qemu_chr_be_write(Chardev *s, const uint8_t *buf, int len)
{
    qemu_chr_be_write_impl(s, buf, len);
}

void qemu_chr_be_update_read_handlers(Chardev *s, GMainContext *context)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(s);

    s->gcontext = context;
    if (cc->chr_update_read_handler) {
        cc->chr_update_read_handler(s);
    }
}

/* The default ChardevClass::chr_be_event: forward to the front end. */
static void chr_be_event(Chardev *s, QEMUChrEvent event)
{
    CharBackend *be = s->be;
    bool taken;

    if (!be || !be->chr_event) {
        return;
    }
    taken = chr_bql_acquire();
    be->chr_event(be->opaque, event);
    chr_bql_release(taken);
}

void qemu_chr_be_event(Chardev *s, QEMUChrEvent event)
{
    /* Keep track of whether the char device is open. */
    switch (event) {
    case CHR_EVENT_OPENED:
        s->be_open = 1;
        break;
    case CHR_EVENT_CLOSED:
        s->be_open = 0;
        break;
    case CHR_EVENT_BREAK:
    case CHR_EVENT_MUX_IN:
    case CHR_EVENT_MUX_OUT:
        break;
    }
    CHARDEV_GET_CLASS(s)->chr_be_event(s, event);
}

static void qemu_chr_write_log(Chardev *s, const uint8_t *buf, size_t len)
{
    if (s->logfd < 0) {
        return;
    }
    if (chr_fd_write_all(s->logfd, buf, len) < 0) {
        warn_report("chardev '%s': cannot write log file: %s",
                    s->label ? s->label : "", strerror(errno));
    }
}

int qemu_chr_write(Chardev *s, const uint8_t *buf, int len, bool write_all)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(s);
    int offset = 0;
    int res = 0;

    while (offset < len) {
        res = cc->chr_write(s, buf + offset, len - offset);
        if (res < 0 && errno == EAGAIN && write_all) {
            g_usleep(100);
            continue;
        }
        if (res <= 0) {
            break;
        }
        offset += res;
        if (!write_all) {
            break;
        }
    }
    if (offset > 0) {
        qemu_chr_write_log(s, buf, offset);
    }
    return res < 0 ? res : offset;
}

int qemu_chr_wait_connected(Chardev *chr, Error **errp)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);

    if (cc->chr_wait_connected) {
        return cc->chr_wait_connected(chr, errp);
    }
    return 0;
}

int qemu_chr_add_client(Chardev *s, int fd)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(s);

    return cc->chr_add_client ? cc->chr_add_client(s, fd) : -1;
}

bool qemu_chr_has_feature(Chardev *chr, ChardevFeature feature)
{
    return chr->features[0] & (1UL << feature);
}

void qemu_chr_set_feature(Chardev *chr, ChardevFeature feature)
{
    chr->features[0] |= 1UL << feature;
}

Chardev *qemu_chr_find(const char *name)
{
    Object *root = object_resolve_path(CHARDEVS_PATH, NULL);
    Object *obj;

    if (!root || !name) {
        return NULL;
    }
    obj = object_resolve_path_component(root, name);
    return obj ? (Chardev *)object_dynamic_cast(obj, TYPE_CHARDEV) : NULL;
}

void qemu_chr_cleanup(void)
{
    Object *root = object_resolve_path(CHARDEVS_PATH, NULL);

    if (root) {
        object_unparent(root);
    }
}

static bool chr_open_logfile(Chardev *chr, ChardevBackend *backend,
                             Error **errp)
{
    const char *logfile = chardev_opt_get(backend, "logfile");
    bool append;
    int fd;

    if (!chardev_opt_get_bool(backend, "logappend", false, &append, errp)) {
        return false;
    }
    if (!logfile) {
        return true;
    }
    fd = open(logfile, O_WRONLY | O_CREAT | O_CLOEXEC |
              (append ? O_APPEND : O_TRUNC), 0666);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not create '%s'", logfile);
        return false;
    }
    chr->logfd = fd;
    return true;
}

Chardev *qemu_chardev_new(const char *id, const char *type_name,
                          ChardevBackend *backend, GMainContext *context,
                          Error **errp)
{
    ObjectClass *oc = object_class_by_name(type_name);
    Error *local_err = NULL;
    bool be_opened = true;
    ChardevClass *cc;
    Chardev *chr;
    Object *obj;

    if (!oc || !object_class_dynamic_cast(oc, TYPE_CHARDEV) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "'%s' is not a chardev type", type_name);
        return NULL;
    }
    if (id && qemu_chr_find(id)) {
        error_setg(errp, "Duplicate ID '%s' for chardev", id);
        return NULL;
    }

    obj = object_new(type_name);
    chr = CHARDEV(obj);
    cc = CHARDEV_GET_CLASS(chr);
    chr->label = g_strdup(id);
    chr->gcontext = context;

    if (!chr_open_logfile(chr, backend, errp)) {
        object_unref(obj);
        return NULL;
    }
    if (cc->open) {
        cc->open(chr, backend, &be_opened, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            object_unref(obj);
            return NULL;
        }
    }
    if (be_opened) {
        qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    }

    if (id) {
        if (!object_property_try_add_child(get_chardevs_root(), id, obj,
                                           errp)) {
            object_unref(obj);
            return NULL;
        }
        /* The container holds the only reference now. */
        object_unref(obj);
    }
    return chr;
}

bool qemu_shim_chr_send_break(const char *id, Error **errp)
{
    Chardev *chr = qemu_chr_find(id);

    if (!chr) {
        error_setg(errp, "Chardev '%s' not found", id);
        return false;
    }
    qemu_chr_be_event(chr, CHR_EVENT_BREAK);
    return true;
}

bool qemu_shim_chr_remove(const char *id, Error **errp)
{
    Chardev *chr = qemu_chr_find(id);

    if (!chr) {
        error_setg(errp, "Chardev '%s' not found", id);
        return false;
    }
    if (chr->be) {
        error_setg(errp, "Chardev '%s' is busy", id);
        return false;
    }
    object_unparent(OBJECT(chr));
    return true;
}

static void char_init(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    chr->logfd = -1;
}

static void char_finalize(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    remove_fd_in_watch(chr);
    if (chr->be) {
        chr->be->chr = NULL;
    }
    g_free(chr->filename);
    g_free(chr->label);
    if (chr->logfd != -1) {
        close(chr->logfd);
    }
}

static void char_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    (void)data;
    cc->chr_be_event = chr_be_event;
}

static const TypeInfo char_type_info = {
    .name = TYPE_CHARDEV,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Chardev),
    .instance_init = char_init,
    .instance_finalize = char_finalize,
    .abstract = true,
    .class_size = sizeof(ChardevClass),
    .class_init = char_class_init,
};

static void register_types(void)
{
    type_register_static(&char_type_info);
}

type_init(register_types)
