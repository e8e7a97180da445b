/*
 * qemu-harness: a QEMU binary without a CPU.
 *
 *   qemu-harness [-x-module PATH]... [-x-module-dir DIR]
 *                [-chardev BACKEND,id=ID,...]... [-device TYPE,id=ID,...]...
 *                [-x-map ID[,region=N],addr=ADDR]... [-x-ram addr=A,size=S]...
 *                [-qtest unix:PATH|stdio] [-qtest-log FILE]
 *                [-qmp unix:PATH,server=on,wait=off] [-mon chardev=ID,mode=control]
 *                [-d ITEMS] [-D FILE] [-trace [enable=]PATTERN|events=FILE|file=FILE]
 *                [-msg timestamp=on] [-incoming file:PATH] [-M NAME]
 *
 * Modules also load from a module directory: every -x-module-dir, else
 * $QEMU_MODULE_DIR, else the installed one (README.md, "Install"). QEMU
 * options that only matter to a machine with a CPU (-nodefaults, -display,
 * -no-user-config, -accel, -m, -serial) are accepted and ignored so that
 * QEMU command lines can be reused.
 */
#include "qemu/osdep.h"
#include "harness.h"
#include <dlfcn.h>
#include <glib-unix.h>
#include "chardev/char.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qemu/shim.h"
#include "qom/object.h"
#include "sysemu/cpu-timers.h"
#include "trace/control.h"

extern const char qemu_shim_version[];

typedef enum {
    OPT_FLAG,       /* no argument */
    OPT_ARG,        /* one argument */
} OptKind;

typedef struct HarnessOption {
    const char *name;
    OptKind kind;
    const char *help;       /* NULL: accepted for QEMU compatibility only */
} HarnessOption;

static const HarnessOption options[] = {
    { "x-module", OPT_ARG, "PATH  load a device module" },
    { "x-module-dir", OPT_ARG, "DIR  load every *.so of DIR" },
    { "chardev", OPT_ARG, "BACKEND,id=ID,...  create a character device" },
    { "device", OPT_ARG, "TYPE,id=ID,PROP=VALUE,...  create a device "
      "(help, TYPE,help)" },
    { "x-map", OPT_ARG, "ID[,region=N],addr=ADDR  map MMIO region N of a "
      "sysbus device" },
    { "x-ram", OPT_ARG, "addr=ADDR,size=SIZE  add guest RAM" },
    { "qtest", OPT_ARG, "unix:PATH|stdio  serve the qtest protocol" },
    { "qtest-log", OPT_ARG, "FILE  log the qtest exchange ('none' for none)" },
    { "qmp", OPT_ARG, "unix:PATH[,server=on,wait=off]  serve QMP" },
    { "mon", OPT_ARG, "chardev=ID,mode=control  serve QMP on a chardev" },
    { "d", OPT_ARG, "ITEM,...  log items (guest_errors, unimp, ...)" },
    { "D", OPT_ARG, "FILE  log to FILE (log items, trace events)" },
    { "trace", OPT_ARG, "[enable=]PATTERN|events=FILE|file=FILE  enable "
      "trace events (help: list them)" },
    { "msg", OPT_ARG, "timestamp=on|off  time-stamp messages and trace "
      "lines" },
    { "incoming", OPT_ARG, "file:PATH  load the machine state at start" },
    { "M", OPT_ARG, "NAME  the machine name written into migration streams" },
    { "machine", OPT_ARG, NULL },
    { "version", OPT_FLAG, "print the version and exit" },
    { "help", OPT_FLAG, "print this help and exit" },
    { "h", OPT_FLAG, NULL },
    { "S", OPT_FLAG, "start stopped: QMP says prelaunch until cont" },
    { "nodefaults", OPT_FLAG, NULL },
    { "no-user-config", OPT_FLAG, NULL },
    { "nographic", OPT_FLAG, NULL },
    { "display", OPT_ARG, NULL },
    { "accel", OPT_ARG, NULL },
    { "m", OPT_ARG, NULL },
    { "serial", OPT_ARG, NULL },
};

typedef struct ParsedOption {
    const HarnessOption *opt;
    const char *arg;
} ParsedOption;

static bool quit_requested;

void harness_request_quit(void)
{
    quit_requested = true;
}

/* "qemu-harness: -device x,y=z: MESSAGE", then hints, as QEMU reports. */
static G_NORETURN void die(const ParsedOption *p, Error *err)
{
    if (p) {
        error_reportf_err(err, "-%s%s%s: ", p->opt->name, p->arg ? " " : "",
                          p->arg ? p->arg : "");
    } else {
        error_report_err(err);
    }
    exit(1);
}

static G_NORETURN void die_msg(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static G_NORETURN void die_msg(const char *fmt, ...)
{
    va_list ap;

    /* error_report escapes the control bytes a word may hold. */
    va_start(ap, fmt);
    error_vreport(fmt, ap);
    va_end(ap);
    exit(1);
}

/*
 * The module directory, as QEMU's CONFIG_QEMU_MODDIR: <libdir>/qemu-cxx of
 * the prefix this harness is installed in, found from the executable's own
 * place (QEMU's get_relocated_path), so that a moved prefix keeps working.
 */
static char *installed_module_dir(void)
{
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    g_autofree char *bindir = NULL;
    g_autofree char *dir = NULL;

    if (g_path_is_absolute(HARNESS_MODDIR_FROM_BINDIR) || !exe) {
        return g_strdup(HARNESS_MODDIR_FROM_BINDIR);
    }
    bindir = g_path_get_dirname(exe);
    dir = g_build_filename(bindir, HARNESS_MODDIR_FROM_BINDIR, NULL);
    return g_canonicalize_filename(dir, NULL);
}

static void print_help(void)
{
    g_autofree char *moddir = installed_module_dir();
    const char *name, *usage;

    printf("usage: %s [options]\n\n"
           "A QEMU 7.2 binary without a CPU: loads device modules and serves\n"
           "qtest and QMP.\n\n", HARNESS_NAME);
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        if (options[i].help) {
            printf("-%-14s %s\n", options[i].name, options[i].help);
        }
    }
    printf("\nAccepted and ignored, for QEMU command lines: -nodefaults "
           "-no-user-config -nographic -display -accel -m -serial -machine\n"
           "\nModules load from every -x-module-dir, else from "
           "$QEMU_MODULE_DIR (each\nwhole, at start-up), else from the "
           "installed module directory\n  %s\n"
           "whose modules load for -device help, QMP qom-list-types and a "
           "type not\nyet known (one that does not load gets a warning). "
           "-x-module adds to\neach; a PATH without '/' is in the current "
           "directory.\n",
           moddir);

    /* From the dispatchers' own tables. */
    printf("\nqtest commands (-qtest), as QEMU 7.2's:\n");
    for (size_t i = 0; (name = harness_qtest_command(i, &usage)); i++) {
        printf("  %s%s%s\n", name, *usage ? " " : "", usage);
    }
    printf("\nQMP commands (-qmp, -mon), as QEMU 7.2's:\n");
    for (size_t i = 0; (name = harness_qmp_command(i)); i++) {
        printf("  %s\n", name);
    }

    printf("\nUnlike QEMU: there is no CPU and no real time; the virtual "
           "clock moves only\nby qtest's clock_step and clock_set (with or "
           "without -qtest). system_reset\nresets every device before it "
           "replies (QEMU queues the reset for its main\nloop). As QEMU "
           "does before a guest runs, every device is reset once at\n"
           "start-up, before -incoming, qtest and QMP (no RESET event).\n");
    printf("\nUnlike QEMU, on purpose: a QMP monitor whose peer leaves more "
           "than %d KiB\nunread gets no more events until it reads; a qtest "
           "line longer than\n%d bytes gets one ERR and is skipped; a QMP id "
           "that overflows a double\n(1e400) is echoed as sent, not as inf; "
           "-d with an unknown item names it.\n"
           "\nTrace events are those of the loaded modules; they are "
           "logged (-D, else\nstderr) as \"NAME ARGS\", with -msg "
           "timestamp=on as \"PID@SEC.USEC:NAME ARGS\".\n",
           HARNESS_QMP_MAX_PENDING_OUTPUT / 1024, HARNESS_QTEST_MAX_LINE);
}

static const HarnessOption *find_option(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        if (strcmp(options[i].name, name) == 0) {
            return &options[i];
        }
    }
    return NULL;
}

static GArray *parse_command_line(int argc, char **argv)
{
    GArray *parsed = g_array_new(false, false, sizeof(ParsedOption));

    for (int i = 1; i < argc; i++) {
        const char *word = argv[i];
        ParsedOption p = { 0 };

        if (word[0] != '-') {
            die_msg("%s: invalid option", word);
        }
        word += (word[1] == '-') ? 2 : 1;   /* -opt and --opt, as QEMU */
        p.opt = find_option(word);
        if (!p.opt) {
            die_msg("%s: invalid option", argv[i]);
        }
        if (p.opt->kind == OPT_ARG) {
            if (i + 1 >= argc) {
                die_msg("%s: requires an argument", argv[i]);
            }
            p.arg = argv[++i];
        }
        g_array_append_val(parsed, p);
    }
    return parsed;
}

static bool is(const ParsedOption *p, const char *name)
{
    return strcmp(p->opt->name, name) == 0;
}

/* The installed module directory when it is the one searched, else NULL. */
static char *default_module_dir;

/*
 * Where modules come from, the first that is given: -x-module-dir (every
 * one given), $QEMU_MODULE_DIR, the installed module directory. A
 * directory that is asked for loads whole now, and a module that does not
 * load stops the harness; the installed one loads only when a type is
 * missing (harness_load_installed_modules()). -x-module adds to each.
 */
static void load_modules(GArray *parsed)
{
    const char *env_dir = g_getenv("QEMU_MODULE_DIR");
    bool dir_option = false;
    Error *err = NULL;

    for (guint i = 0; i < parsed->len; i++) {
        dir_option |= is(&g_array_index(parsed, ParsedOption, i),
                         "x-module-dir");
    }
    if (!dir_option && env_dir && *env_dir &&
        !qemu_shim_module_load_dir(env_dir, &err)) {
        die(NULL, err);
    }
    if (!dir_option && !(env_dir && *env_dir)) {
        default_module_dir = installed_module_dir();
    }
    for (guint i = 0; i < parsed->len; i++) {
        ParsedOption *p = &g_array_index(parsed, ParsedOption, i);
        bool ok = true;

        if (is(p, "x-module")) {
            ok = qemu_shim_module_load(p->arg, &err);
        } else if (is(p, "x-module-dir")) {
            ok = qemu_shim_module_load_dir(p->arg, &err);
        }
        if (!ok) {
            die(NULL, err);
        }
    }
    /* Types the host itself registers (and none yet run). */
    module_call_init(MODULE_INIT_QOM);
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every module of the installed directory, once, as QEMU's
 * module_load_qom_all() for -device help and QMP qom-list-types, and for
 * a type none knows (QEMU's module_load_qom()): one that does not load
 * gets a warning and the others load. A directory that does not exist holds no
 * module (nothing installed), as QEMU takes it. A module -x-module loaded
 * already is skipped.
 */
void harness_load_installed_modules(void)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *dir = g_steal_pointer(&default_module_dir);
    g_autoptr(GDir) d = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *name;

    if (!dir) {
        return;
    }
    d = g_dir_open(dir, 0, &gerr);
    if (!d) {
        if (!g_error_matches(gerr, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
            warn_report("Could not open module directory '%s': %s", dir,
                        gerr->message);
        }
        return;
    }
    while ((name = g_dir_read_name(d))) {
        if (g_str_has_suffix(name, ".so")) {
            g_ptr_array_add(names, g_strdup(name));
        }
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path =
            g_build_filename(dir, (char *)g_ptr_array_index(names, i), NULL);
        void *loaded = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
        Error *err = NULL;

        if (loaded) {
            dlclose(loaded);
        } else if (!qemu_shim_module_load(path, &err)) {
            warn_report_err(err);
        }
    }
}

/*
 * -device help lists the types of every module, and a -device TYPE whose
 * type no loaded module has loads the installed ones first (QEMU loads the
 * module its modinfo names for TYPE; without modinfo, all of them).
 */
static void load_modules_for_devices(GArray *parsed)
{
    for (guint i = 0; i < parsed->len && default_module_dir; i++) {
        ParsedOption *p = &g_array_index(parsed, ParsedOption, i);
        g_autoptr(HarnessOpts) opts = NULL;
        const char *type;

        if (!is(p, "device")) {
            continue;
        }
        opts = harness_opts_parse(p->arg, "driver", NULL);
        type = opts ? harness_opts_get(opts, "driver") : NULL;
        if (!type || !strcmp(type, "help") || !strcmp(type, "?") ||
            !object_class_by_name(type)) {
            harness_load_installed_modules();
        }
    }
}

/* -device help and -device TYPE,help print and exit, as in QEMU. */
static void device_help(const ParsedOption *p)
{
    g_autoptr(HarnessOpts) opts = NULL;
    Error *err = NULL;
    const char *type;

    if (strcmp(p->arg, "help") == 0 || strcmp(p->arg, "?") == 0) {
        harness_device_help();
        exit(0);
    }
    opts = harness_opts_parse(p->arg, "driver", &err);
    if (!opts) {
        die(p, err);
    }
    if (!harness_opts_get(opts, "help") && !harness_opts_get(opts, "?")) {
        return;
    }
    type = harness_opts_get(opts, "driver");
    if (!harness_device_type_help(type, &err)) {
        die(p, err);
    }
    exit(0);
}

/* -msg timestamp=on|off, as QEMU 7.2's configure_msg(). */
static void apply_msg(const ParsedOption *p)
{
    g_autoptr(HarnessOpts) opts = NULL;
    static const char *const keys[] = { "timestamp", "guest-name", NULL };
    const char *ts;
    Error *err = NULL;

    opts = harness_opts_parse(p->arg, "timestamp", &err);
    if (!opts || !harness_opts_check_keys(opts, keys, &err)) {
        die(p, err);
    }
    ts = harness_opts_get(opts, "timestamp");
    if (ts && strcmp(ts, "on") && strcmp(ts, "off")) {
        error_setg(&err, "Parameter 'timestamp' expects 'on' or 'off'");
        die(p, err);
    }
    message_with_timestamp = ts && !strcmp(ts, "on");
}

/*
 * As QEMU 7.2's vl.c, once the modules (and so their trace events) are
 * in: each -trace and -msg in order, then the last -d and the last -D,
 * applied once, then -trace file=, which overrides -D. "-d help" prints
 * the log items on stdout and exits 1, as QEMU does (it is not an item);
 * an unknown item is named on stderr, exit 1. "-trace help" and
 * "-d trace:help" list the events on stdout and exit 0.
 */
static void setup_logging(GArray *parsed)
{
    const ParsedOption *d = NULL, *file = NULL;
    Error *err = NULL;
    int mask = 0;

    for (guint i = 0; i < parsed->len; i++) {
        ParsedOption *p = &g_array_index(parsed, ParsedOption, i);

        if (is(p, "D")) {
            file = p;
        } else if (is(p, "d")) {
            d = p;
        } else if (is(p, "msg")) {
            apply_msg(p);
        } else if (is(p, "trace")) {
            /* QEMU's messages name the option: "-trace ARG: ..." */
            g_autofree char *loc = g_strdup_printf(" -trace %s: ", p->arg);
            g_autofree char *saved = qemu_shim_error_set_location(loc);
            bool ok = qemu_shim_trace_opt_parse(p->arg);

            g_free(qemu_shim_error_set_location(saved));
            if (!ok) {
                exit(1);
            }
        }
    }
    if (d && (!strcmp(d->arg, "help") || !strcmp(d->arg, "?"))) {
        qemu_print_log_usage(stdout);
        exit(1);
    }
    if (d && !qemu_shim_str_to_log_mask(d->arg, &mask, &err)) {
        die(d, err);
    }
    /* QEMU reports these without naming the option. */
    if (file && !qemu_set_log_filename(file->arg, &err)) {
        die(NULL, err);
    }
    /*
     * QEMU (built with the log trace backend, as Debian's is) opens the -D
     * file even without -d, and exits 1 if it cannot: the mask always
     * holds LOG_TRACE.
     */
    if (!qemu_set_log(mask, &err) || !qemu_shim_trace_init_file(&err)) {
        die(NULL, err);
    }
}

/* Apply one option of the machine-building pass. */
static bool apply_option(const ParsedOption *p, Error **errp)
{
    g_autoptr(HarnessOpts) opts = NULL;

    if (is(p, "chardev")) {
        return qemu_shim_chr_new_from_opts(p->arg, errp) != NULL;
    }
    if (is(p, "device")) {
        opts = harness_opts_parse(p->arg, "driver", errp);
        return opts && harness_device_add(opts, errp);
    }
    if (is(p, "x-map")) {
        opts = harness_opts_parse(p->arg, "id", errp);
        return opts && harness_map_mmio(opts, errp);
    }
    if (is(p, "x-ram")) {
        opts = harness_opts_parse(p->arg, NULL, errp);
        return opts && harness_add_ram(opts, errp);
    }
    if (is(p, "mon")) {
        const char *mode, *chardev;

        opts = harness_opts_parse(p->arg, "chardev", errp);
        if (!opts) {
            return false;
        }
        mode = harness_opts_get(opts, "mode");
        chardev = harness_opts_get(opts, "chardev");
        if (!chardev) {
            error_setg(errp, "Parameter 'chardev' is missing");
            return false;
        }
        if (!mode || strcmp(mode, "control") != 0) {
            error_setg(errp, "only mode=control (QMP) monitors are supported");
            return false;
        }
        return harness_qmp_add(chardev, errp);
    }
    if (is(p, "qmp")) {
        return harness_qmp_add_legacy(p->arg, errp);
    }
    return true;
}

/* At most this many types of leaked objects are listed. */
#define LEAK_REPORT_MAX 10

static void count_leaked_object(Object *obj, void *opaque)
{
    GHashTable *counts = opaque;
    const char *type = object_get_typename(obj);

    g_hash_table_insert(counts, (gpointer)type,
                        GUINT_TO_POINTER(GPOINTER_TO_UINT(
                            g_hash_table_lookup(counts, type)) + 1));
}

/*
 * Take the shim down and check that nothing outlives it: a device or
 * host path that leaks a reference shows up here, and as exit status 2
 * in the tests that run the harness.
 */
static int teardown(void)
{
    g_autoptr(GHashTable) counts = NULL;
    g_autoptr(GList) types = NULL;
    unsigned listed = 0;
    size_t live;

    g_clear_pointer(&default_module_dir, g_free);
    qemu_mutex_lock_iothread();
    harness_qmp_flush_all();
    qemu_shim_teardown();
    qemu_mutex_unlock_iothread();

    live = qemu_shim_live_objects();
    if (live == 0) {
        return 0;
    }
    fprintf(stderr, "%s: %zu QOM objects still alive at exit\n",
            HARNESS_NAME, live);
    counts = g_hash_table_new(g_str_hash, g_str_equal);
    qemu_shim_live_objects_foreach(count_leaked_object, counts);
    types = g_list_sort(g_hash_table_get_keys(counts), (GCompareFunc)strcmp);
    for (GList *l = types; l && listed < LEAK_REPORT_MAX; l = l->next) {
        fprintf(stderr, "  %u x %s\n",
                GPOINTER_TO_UINT(g_hash_table_lookup(counts, l->data)),
                (const char *)l->data);
        listed++;
    }
    return 2;
}

/*
 * SIGTERM, SIGINT and SIGHUP ask the loop to quit through a pipe that the
 * handler writes (async-signal-safe) and the loop watches: one fd source,
 * where g_unix_signal_add() would start GLib's worker thread at start-up
 * and add a source per signal to every iteration of the loop.
 */
static int signal_pipe[2] = { -1, -1 };

static void quit_signal_handler(int sig)
{
    int saved_errno = errno;
    char byte = (char)sig;

    (void)!write(signal_pipe[1], &byte, 1);
    errno = saved_errno;
}

static gboolean on_signal(gint fd, GIOCondition cond, gpointer opaque)
{
    char buf[64];

    (void)cond;
    (void)opaque;
    while (read(fd, buf, sizeof(buf)) > 0) {
        /* drained */
    }
    harness_request_quit();
    return G_SOURCE_CONTINUE;
}

static void quit_on_signals(void)
{
    static const int signals[] = { SIGTERM, SIGINT, SIGHUP };
    struct sigaction sa = { .sa_handler = quit_signal_handler,
                            .sa_flags = SA_RESTART };

    if (!g_unix_open_pipe(signal_pipe, FD_CLOEXEC, NULL) ||
        !g_unix_set_fd_nonblocking(signal_pipe[0], true, NULL) ||
        !g_unix_set_fd_nonblocking(signal_pipe[1], true, NULL)) {
        fprintf(stderr, "%s: cannot create the signal pipe: %s\n",
                HARNESS_NAME, g_strerror(errno));
        exit(1);
    }
    g_unix_fd_add(signal_pipe[0], G_IO_IN, on_signal, NULL);
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(signals); i++) {
        sigaction(signals[i], &sa, NULL);
    }
}

int main(int argc, char **argv)
{
    g_autoptr(GArray) parsed = NULL;
    const char *qtest = NULL, *qtest_log = NULL, *incoming = NULL;
    const char *machine = NULL;
    Error *err = NULL;

    g_set_prgname(HARNESS_NAME);
    /* As QEMU 7.2 does: a vanished peer is a write error, not a death. */
    signal(SIGPIPE, SIG_IGN);
    parsed = parse_command_line(argc, argv);
    for (guint i = 0; i < parsed->len; i++) {
        ParsedOption *p = &g_array_index(parsed, ParsedOption, i);

        if (is(p, "version")) {
            printf("QEMU emulator version %s\n", qemu_shim_version);
            return 0;
        }
        if (is(p, "help") || is(p, "h")) {
            print_help();
            return 0;
        }
        if (is(p, "qtest")) {
            qtest = p->arg;
        } else if (is(p, "qtest-log")) {
            qtest_log = p->arg;
        } else if (is(p, "incoming")) {
            incoming = p->arg;
        } else if (is(p, "M") || is(p, "machine")) {
            machine = p->arg;
        } else if (is(p, "S")) {
            /* Nothing runs before "cont" either way; QMP tells the state. */
            harness_set_run_state(HARNESS_PRELAUNCH);
        }
    }

    qemu_mutex_lock_iothread();
    load_modules(parsed);
    setup_logging(parsed);
    /* The clock's section first, as QEMU's cpu_timers_init() comes first. */
    qemu_shim_cpu_timers_init();
    harness_machine_init(machine);
    load_modules_for_devices(parsed);

    for (guint i = 0; i < parsed->len; i++) {
        ParsedOption *p = &g_array_index(parsed, ParsedOption, i);

        if (is(p, "device")) {
            device_help(p);
        }
    }
    /* Chardevs first, as QEMU creates them before devices and monitors. */
    for (int pass = 0; pass < 2; pass++) {
        for (guint i = 0; i < parsed->len; i++) {
            ParsedOption *p = &g_array_index(parsed, ParsedOption, i);

            if ((pass == 0) != is(p, "chardev")) {
                continue;
            }
            if (!apply_option(p, &err)) {
                die(p, err);
            }
        }
    }
    /* As QEMU does before the guest runs: every device starts from reset. */
    harness_system_reset();
    if (qtest && !harness_qtest_init(qtest, qtest_log, &err)) {
        die(NULL, err);
    }
    if (incoming && !harness_migrate_from(incoming, &err)) {
        error_reportf_err(err, "-incoming %s: ", incoming);
        exit(1);
    }

    quit_on_signals();
    qemu_mutex_unlock_iothread();

    while (!quit_requested) {
        main_loop_wait(false);
    }

    return teardown();
}
