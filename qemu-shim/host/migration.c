/*
 * Migration for the harness: QMP "migrate" writes the whole-state stream
 * (every registered VMState, in QEMU's format) to a URI, and "-incoming"
 * loads one at start-up. URIs: "file:PATH" (as QEMU 8.2+ spells it) and
 * "unix:PATH" (QEMU 7.2's way: the harness connects and writes).
 *
 * As in QEMU, the stream leaves in the background: the state is saved when
 * the command runs, then a thread connects (or opens a FIFO) and writes,
 * so that a peer that never accepts or never reads stalls the migration
 * alone while qtest and every monitor go on; query-migrate says "setup"
 * until the peer is reached, then "active", "completed" or "failed" (with
 * QEMU's error-desc). A regular file is written before "migrate" returns.
 *
 * As QEMU's, the progress is also told by MIGRATION events (with the
 * "events" capability): "setup" before the command's reply, the others
 * from the main loop afterwards; a completed migration leaves the machine
 * stopped ("postmigrate", with a STOP event if it was running).
 */
#include "qemu/osdep.h"
#include "harness.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "qemu/error-report.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"

typedef enum {
    MIG_NONE,       /* nothing migrated yet: query-migrate has no status */
    MIG_SETUP,
    MIG_ACTIVE,
    MIG_COMPLETED,
    MIG_FAILED,
} MigState;

static const char *const state_names[] = {
    [MIG_NONE] = NULL, [MIG_SETUP] = "setup", [MIG_ACTIVE] = "active",
    [MIG_COMPLETED] = "completed", [MIG_FAILED] = "failed",
};

/* The outgoing migration; only its thread writes it while it runs. */
typedef struct {
    char *path;         /* file: or unix: path */
    bool is_unix;
    int fd;             /* -1 until connected or opened */
    GBytes *stream;
    char *error;        /* set before the state becomes MIG_FAILED */
    /* query-migrate's times (ms), as QEMU's; set before COMPLETED */
    int64_t start_us, setup_ms, downtime_ms, total_ms;
} Outgoing;

static int state;       /* MigState, read and written atomically */
static int reached_active;      /* the peer was reached (atomic) */
static int reported;    /* the last MigState reported (main thread) */
static bool events;     /* the "events" capability */
static Outgoing *outgoing;
static GThread *thread;

static void report(int s)
{
    if (s == MIG_COMPLETED) {
        harness_qmp_vm_stop(HARNESS_POSTMIGRATE);
    }
    if (events) {
        harness_qmp_migration_event(state_names[s]);
    }
    reported = s;
}

void harness_migration_poll(void)
{
    int now = g_atomic_int_get(&state);

    if (now == reported || now == MIG_NONE) {
        return;
    }
    if (reported == MIG_SETUP && now != MIG_ACTIVE &&
        g_atomic_int_get(&reached_active)) {
        report(MIG_ACTIVE);
    }
    report(now);
}

/* From any thread: the change is reported from the main loop. */
static gboolean poll_cb(gpointer opaque)
{
    harness_migration_poll();
    return G_SOURCE_REMOVE;
}

static int64_t since_ms(int64_t start_us)
{
    return (g_get_monotonic_time() - start_us) / 1000;
}

static void set_state(int s)
{
    if (s == MIG_ACTIVE) {
        outgoing->setup_ms = since_ms(outgoing->start_us);
        g_atomic_int_set(&reached_active, 1);
    } else if (s == MIG_COMPLETED) {
        outgoing->total_ms = since_ms(outgoing->start_us);
    }
    g_atomic_int_set(&state, s);
    g_idle_add(poll_cb, NULL);
}

bool harness_migration_set_capability(const char *name, bool on,
                                      Error **errp)
{
    if (g_atomic_int_get(&state) == MIG_SETUP ||
        g_atomic_int_get(&state) == MIG_ACTIVE) {
        error_setg(errp, "There's a migration process in progress");
        return false;
    }
    if (strcmp(name, "events") != 0) {
        error_setg(errp, "Capability '%s' is not supported by "
                   HARNESS_NAME, name);
        return false;
    }
    events = on;
    return true;
}

/* As reported: query-migrate agrees with the events and the run state. */
const char *harness_migration_status(void)
{
    return state_names[reported];
}

/* QEMU's error-desc of a failed migration, else NULL. */
const char *harness_migration_error(void)
{
    return reported == MIG_FAILED && outgoing ? outgoing->error : NULL;
}

/*
 * A completed migration's setup-time (until the peer was reached),
 * downtime (saving the state: the machine is stopped only then) and
 * total-time, in ms; false before that.
 */
bool harness_migration_times(int64_t *setup, int64_t *downtime,
                             int64_t *total)
{
    if (reported != MIG_COMPLETED || !outgoing) {
        return false;
    }
    *setup = outgoing->setup_ms;
    *downtime = outgoing->downtime_ms;
    *total = outgoing->total_ms;
    return true;
}

static void outgoing_free(Outgoing *o)
{
    if (o->fd >= 0) {
        close(o->fd);
    }
    g_bytes_unref(o->stream);
    g_free(o->path);
    g_free(o->error);
    g_free(o);
}

/* Blocking: the thread may wait on a slow reader. No SIGPIPE on a socket. */
static bool write_all(Outgoing *o, Error **errp)
{
    gsize len;
    const uint8_t *data = g_bytes_get_data(o->stream, &len);

    while (len) {
        ssize_t n = o->is_unix ? send(o->fd, data, len, MSG_NOSIGNAL)
                               : write(o->fd, data, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            error_setg_errno(errp, n < 0 ? errno : EIO,
                             "Failed to write the migration stream");
            return false;
        }
        data += n;
        len -= n;
    }
    return true;
}

static bool unix_connect(Outgoing *o, Error **errp)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    strcpy(addr.sun_path, o->path);     /* length checked by the command */
    o->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (o->fd < 0) {
        error_setg_errno(errp, errno, "Failed to create a socket");
        return false;
    }
    while (connect(o->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        if (errno != EINTR) {
            error_setg_errno(errp, errno, "Failed to connect to '%s'",
                             o->path);
            return false;
        }
    }
    return true;
}

static void finish(Outgoing *o, Error *err)
{
    if (o->fd >= 0) {
        close(o->fd);
        o->fd = -1;
    }
    if (err) {
        /* QEMU reports a failed migration on stderr and in error-desc. */
        o->error = g_strdup(error_get_pretty(err));
        error_report_err(err);
        set_state(MIG_FAILED);
        return;
    }
    set_state(MIG_COMPLETED);
}

static gpointer outgoing_thread(gpointer opaque)
{
    Outgoing *o = opaque;
    Error *err = NULL;

    if (o->is_unix) {
        unix_connect(o, &err);
    } else if (o->fd < 0) {
        /* a FIFO without a reader: open() waits for one, as QEMU's does */
        o->fd = open(o->path, O_WRONLY | O_CLOEXEC);
        if (o->fd < 0) {
            error_setg_errno(&err, errno, "Could not open migration file "
                             "'%s'", o->path);
        }
    }
    if (!err) {
        set_state(MIG_ACTIVE);
        write_all(o, &err);
    }
    finish(o, err);
    return NULL;
}

/*
 * file:PATH is opened and written in place, as QEMU does (O_CREAT |
 * O_TRUNC, mode 0600 when created): a symlink is followed, a FIFO or a
 * device is written to, a hard link and an existing file's mode stay.
 * Without O_NONBLOCK, opening a FIFO that has no reader would block here.
 */
static int open_file(Outgoing *o, Error **errp)
{
    int fd = open(o->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
                  O_NONBLOCK, 0600);
    struct stat st;

    if (fd < 0) {
        if (errno == ENXIO) {
            return 0;       /* a FIFO without a reader: the thread opens */
        }
        error_setg_errno(errp, errno, "Could not open migration file '%s'",
                         o->path);
        return -1;
    }
    o->fd = fd;
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0 ||
        fstat(fd, &st) < 0) {
        error_setg_errno(errp, errno, "Could not open migration file '%s'",
                         o->path);
        return -1;
    }
    return S_ISREG(st.st_mode) ? 1 : 0;
}

bool harness_migrate_to(const char *uri, Error **errp)
{
    struct sockaddr_un addr;
    Outgoing *o;
    QEMUFile *f;
    const uint8_t *data;
    size_t len;
    int sync;

    if (!g_str_has_prefix(uri, "file:") && !g_str_has_prefix(uri, "unix:")) {
        error_setg(errp, "Parameter 'uri' expects a 'file:PATH' or "
                   "'unix:PATH' URI");
        return false;
    }
    if (g_str_has_prefix(uri, "unix:") &&
        strlen(uri + 5) >= sizeof(addr.sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", uri + 5);
        return false;
    }
    if (g_atomic_int_get(&state) == MIG_SETUP ||
        g_atomic_int_get(&state) == MIG_ACTIVE) {
        error_setg(errp, "There's a migration process in progress");
        return false;
    }
    if (thread) {
        g_thread_join(thread);
        thread = NULL;
    }
    g_clear_pointer(&outgoing, outgoing_free);

    o = g_new0(Outgoing, 1);
    o->fd = -1;
    o->is_unix = g_str_has_prefix(uri, "unix:");
    o->path = g_strdup(uri + 5);
    o->start_us = g_get_monotonic_time();
    outgoing = o;
    /* the state of the last migration is reported before this one's */
    harness_migration_poll();
    g_atomic_int_set(&reached_active, 0);
    g_atomic_int_set(&state, MIG_SETUP);
    report(MIG_SETUP);

    /* The state as it is now, whenever the peer takes it. */
    f = qemu_shim_file_new_output();
    if (qemu_shim_savevm_state(f, errp) < 0) {
        qemu_fclose(f);
        set_state(MIG_FAILED);
        return false;
    }
    data = qemu_shim_file_output_data(f, &len);
    o->stream = g_bytes_new(data, len);
    qemu_fclose(f);
    o->downtime_ms = since_ms(o->start_us);

    sync = o->is_unix ? 0 : open_file(o, errp);
    if (sync < 0) {
        close(o->fd);
        o->fd = -1;
        set_state(MIG_FAILED);
        return false;
    }
    if (sync) {
        bool ok;

        set_state(MIG_ACTIVE);
        ok = write_all(o, errp);
        close(o->fd);
        o->fd = -1;
        set_state(ok ? MIG_COMPLETED : MIG_FAILED);
        return ok;
    }
    thread = g_thread_new("migration", outgoing_thread, o);
    return true;
}

bool harness_migrate_from(const char *uri, Error **errp)
{
    g_autofree char *data = NULL;
    g_autoptr(GString) said = g_string_new(NULL);
    Error *local = NULL;
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
    /*
     * What the devices report while the stream loads (a C++ post_load's
     * reason) joins the load's error: a refusal is one line, not two.
     */
    qemu_shim_error_report_capture(said);
    f = qemu_shim_file_new_input((const uint8_t *)data, len);
    ret = qemu_shim_loadvm_state(f, &local);
    qemu_fclose(f);
    qemu_shim_error_report_capture(NULL);
    if (local && said->len) {
        Error *why = NULL;

        g_strdelimit(said->str, "\n", ';');
        error_setg(&why, "%s: %s", error_get_pretty(local), said->str);
        error_free(local);
        local = why;
    } else if (said->len) {
        /* a load that succeeded keeps its warnings as they were */
        g_auto(GStrv) lines = g_strsplit(said->str, "\n", -1);

        for (char **l = lines; *l; l++) {
            fprintf(stderr, "%s: %s\n", error_get_progname(), *l);
        }
    }
    error_propagate(errp, local);
    return ret >= 0;
}
