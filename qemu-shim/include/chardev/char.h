/*
 * chardev/char.h - character device backends (QEMU 7.2's Chardev API).
 *
 * A Chardev is a QOM object living under /chardevs, named by its id. The
 * shim creates it from a "-chardev"-style option string instead of QemuOpts;
 * the shim-only parts of this header are prefixed qemu_shim_/QEMU_SHIM_.
 */
#ifndef QEMU_CHAR_H
#define QEMU_CHAR_H

#include "qemu/osdep.h"
#include "qom/object.h"

G_BEGIN_DECLS

/* character device */
typedef struct CharBackend CharBackend;

/*
 * The parsed options a backend is opened with. QEMU passes its QAPI union
 * here; in the shim it is an opaque key=value set (chardev/chardev-internal.h
 * has the accessors the backends use).
 */
typedef struct ChardevBackend ChardevBackend;

typedef enum {
    CHR_EVENT_BREAK,    /* serial break char */
    CHR_EVENT_OPENED,   /* new connection established */
    CHR_EVENT_MUX_IN,   /* mux-focus was set to this terminal */
    CHR_EVENT_MUX_OUT,  /* mux-focus will move on */
    CHR_EVENT_CLOSED,   /* connection closed */
} QEMUChrEvent;

#define CHR_READ_BUF_LEN 4096

typedef enum {
    QEMU_CHAR_FEATURE_RECONNECTABLE,
    QEMU_CHAR_FEATURE_FD_PASS,
    QEMU_CHAR_FEATURE_REPLAY,
    QEMU_CHAR_FEATURE_GCONTEXT,
    QEMU_CHAR_FEATURE_LAST,
} ChardevFeature;

#define qemu_chr_replay(chr) qemu_chr_has_feature(chr, QEMU_CHAR_FEATURE_REPLAY)

/*
 * QEMU's Chardev also has a chr_write_lock serialising writers from vCPU
 * threads; the shim runs devices on one thread under the BQL, so it has none.
 */
struct Chardev {
    Object parent_obj;

    CharBackend *be;
    char *label;
    char *filename;
    int logfd;
    int be_open;
    bool handover_yank_instance;
    GSource *gsource;           /* the input watch, see chardev/char-io.h */
    GMainContext *gcontext;     /* NULL: the default main context */
    unsigned long features[1];  /* bitmap of ChardevFeature */
};

#define TYPE_CHARDEV "chardev"
OBJECT_DECLARE_TYPE(Chardev, ChardevClass, CHARDEV)

#define TYPE_CHARDEV_NULL "chardev-null"
#define TYPE_CHARDEV_RINGBUF "chardev-ringbuf"
#define TYPE_CHARDEV_STDIO "chardev-stdio"
#define TYPE_CHARDEV_MEMORY "chardev-memory"    /* QEMU's ringbuf alias */
#define TYPE_CHARDEV_FILE "chardev-file"
#define TYPE_CHARDEV_SOCKET "chardev-socket"

/*
 * Shim-only: an in-process backend for tests. Input is queued with
 * qemu_shim_chr_memory_push() and delivered on the main loop as far as the
 * front end accepts it; output is collected for
 * qemu_shim_chr_memory_take_output(). "-chardev x-memory,id=ID".
 */
#define QEMU_SHIM_TYPE_CHARDEV_MEMORY "chardev-x-memory"

#define CHARDEV_IS_RINGBUF(chr) \
    object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_RINGBUF)

struct ChardevClass {
    ObjectClass parent_class;

    bool internal;              /* not creatable from the command line */
    bool supports_yank;

    /*
     * Shim-only: NULL-terminated list of the options this backend takes,
     * besides the common ones (id, backend, logfile, logappend, mux).
     * Anything else is refused with QEMU's "Invalid parameter 'X'".
     */
    const char *const *qemu_shim_options;

    /* called after construction, open/starts the backend */
    void (*open)(Chardev *chr, ChardevBackend *backend,
                 bool *be_opened, Error **errp);

    /* write buf to the backend */
    int (*chr_write)(Chardev *s, const uint8_t *buf, int len);

    /* read from the backend (blocking) */
    int (*chr_sync_read)(Chardev *s, const uint8_t *buf, int len);

    /* create a watch on the backend */
    GSource *(*chr_add_watch)(Chardev *s, GIOCondition cond);

    /* update the backend internal sources */
    void (*chr_update_read_handler)(Chardev *s);

    /* send an ioctl to the backend */
    int (*chr_ioctl)(Chardev *s, int cmd, void *arg);

    /* get ancillary-received fds during last read */
    int (*get_msgfds)(Chardev *s, int *fds, int num);

    /* set ancillary fds to be sent with next write */
    int (*set_msgfds)(Chardev *s, int *fds, int num);

    /* accept the given fd */
    int (*chr_add_client)(Chardev *chr, int fd);

    /* wait for a connection */
    int (*chr_wait_connected)(Chardev *chr, Error **errp);

    /* disconnect a connection */
    void (*chr_disconnect)(Chardev *chr);

    /* called by frontend when it can read */
    void (*chr_accept_input)(Chardev *chr);

    /* set terminal echo */
    void (*chr_set_echo)(Chardev *chr, bool echo);

    /* notify the backend of frontend open state */
    void (*chr_set_fe_open)(Chardev *chr, int fe_open);

    /* handle various events */
    void (*chr_be_event)(Chardev *s, QEMUChrEvent event);

    void (*chr_listener_cleanup)(Chardev *chr);
};

/*
 * Shim-only: create a chardev from a "-chardev" option string,
 * "BACKEND,id=ID[,key=value...]" with QEMU's option names and syntax
 * (",," escapes a comma; "on"/"off" booleans). It is added to /chardevs
 * under its id. Returns NULL with @errp set on error; returns NULL with
 * @errp untouched for "help" (the backend list is printed).
 */
Chardev *qemu_shim_chr_new_from_opts(const char *optstr, Error **errp);

/*
 * Create a chardev of QOM type @type_name from parsed options (@backend may
 * be NULL for a backend without options). With an @id it is added to
 * /chardevs, which then holds the only reference.
 */
Chardev *qemu_chardev_new(const char *id, const char *type_name,
                          ChardevBackend *backend, GMainContext *context,
                          Error **errp);

/*
 * Create a chardev from QEMU's legacy filename syntax: "null", "stdio",
 * "file:PATH", "unix:PATH[,server=on,wait=off]", "ringbuf"; failures are
 * reported with error_report() and return NULL.
 */
Chardev *qemu_chr_new(const char *label, const char *filename,
                      GMainContext *context);
Chardev *qemu_chr_new_noreplay(const char *label, const char *filename,
                               bool permit_mux_mon, GMainContext *context);

/* Delete all chardevs (when leaving qemu). */
void qemu_chr_cleanup(void);

/* How many bytes the front end can take now (0 without a front end). */
int qemu_chr_be_can_write(Chardev *s);

/*
 * Hand @len bytes to the front end. The caller must have asked
 * qemu_chr_be_can_write() first; front ends may take no more than that.
 */
void qemu_chr_be_write(Chardev *s, const uint8_t *buf, int len);
void qemu_chr_be_write_impl(Chardev *s, const uint8_t *buf, int len);

/* Invoked when frontend read handlers are set up. */
void qemu_chr_be_update_read_handlers(Chardev *s, GMainContext *context);

/* Send an event from the back end to the front end. */
void qemu_chr_be_event(Chardev *s, QEMUChrEvent event);

int qemu_chr_add_client(Chardev *s, int fd);
Chardev *qemu_chr_find(const char *name);

bool qemu_chr_has_feature(Chardev *chr, ChardevFeature feature);
void qemu_chr_set_feature(Chardev *chr, ChardevFeature feature);

/*
 * Write to the backend from the front end side. With @write_all, retry
 * until everything is written or an error other than EAGAIN occurs.
 * Returns the bytes written, or a negative value on error.
 */
int qemu_chr_write(Chardev *s, const uint8_t *buf, int len, bool write_all);
#define qemu_chr_write_all(s, buf, len) qemu_chr_write(s, buf, len, true)
int qemu_chr_wait_connected(Chardev *chr, Error **errp);

/*
 * Shim-only: what QMP's chardev-send-break does: deliver CHR_EVENT_BREAK
 * to the front end of chardev @id ("Chardev 'X' not found" otherwise).
 */
bool qemu_shim_chr_send_break(const char *id, Error **errp);

/*
 * Shim-only: what QMP's chardev-remove does: unparent chardev @id, refusing
 * one still used by a front end ("Chardev 'X' is busy").
 */
bool qemu_shim_chr_remove(const char *id, Error **errp);

/*
 * Shim-only: take up to @len bytes out of a ringbuf chardev, oldest first
 * (QMP's ringbuf-read). Returns the number of bytes copied.
 */
size_t qemu_shim_ringbuf_read(Chardev *chr, uint8_t *buf, size_t len);

/* Shim-only: the number of bytes a ringbuf chardev holds. */
size_t qemu_shim_ringbuf_count(Chardev *chr);

/* Shim-only: queue input for a memory chardev's front end. */
void qemu_shim_chr_memory_push(Chardev *chr, const uint8_t *buf, size_t len);

/* Shim-only: the input of a memory chardev not yet taken by the front end. */
size_t qemu_shim_chr_memory_pending(Chardev *chr);

/*
 * Shim-only: the output a memory chardev collected since the last call;
 * the caller owns the array (g_byte_array_unref()).
 */
GByteArray *qemu_shim_chr_memory_take_output(Chardev *chr);

/*
 * Shim-only: the break state a memory chardev's front end last set with
 * CHR_IOCTL_SERIAL_SET_BREAK (1 while the line is held in break).
 */
int qemu_shim_chr_memory_get_break(Chardev *chr);

G_END_DECLS

#endif /* QEMU_CHAR_H */
