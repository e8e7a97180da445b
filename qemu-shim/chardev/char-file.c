/*
 * char-file.c - the "file" backend: output to path= (truncated, or
 * appended to with append=on); input from input-path=, an option QEMU
 * only gained in 8.1 (7.2 could set an input file through QMP only).
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include "qapi/error.h"
#include "qemu/module.h"
#include "chardev-internal.h"

static const char *const file_opts[] = {
    "path", "append", "input-path", NULL,
};

static void file_chr_open(Chardev *chr, ChardevBackend *backend,
                          bool *be_opened, Error **errp)
{
    const char *path = chardev_opt_get(backend, "path");
    const char *in_path = chardev_opt_get(backend, "input-path");
    bool append;
    int in = -1, out;

    (void)be_opened;
    if (!path) {
        error_setg(errp, "chardev: file: no filename given");
        return;
    }
    if (!chardev_opt_get_bool(backend, "append", false, &append, errp)) {
        return;
    }
    out = open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
               (append ? O_APPEND : O_TRUNC), 0666);
    if (out < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", path);
        return;
    }
    if (in_path) {
        in = open(in_path, O_RDONLY | O_CLOEXEC);
        if (in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", in_path);
            close(out);
            return;
        }
    }
    qemu_chr_open_fd(chr, in, out);
}

static void char_file_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    (void)data;
    cc->qemu_shim_options = file_opts;
    cc->open = file_chr_open;
}

static const TypeInfo char_file_type_info = {
    .name = TYPE_CHARDEV_FILE,
    .parent = TYPE_CHARDEV_FD,
    .class_init = char_file_class_init,
};

static void register_types(void)
{
    type_register_static(&char_file_type_info);
}

type_init(register_types)
