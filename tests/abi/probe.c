/*
 * The probe's frame: it hooks the end of machine creation, runs every
 * measurement in a forked child, prints the figures and ends QEMU.
 */
#define _GNU_SOURCE
#include "probe.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <sys/wait.h>

/* QEMU 7.2's Notifier (include/qemu/notify.h), which the shim lacks. */
typedef struct ProbeNotifier ProbeNotifier;
struct ProbeNotifier {
    void (*notify)(ProbeNotifier *notifier, void *data);
    struct {
        ProbeNotifier *le_next;
        ProbeNotifier **le_prev;
    } node;
};
void qemu_add_machine_init_done_notifier(ProbeNotifier *notify);

/* A child that hangs (a lock another thread held at fork) is killed. */
#define PROBE_CHILD_TIMEOUT_S 30

static FILE *out;
static GHashTable *figures;     /* name -> gint64 *, for probe_real() */

/* Flushes what the parent wrote, so that no child inherits a buffer. */
static pid_t probe_fork(void)
{
    fflush(out);
    fflush(stdout);
    fflush(stderr);
    return fork();
}

static void probe_child_setup(void)
{
    /* A child that aborts on purpose must not leave a core dump. */
    prctl(PR_SET_DUMPABLE, 0);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        close(null);
    }
    /* QEMU's main thread blocks SIGALRM (it reads it from a signalfd). */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigaddset(&set, SIGABRT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    signal(SIGALRM, SIG_DFL);
    signal(SIGABRT, SIG_DFL);
    alarm(PROBE_CHILD_TIMEOUT_S);
}

static int probe_wait(pid_t pid)
{
    int status;

    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

int probe_child_status(int (*fn)(long arg), long arg)
{
    pid_t pid = probe_fork();

    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        probe_child_setup();
        _exit(fn(arg));
    }
    return probe_wait(pid);
}

void probe_figure(const char *name, int64_t value)
{
    int64_t *v = g_new(int64_t, 1);

    *v = value;
    fprintf(out, "%s %" PRId64 "\n", name, value);
    g_hash_table_insert(figures, g_strdup(name), v);
}

int64_t probe_real(const char *name)
{
    const int64_t *v = g_hash_table_lookup(figures, name);
    return v ? *v : -1;
}

size_t probe_real_size(const char *name)
{
    int64_t n = probe_real(name);

    g_assert(n > 0 && n <= PROBE_SNAP);
    return n;
}

int64_t probe_measure(ProbeFn *fn, const char *name, ...)
{
    const char *names[PROBE_MAX_FIGURES];
    int64_t values[PROBE_MAX_FIGURES];
    size_t n = 0, got = 0;
    va_list ap;
    int fds[2];

    va_start(ap, name);
    for (const char *s = name; s; s = va_arg(ap, const char *)) {
        g_assert(n < PROBE_MAX_FIGURES);
        names[n++] = s;
    }
    va_end(ap);

    if (pipe(fds) < 0) {
        g_error("abi-probe: pipe: %s", g_strerror(errno));
    }
    pid_t pid = probe_fork();
    if (pid == 0) {
        close(fds[0]);
        probe_child_setup();
        for (size_t i = 0; i < n; i++) {
            values[i] = -1;
        }
        fn(values);
        ssize_t w = write(fds[1], values, n * sizeof(values[0]));
        _exit(w == (ssize_t)(n * sizeof(values[0])) ? 0 : 1);
    }
    close(fds[1]);
    while (pid > 0 && got < n * sizeof(values[0])) {
        ssize_t r = read(fds[0], (char *)values + got, n * sizeof(values[0]) - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        got += r;
    }
    close(fds[0]);
    int status = pid > 0 ? probe_wait(pid) : -1;

    if (status != 0 || got != n * sizeof(values[0])) {
        for (size_t i = 0; i < n; i++) {
            fprintf(out, "%s crashed(status %d)\n", names[i], status);
        }
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        probe_figure(names[i], values[i]);
    }
    return values[0];
}

bool probe_peek(const void *addr, void *buf, size_t n)
{
    struct iovec local = { .iov_base = buf, .iov_len = n };
    struct iovec remote = { .iov_base = (void *)addr, .iov_len = n };

    if (!addr) {
        return false;
    }
    return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)n;
}

bool probe_peek_str(const void *addr, const char *s)
{
    size_t n = strlen(s) + 1;
    g_autofree char *buf = g_malloc(n);

    return probe_peek(addr, buf, n) && memcmp(buf, s, n) == 0;
}

uint64_t probe_word(const void *base, size_t offset)
{
    uint64_t w;

    memcpy(&w, (const char *)base + offset, sizeof(w));
    return w;
}

int64_t probe_find_word(const void *base, size_t n, size_t from, uint64_t v,
                        int nth)
{
    for (size_t off = ROUND_UP(from, 8); off + 8 <= n; off += 8) {
        if (probe_word(base, off) == v && nth-- == 0) {
            return off;
        }
    }
    return -1;
}

int64_t probe_find_u32(const void *base, size_t n, size_t from, uint32_t v)
{
    for (size_t off = ROUND_UP(from, 4); off + 4 <= n; off += 4) {
        uint32_t x;
        memcpy(&x, (const char *)base + off, sizeof(x));
        if (x == v) {
            return off;
        }
    }
    return -1;
}

int64_t probe_find_str_ptr(const void *base, size_t n, size_t from,
                           const char *s)
{
    for (size_t off = ROUND_UP(from, 8); off + 8 <= n; off += 8) {
        if (probe_peek_str((const void *)(uintptr_t)probe_word(base, off), s)) {
            return off;
        }
    }
    return -1;
}

/* A user-space pointer has a byte above 1; packed flags do not. */
static bool looks_like_pointer(uint64_t w)
{
    if (w < 0x10000) {
        return false;
    }
    for (; w; w >>= 8) {
        if ((w & 0xff) > 1) {
            return true;
        }
    }
    return false;
}

int64_t probe_find_flag(const uint8_t *before, const uint8_t *after, size_t n,
                        size_t from, uint8_t b0, uint8_t b1)
{
    for (size_t i = from; i < n; i++) {
        size_t w = i & ~(size_t)7;
        if (before[i] == b0 && after[i] == b1 && w + 8 <= n &&
            !looks_like_pointer(probe_word(before, w)) &&
            !looks_like_pointer(probe_word(after, w))) {
            return i;
        }
    }
    return -1;
}

size_t probe_extent(const uint8_t *buf, size_t n, uint8_t sentinel)
{
    while (n > 0 && buf[n - 1] == sentinel) {
        n--;
    }
    return n;
}

/* The probe's own device type (probe_dev_type). */
#define PROBE_DEV_TYPE "x-abi-probe-dev"
static void (*probe_dev_hook)(ObjectClass *klass);
static bool probe_dev_registered;

static void probe_dev_class_init(ObjectClass *klass, void *data)
{
    if (probe_dev_hook) {
        probe_dev_hook(klass);
    }
}

size_t probe_dev_extra(void)
{
    int64_t sbd = probe_real("size.sys-bus-device");

    g_assert(sbd > 0);
    return ROUND_UP((size_t)sbd, 16);
}

const char *probe_dev_type(void (*class_hook)(ObjectClass *klass))
{
    static TypeInfo info;

    if (probe_dev_registered) {
        g_assert(class_hook == probe_dev_hook);
        return PROBE_DEV_TYPE;
    }
    probe_dev_hook = class_hook;
    info = (TypeInfo) {
        .name = PROBE_DEV_TYPE,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = probe_dev_extra() + PROBE_DEV_EXTRA,
        .class_init = probe_dev_class_init,
    };
    type_register_static(&info);
    probe_dev_registered = true;
    return PROBE_DEV_TYPE;
}

DeviceState *probe_dev_new(void (*class_hook)(ObjectClass *klass))
{
    return qdev_new(probe_dev_type(class_hook));
}

static void probe_run(ProbeNotifier *notifier, void *data)
{
    figures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    probe_sizes();
    probe_qom();
    probe_qdev();
    probe_memory();
    probe_backends();
    probe_trace();

    fprintf(out, "end\n");
    fclose(out);
    /* Not exit(): QEMU's atexit handlers would tear down a board that
     * never ran; the figures are all written. */
    _exit(0);
}

static ProbeNotifier probe_notifier = { .notify = probe_run };

__attribute__((constructor))
static void probe_init(void)
{
    const char *path = getenv("ABI_PROBE_OUT");

    /* Only this process: nothing QEMU starts gets the probe. */
    unsetenv("LD_PRELOAD");
    out = path ? fopen(path, "w") : stdout;
    if (!out) {
        fprintf(stderr, "abi-probe: %s: %s\n", path, g_strerror(errno));
        _exit(2);
    }
    qemu_add_machine_init_done_notifier(&probe_notifier);
}
