/*
 * Migration for the harness: QMP "migrate" writes the whole-state stream
 * (every registered VMState, in QEMU's format) to a URI, and "-incoming"
 * loads one at start-up. URIs: "file:PATH" (as QEMU 8.2+ spells it) and
 * "unix:PATH" (QEMU 7.2's way: the harness connects and writes).
 */
#include "qemu/osdep.h"
#include "harness.h"
#include <sys/socket.h>
#include <sys/un.h>
#include "migration/qemu-file.h"
#include "migration/savevm.h"

static const char *migration_status;

const char *harness_migration_status(void)
{
    return migration_status;
}

static bool write_all(int fd, const uint8_t *data, size_t len, Error **errp)
{
    while (len) {
        ssize_t n = write(fd, data, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            error_setg_errno(errp, errno, "Failed to write the migration "
                             "stream");
            return false;
        }
        data += n;
        len -= n;
    }
    return true;
}

static int unix_connect(const char *path, Error **errp)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        return -1;
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        error_setg_errno(errp, errno, "Failed to connect to '%s'", path);
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

bool harness_migrate_to(const char *uri, Error **errp)
{
    QEMUFile *f;
    const uint8_t *data;
    size_t len;
    bool ok = false;
    int fd = -1;

    if (!g_str_has_prefix(uri, "file:") && !g_str_has_prefix(uri, "unix:")) {
        error_setg(errp, "Parameter 'uri' expects a 'file:PATH' or "
                   "'unix:PATH' URI");
        return false;
    }
    migration_status = "active";
    f = qemu_shim_file_new_output();
    if (qemu_shim_savevm_state(f, errp) < 0) {
        goto out;
    }
    data = qemu_shim_file_output_data(f, &len);
    if (g_str_has_prefix(uri, "file:")) {
        GError *gerr = NULL;

        if (!g_file_set_contents(uri + 5, (const char *)data, len, &gerr)) {
            error_setg(errp, "Could not write migration file '%s'", uri + 5);
            g_error_free(gerr);
            goto out;
        }
        ok = true;
    } else {
        fd = unix_connect(uri + 5, errp);
        ok = fd >= 0 && write_all(fd, data, len, errp);
    }
out:
    if (fd >= 0) {
        close(fd);
    }
    qemu_fclose(f);
    migration_status = ok ? "completed" : "failed";
    return ok;
}

bool harness_migrate_from(const char *uri, Error **errp)
{
    g_autofree char *data = NULL;
    GError *gerr = NULL;
    gsize len;
    QEMUFile *f;
    int ret;

    if (!g_str_has_prefix(uri, "file:")) {
        error_setg(errp, "-incoming expects a 'file:PATH' URI");
        return false;
    }
    if (!g_file_get_contents(uri + 5, &data, &len, &gerr)) {
        /* GLib's message quotes the path its own way; QEMU's style is this. */
        error_setg(errp, "Could not open migration file '%s': %s", uri + 5,
                   g_strerror(gerr->code == G_FILE_ERROR_NOENT ? ENOENT : EIO));
        g_error_free(gerr);
        return false;
    }
    f = qemu_shim_file_new_input((const uint8_t *)data, len);
    ret = qemu_shim_loadvm_state(f, errp);
    qemu_fclose(f);
    return ret >= 0;
}
