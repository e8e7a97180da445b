/*
 * char-io.c - the GSources that feed a front end: an fd watch and an
 * in-process queue watch, both polled only while the front end can receive,
 * so input beyond what it accepts stays where it is (lossless flow control).
 */
#include "qemu/osdep.h"
#include "chardev/char-fe.h"
#include "chardev-internal.h"
#include "qemu/main-loop.h"

/*
 * The fd watch. On the default context (chr->gcontext NULL) it is a
 * main-loop fd handler, polled by main_loop_wait() without GLib's
 * per-source costs; on a context of its own it is attached there as a
 * GSource. Either way the GSource is the watch's reference-counted home
 * (chr->gsource), and g_source_is_destroyed() says it was removed.
 */
typedef struct ChrFdSource {
    GSource source;
    Chardev *chr;
    int fd;
    QemuShimFdHandler *handler;    /* on the default context */
    gpointer tag;           /* else: non-NULL while @fd is polled */
    GIOCondition events;    /* what @tag polls for */
    bool dispatching;       /* inside @func: a nested loop must not read */
    ChrFdReadFunc *func;
    ChrFdHupFunc *hup;      /* NULL: a hang-up is only seen by reading */
} ChrFdSource;

/* What to poll @s->fd for now. */
static GIOCondition chr_fd_watch_events(ChrFdSource *s)
{
    /*
     * Not polling for input while the front end is full leaves the bytes in
     * the kernel. Without a hang-up handler the fd is not polled at all
     * then, so that a peer's hang-up does not wake the loop over and over;
     * with one, the hang-up is still heard and handled at once.
     */
    if (s->dispatching) {
        return 0;
    }
    if (qemu_chr_be_can_write(s->chr) > 0) {
        return G_IO_IN | G_IO_HUP | G_IO_ERR;
    }
    return s->hup ? G_IO_HUP | G_IO_ERR : 0;
}

/* @s->fd polled @cond while watched for @events. */
static void chr_fd_watch_dispatch(ChrFdSource *s, GIOCondition events,
                                  GIOCondition cond)
{
    /* The front end may have filled up since the poll. */
    int avail = events & G_IO_IN ? qemu_chr_be_can_write(s->chr) : 0;
    /* A front end may delete the chardev from its read handler. */
    Chardev *chr = s->chr;

    object_ref(OBJECT(chr));
    /* What the front end can take is read first, as QEMU's watch order. */
    if (avail > 0) {
        s->dispatching = true;
        s->func(chr, s->fd, MIN(avail, CHR_READ_BUF_LEN));
        s->dispatching = false;
    }
    /* The read may have ended the connection, and this watch with it. */
    if (s->hup && cond & (G_IO_HUP | G_IO_ERR) &&
        !g_source_is_destroyed(&s->source)) {
        s->hup(chr);
    }
    object_unref(OBJECT(chr));
}

static GIOCondition chr_fd_handler_prepare(void *opaque)
{
    ChrFdSource *s = opaque;

    s->events = chr_fd_watch_events(s);
    return s->events;
}

static void chr_fd_handler_dispatch(void *opaque, GIOCondition revents)
{
    ChrFdSource *s = opaque;

    /* The handlers may remove the watch: keep it until they return. */
    g_source_ref(&s->source);
    chr_fd_watch_dispatch(s, s->events, revents);
    g_source_unref(&s->source);
}

static gboolean chr_fd_source_prepare(GSource *source, gint *timeout)
{
    ChrFdSource *s = (ChrFdSource *)source;
    GIOCondition events = chr_fd_watch_events(s);

    if (events != s->events) {
        if (!events) {
            g_source_remove_unix_fd(source, s->tag);
            s->tag = NULL;
        } else if (!s->tag) {
            s->tag = g_source_add_unix_fd(source, s->fd, events);
        } else {
            g_source_modify_unix_fd(source, s->tag, events);
        }
        s->events = events;
    }
    *timeout = -1;
    return FALSE;
}

static gboolean chr_fd_source_check(GSource *source)
{
    ChrFdSource *s = (ChrFdSource *)source;

    return !s->dispatching && s->tag &&
           g_source_query_unix_fd(source, s->tag) != 0;
}

static gboolean chr_fd_source_dispatch(GSource *source, GSourceFunc callback,
                                       gpointer user_data)
{
    ChrFdSource *s = (ChrFdSource *)source;

    (void)callback;
    (void)user_data;
    chr_fd_watch_dispatch(s, s->events,
                          g_source_query_unix_fd(source, s->tag));
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs chr_fd_source_funcs = {
    .prepare = chr_fd_source_prepare,
    .check = chr_fd_source_check,
    .dispatch = chr_fd_source_dispatch,
};

static void chr_attach_watch(Chardev *chr, GSource *source)
{
    remove_fd_in_watch(chr);
    chr->gsource = source;
    g_source_attach(source, chr->gcontext);
}

void chr_fd_watch_add(Chardev *chr, int fd, ChrFdReadFunc *func,
                      ChrFdHupFunc *hup)
{
    GSource *source = g_source_new(&chr_fd_source_funcs, sizeof(ChrFdSource));
    ChrFdSource *s = (ChrFdSource *)source;

    s->chr = chr;
    s->fd = fd;
    s->func = func;
    s->hup = hup;
    if (!chr->gcontext) {
        remove_fd_in_watch(chr);
        chr->gsource = source;
        s->handler = qemu_shim_fd_handler_add(fd, chr_fd_handler_prepare,
                                              chr_fd_handler_dispatch, s);
        return;
    }
    /*
     * GLib blocks a source that cannot recurse while it dispatches, taking
     * its fd out of the poll set and putting it back afterwards, and each
     * change writes the context's wake-up eventfd: two writes and a read on
     * every input. The watch keeps a nested loop out by itself (dispatching)
     * instead, so a round trip costs one poll, one recv and one send.
     */
    g_source_set_can_recurse(source, TRUE);
    chr_attach_watch(chr, source);
}

void remove_fd_in_watch(Chardev *chr)
{
    GSource *source = chr->gsource;

    if (source) {
        /* Only the fd watch is ever a handler (the queue watch is not). */
        if (source->source_funcs == &chr_fd_source_funcs &&
            ((ChrFdSource *)source)->handler) {
            qemu_shim_fd_handler_remove(((ChrFdSource *)source)->handler);
            ((ChrFdSource *)source)->handler = NULL;
        }
        /* Unattached, it is only marked destroyed. */
        g_source_destroy(source);
        g_source_unref(source);
        chr->gsource = NULL;
    }
}

typedef struct ChrQueueSource {
    GSource source;
    Chardev *chr;
    ChrQueueReadyFunc *ready;
    ChrQueueDeliverFunc *deliver;
} ChrQueueSource;

static gboolean chr_queue_source_check(GSource *source)
{
    ChrQueueSource *s = (ChrQueueSource *)source;

    return s->ready(s->chr) && qemu_chr_be_can_write(s->chr) > 0;
}

static gboolean chr_queue_source_prepare(GSource *source, gint *timeout)
{
    *timeout = -1;
    return chr_queue_source_check(source);
}

static gboolean chr_queue_source_dispatch(GSource *source,
                                          GSourceFunc callback,
                                          gpointer user_data)
{
    ChrQueueSource *s = (ChrQueueSource *)source;
    /* As above: the chardev outlives a handler that deletes it. */
    Chardev *chr = CHARDEV(object_ref(OBJECT(s->chr)));

    (void)callback;
    (void)user_data;
    s->deliver(chr);
    object_unref(OBJECT(chr));
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs chr_queue_source_funcs = {
    .prepare = chr_queue_source_prepare,
    .check = chr_queue_source_check,
    .dispatch = chr_queue_source_dispatch,
};

void chr_queue_watch_add(Chardev *chr, ChrQueueReadyFunc *ready,
                         ChrQueueDeliverFunc *deliver)
{
    GSource *source = g_source_new(&chr_queue_source_funcs,
                                   sizeof(ChrQueueSource));
    ChrQueueSource *s = (ChrQueueSource *)source;

    s->chr = chr;
    s->ready = ready;
    s->deliver = deliver;
    chr_attach_watch(chr, source);
}

/* A one-shot watch for qemu_chr_fe_add_watch() on an output fd. */
typedef struct ChrCondSource {
    GSource source;
    gpointer tag;
} ChrCondSource;

static gboolean chr_cond_source_dispatch(GSource *source, GSourceFunc callback,
                                         gpointer user_data)
{
    ChrCondSource *s = (ChrCondSource *)source;
    GIOCondition cond = g_source_query_unix_fd(source, s->tag);
    FEWatchFunc func = (FEWatchFunc)(void (*)(void))callback;

    if (!func) {
        return G_SOURCE_REMOVE;
    }
    return func(NULL, cond, user_data);
}

static GSourceFuncs chr_cond_source_funcs = {
    .dispatch = chr_cond_source_dispatch,
};

GSource *chr_fd_cond_source_new(int fd, GIOCondition cond)
{
    GSource *source = g_source_new(&chr_cond_source_funcs,
                                   sizeof(ChrCondSource));
    ChrCondSource *s = (ChrCondSource *)source;

    s->tag = g_source_add_unix_fd(source, fd, cond);
    return source;
}

int chr_fd_write_all(int fd, const uint8_t *buf, int len)
{
    int done = 0;

    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN) {
                g_usleep(100);
                continue;
            }
            return -1;
        }
        done += n;
    }
    return done;
}

void chr_wakeup(Chardev *chr)
{
    GMainContext *ctx = chr->gcontext ? chr->gcontext
                                      : g_main_context_default();

    /*
     * The thread that owns the context is not waiting in its poll: it
     * prepares the watches again before the next one, and a wake-up would
     * only cost an eventfd write and read.
     */
    if (!g_main_context_is_owner(ctx)) {
        g_main_context_wakeup(ctx);
    }
}
