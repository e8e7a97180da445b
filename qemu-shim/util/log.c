/*
 * The debug log (qemu/log.h): QEMU's -d mask and -D file. As in QEMU 7.2,
 * nothing is logged while the mask is 0, and the log goes to stderr unless
 * a file is set. Tests can capture the text instead (qemu_shim_log_capture_*).
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "trace/control.h"

int qemu_loglevel;

/* Recursive: qemu_log() may be called between trylock and unlock. */
static GRecMutex log_mutex;
static char *log_filename;      /* -D, with %d expanded; NULL: stderr */
static FILE *log_file;          /* open while the mask is non-zero */
static bool log_append;         /* only the first open truncates */
static GString *capture;        /* non-NULL while a test captures */
static FILE *capture_stream;    /* what trylock handed out while capturing */
static char *capture_stream_buf;
static size_t capture_stream_len;

/* The descriptions are QEMU 7.2's, so that "-d help" reads the same. */
const QEMULogItem qemu_log_items[] = {
    { CPU_LOG_TB_OUT_ASM, "out_asm",
      "show generated host assembly code for each compiled TB" },
    { CPU_LOG_TB_IN_ASM, "in_asm",
      "show target assembly code for each compiled TB" },
    { CPU_LOG_TB_OP, "op", "show micro ops for each compiled TB" },
    { CPU_LOG_TB_OP_OPT, "op_opt", "show micro ops after optimization" },
    { CPU_LOG_TB_OP_IND, "op_ind", "show micro ops before indirect lowering" },
    { CPU_LOG_INT, "int", "show interrupts/exceptions in short format" },
    { CPU_LOG_EXEC, "exec",
      "show trace before each executed TB (lots of logs)" },
    { CPU_LOG_TB_CPU, "cpu",
      "show CPU registers before entering a TB (lots of logs)" },
    { CPU_LOG_TB_FPU, "fpu", "include FPU registers in the 'cpu' logging" },
    { CPU_LOG_MMU, "mmu", "log MMU-related activities" },
    { CPU_LOG_PCALL, "pcall",
      "x86 only: show protected mode far calls/returns/exceptions" },
    { CPU_LOG_RESET, "cpu_reset", "show CPU state before CPU resets" },
    { LOG_UNIMP, "unimp", "log unimplemented functionality" },
    { LOG_GUEST_ERROR, "guest_errors",
      "log when the guest OS does something invalid (eg accessing a\n"
      "non-existent register)" },
    { CPU_LOG_PAGE, "page", "dump pages at beginning of user mode emulation" },
    { CPU_LOG_TB_NOCHAIN, "nochain",
      "do not chain compiled TBs so that \"exec\" and \"cpu\" show\n"
      "complete traces" },
    { LOG_STRACE, "strace",
      "log every user-mode syscall, its input, and its result" },
    { LOG_PER_THREAD, "tid",
      "open a separate log file per thread; filename must contain '%d'" },
    { 0, NULL, NULL },
};

/* Where qemu_log writes; call with log_mutex held. */
static FILE *log_stream(void)
{
    if (!qemu_loglevel) {
        return NULL;
    }
    return log_file ? log_file : stderr;
}

void qemu_log(const char *fmt, ...)
{
    va_list ap;
    FILE *f;

    g_rec_mutex_lock(&log_mutex);
    va_start(ap, fmt);
    if (!qemu_loglevel) {
        /* as QEMU 7.2: no mask, no log */
    } else if (capture) {
        g_string_append_vprintf(capture, fmt, ap);
    } else if ((f = log_stream())) {
        vfprintf(f, fmt, ap);
    }
    va_end(ap);
    g_rec_mutex_unlock(&log_mutex);
}

FILE *qemu_log_trylock(void)
{
    FILE *f;

    g_rec_mutex_lock(&log_mutex);
    if (!qemu_loglevel) {
        f = NULL;
    } else if (capture && !capture_stream) {
        /* Copied into the capture at unlock. */
        capture_stream = open_memstream(&capture_stream_buf,
                                        &capture_stream_len);
        f = capture_stream;
    } else if (capture) {
        f = capture_stream;
    } else {
        f = log_stream();
    }
    if (!f) {
        g_rec_mutex_unlock(&log_mutex);
    }
    return f;
}

void qemu_log_unlock(FILE *fd)
{
    if (!fd) {
        return;
    }
    if (fd == capture_stream) {
        fclose(fd);
        if (capture) {
            g_string_append_len(capture, capture_stream_buf,
                                capture_stream_len);
        }
        free(capture_stream_buf);
        capture_stream = NULL;
        capture_stream_buf = NULL;
    } else {
        fflush(fd);
    }
    g_rec_mutex_unlock(&log_mutex);
}

bool qemu_log_enabled(void)
{
    return qemu_loglevel != 0;
}

bool qemu_log_separate(void)
{
    return log_file != NULL;
}

/* Open or close the -D file to match the mask; call with log_mutex held. */
static bool log_update_file(Error **errp)
{
    bool need_file = qemu_loglevel && log_filename;

    if (need_file && !log_file) {
        log_file = fopen(log_filename, log_append ? "a" : "w");
        if (!log_file) {
            error_setg_errno(errp, errno, "Error opening logfile %s",
                             log_filename);
            return false;
        }
        /* Line buffered, so that a reader sees whole lines at once. */
        setvbuf(log_file, NULL, _IOLBF, 0);
        log_append = true;
    } else if (!need_file && log_file) {
        fclose(log_file);
        log_file = NULL;
    }
    return true;
}

bool qemu_set_log(int log_flags, Error **errp)
{
    bool ok;

    if (log_flags & LOG_PER_THREAD) {
        error_setg(errp, "Per-thread log files ('tid') are not supported "
                   "by qemu-shim");
        return false;
    }
    g_rec_mutex_lock(&log_mutex);
    /*
     * As QEMU 7.2 built with the log trace backend (Debian's): LOG_TRACE is
     * always on once the mask is set, so that an enabled event is logged
     * without -d, and the -D file opens even without -d.
     */
    qemu_loglevel = log_flags | LOG_TRACE;
    ok = log_update_file(errp);
    g_rec_mutex_unlock(&log_mutex);
    return ok;
}

bool qemu_set_log_filename(const char *filename, Error **errp)
{
    g_autofree char *expanded = NULL;
    bool ok;

    if (filename && *filename) {
        const char *pid = strchr(filename, '%');

        /* As QEMU: a single "%d" is replaced with the process id. */
        if (pid && (pid[1] != 'd' || strchr(pid + 2, '%'))) {
            error_setg(errp, "Bad logfile format: %s", filename);
            return false;
        }
        expanded = pid ? g_strdup_printf("%.*s%d%s", (int)(pid - filename),
                                         filename, (int)getpid(), pid + 2)
                       : g_strdup(filename);
    }

    g_rec_mutex_lock(&log_mutex);
    if (g_strcmp0(expanded, log_filename) != 0) {
        if (log_file) {
            fclose(log_file);
            log_file = NULL;
        }
        g_free(log_filename);
        log_filename = g_steal_pointer(&expanded);
    }
    ok = log_update_file(errp);
    g_rec_mutex_unlock(&log_mutex);
    return ok;
}

bool qemu_set_log_filename_flags(const char *name, int flags, Error **errp)
{
    return qemu_set_log_filename(name, errp) && qemu_set_log(flags, errp);
}

void qemu_set_dfilter_ranges(const char *ranges, Error **errp)
{
    if (ranges && *ranges) {
        error_setg(errp, "-dfilter is not supported by qemu-shim");
    }
}

bool qemu_log_in_addr_range(uint64_t addr)
{
    (void)addr;
    return true;
}

static const QEMULogItem *log_item_find(const char *name)
{
    const QEMULogItem *item;

    for (item = qemu_log_items; item->mask; item++) {
        if (g_str_equal(name, item->name)) {
            return item;
        }
    }
    return NULL;
}

bool qemu_shim_str_to_log_mask(const char *str, int *mask, Error **errp)
{
    g_auto(GStrv) parts = NULL;
    char **p;
    int result = 0;

    *mask = 0;
    if (!str || !*str) {
        error_setg(errp, "No log items given");
        return false;
    }
    parts = g_strsplit(str, ",", 0);
    for (p = parts; *p; p++) {
        const QEMULogItem *item;

        if (g_str_equal(*p, "all")) {
            for (item = qemu_log_items; item->mask; item++) {
                result |= item->mask;
            }
        } else if (g_str_has_prefix(*p, "trace:") && (*p)[6] != '\0') {
            /* as QEMU 7.2: enabled as -trace would, at once */
            trace_enable_events(*p + 6);
            result |= LOG_TRACE;
        } else if ((item = log_item_find(*p))) {
            result |= item->mask;
        } else {
            error_setg(errp, "Unknown log item '%s'", *p);
            return false;
        }
    }
    *mask = result;
    return true;
}

int qemu_str_to_log_mask(const char *str)
{
    int mask;

    return qemu_shim_str_to_log_mask(str, &mask, NULL) ? mask : 0;
}

void qemu_print_log_usage(FILE *f)
{
    const QEMULogItem *item;

    fprintf(f, "Log items (comma separated):\n");
    for (item = qemu_log_items; item->mask; item++) {
        fprintf(f, "%-15s %s\n", item->name, item->help);
    }
}

void qemu_shim_log_capture_start(void)
{
    g_rec_mutex_lock(&log_mutex);
    if (capture) {
        g_string_truncate(capture, 0);
    } else {
        capture = g_string_new(NULL);
    }
    g_rec_mutex_unlock(&log_mutex);
}

char *qemu_shim_log_capture_take(void)
{
    char *text;

    g_rec_mutex_lock(&log_mutex);
    text = capture ? g_string_free(capture, FALSE) : g_strdup("");
    capture = NULL;
    g_rec_mutex_unlock(&log_mutex);
    return text;
}

bool qemu_shim_log_capturing(void)
{
    return capture != NULL;
}
