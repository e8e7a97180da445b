/*
 * qemu-cxx-run: runs the unmodified qemu-system-arm with device modules in
 * it. It checks the loader options (loader-plan.h) with the shim's own
 * module loader, which refuses a module of another ABI, a missing file or
 * a broken one, and learns which types each module registers; -device
 * options of those types become the loader's, every other option goes to
 * QEMU unchanged. Then it execs QEMU with libqemu-cxx-loader.so preloaded
 * and the plan in the environment, so QEMU's exit status is ours.
 */
#include "qemu/osdep.h"
#include "hw/sysbus.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qom/object.h"
#include "loader-plan.h"

#define LOADER_LIBRARY "libqemu-cxx-loader.so"
#define DEFAULT_QEMU "qemu-system-arm"

static G_NORETURN void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static G_NORETURN void die(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", LOADER_PROG_NAME);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static G_NORETURN void die_err(Error *err)
{
    g_autofree char *msg = g_strdup(error_get_pretty(err));

    error_free(err);
    die("%s", msg);
}

static void print_help(void)
{
    static const char *const lines[][2] = {
        { "-x-module PATH", "load a device module (repeatable)" },
        { "-device TYPE[,id=ID][,PROP=VALUE]...",
          "create a device of a -x-module type (any other -device goes "
          "to QEMU)" },
        { "-x-map ID,addr=ADDR[,region=N]",
          "map MMIO region N (default 0) of device ID at ADDR" },
        { "-x-irq ID,line=M[,irq=N]",
          "connect IRQ output N (default 0) of device ID to input M of the\n"
          "      board's interrupt controller (GIC: SPI M; ARMv7-M: external "
          "interrupt M)" },
        { "-x-qemu PATH", "the QEMU binary (default: $QEMU_CXX_QEMU, else "
          DEFAULT_QEMU ")" },
        { "-x-dry-run", "print the command line instead of running it" },
        { "-help", "print this help" },
    };

    printf("usage: %s [QEMU options] [loader options]\n\n"
           "Runs %s with device modules loaded into it (%s,\n"
           "preloaded): the devices are created, mapped and wired once the "
           "board is\nbuilt, before the guest runs.\n\nLoader options:\n",
           LOADER_PROG_NAME, DEFAULT_QEMU, LOADER_LIBRARY);
    for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
        printf("  %s\n      %s\n", lines[i][0], lines[i][1]);
    }
    printf("\nEvery other option goes to QEMU unchanged: see '%s -help'.\n",
           DEFAULT_QEMU);
}

/* "-name" or "--name" as QEMU spells options; NULL for a non-option. */
static const char *option_name(const char *word)
{
    if (word[0] != '-') {
        return NULL;
    }
    return word + (word[1] == '-' ? 2 : 1);
}

/* Every type name the shim knows, as a set. */
static GHashTable *type_names(void)
{
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal,
                                              g_free, NULL);
    GSList *list = object_class_get_list(NULL, true);

    for (GSList *l = list; l; l = l->next) {
        g_hash_table_add(names,
                         g_strdup(object_class_get_name(l->data)));
    }
    g_slist_free(list);
    return names;
}

/*
 * Loads each module into the shim (ABI stamp, ELF, symbols, types) and
 * returns the types the modules registered: name -> module path.
 */
static GHashTable *load_modules(const LoaderPlan *plan)
{
    GHashTable *types = g_hash_table_new_full(g_str_hash, g_str_equal,
                                              g_free, g_free);
    g_autoptr(GHashTable) known = NULL;
    Error *err = NULL;

    qemu_mutex_lock_iothread();
    module_call_init(MODULE_INIT_QOM);      /* the shim's own types */
    known = type_names();
    for (guint i = 0; i < plan->modules->len; i++) {
        const char *path = g_ptr_array_index(plan->modules, i);
        g_autoptr(GHashTable) now = NULL;
        GHashTableIter iter;
        gpointer name;

        if (!qemu_shim_module_load(path, &err)) {
            die_err(err);
        }
        now = type_names();
        g_hash_table_iter_init(&iter, now);
        while (g_hash_table_iter_next(&iter, &name, NULL)) {
            if (!g_hash_table_contains(known, name)) {
                g_hash_table_add(known, g_strdup(name));
                g_hash_table_insert(types, g_strdup(name), g_strdup(path));
            }
        }
    }
    qemu_mutex_unlock_iothread();
    return types;
}

/*
 * Whether "-device @arg" is one of ours: a -x-module type, and not a
 * help request (QEMU answers those: the preloaded modules' types are
 * registered there too).
 */
static bool device_is_ours(GHashTable *module_types, const char *arg)
{
    g_autoptr(HarnessOpts) opts = NULL;
    const char *type;

    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        return false;
    }
    opts = harness_opts_parse(arg, "driver", NULL);
    if (!opts || harness_opts_get(opts, "help") ||
        harness_opts_get(opts, "?")) {
        return false;
    }
    type = harness_opts_get(opts, "driver");
    return type && g_hash_table_contains(module_types, type);
}

/* The shim's view of a device of ours: a concrete sysbus device. */
static void check_device_type(const LoaderDevice *dev, GHashTable *types)
{
    ObjectClass *oc = object_class_by_name(dev->type);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        die("-device %s: '%s' (from %s) is not a device type", dev->text,
            dev->type, (char *)g_hash_table_lookup(types, dev->type));
    }
    if (object_class_is_abstract(oc)) {
        die("-device %s: '%s' is an abstract type", dev->text, dev->type);
    }
    if (!object_class_dynamic_cast(oc, TYPE_SYS_BUS_DEVICE)) {
        die("-device %s: '%s' is not a sysbus device; the loader creates "
            "sysbus devices only", dev->text, dev->type);
    }
}

/* The loader library: next to this program (build tree), or in libdir. */
static char *find_loader(void)
{
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    g_autofree char *dir = NULL;
    const char *const places[] = { ".", LOADER_LIBDIR_FROM_BINDIR };

    if (!exe) {
        die("cannot find my own executable (/proc/self/exe)");
    }
    dir = g_path_get_dirname(exe);
    for (size_t i = 0; i < G_N_ELEMENTS(places); i++) {
        g_autofree char *path = g_build_filename(dir, places[i],
                                                 LOADER_LIBRARY, NULL);
        char *canonical = g_canonicalize_filename(path, NULL);

        if (g_file_test(canonical, G_FILE_TEST_IS_REGULAR)) {
            return canonical;
        }
        g_free(canonical);
    }
    die("cannot find %s next to %s or in %s/%s", LOADER_LIBRARY, exe, dir,
        LOADER_LIBDIR_FROM_BINDIR);
}

int main(int argc, char **argv)
{
    g_autoptr(LoaderPlan) plan = loader_plan_new();
    g_autoptr(GPtrArray) rest = g_ptr_array_new();
    g_autoptr(GPtrArray) qemu_argv = g_ptr_array_new();
    g_autoptr(GHashTable) module_types = NULL;
    const char *qemu = g_getenv("QEMU_CXX_QEMU");
    bool dry_run = false;
    Error *err = NULL;

    g_set_prgname(LOADER_PROG_NAME);
    if (!qemu || !*qemu) {
        qemu = DEFAULT_QEMU;
    }

    /* Pass 1: the loader's own options; -device waits for the types. */
    for (int i = 1; i < argc; i++) {
        const char *name = option_name(argv[i]);

        if (name && (!strcmp(name, "help") || !strcmp(name, "h"))) {
            print_help();
            return 0;
        }
        if (name && !strcmp(name, "x-dry-run")) {
            dry_run = true;
            continue;
        }
        if (name && (!strcmp(name, "x-qemu") ||
                     (strcmp(name, "device") && loader_plan_option(name)))) {
            if (i + 1 >= argc) {
                die("%s: requires an argument", argv[i]);
            }
            if (!strcmp(name, "x-qemu")) {
                qemu = argv[++i];
            } else if (!loader_plan_add(plan, name, argv[++i], &err)) {
                die_err(err);
            }
            continue;
        }
        g_ptr_array_add(rest, argv[i]);
    }

    module_types = load_modules(plan);

    /* Pass 2: -device of a module's type is ours, the rest is QEMU's. */
    g_ptr_array_add(qemu_argv, (char *)qemu);
    for (guint i = 0; i < rest->len; i++) {
        const char *word = g_ptr_array_index(rest, i);
        const char *name = option_name(word);

        if (name && !strcmp(name, "device") && i + 1 < rest->len &&
            device_is_ours(module_types, g_ptr_array_index(rest, i + 1))) {
            if (!loader_plan_add(plan, name, g_ptr_array_index(rest, ++i),
                                 &err)) {
                die_err(err);
            }
            check_device_type(g_ptr_array_index(plan->devices,
                                                plan->devices->len - 1),
                              module_types);
            continue;
        }
        g_ptr_array_add(qemu_argv, (char *)word);
    }
    g_ptr_array_add(qemu_argv, NULL);

    if (!loader_plan_check(plan, &err)) {
        die_err(err);
    }

    if (plan->modules->len) {
        g_autofree char *loader = find_loader();
        g_autofree char *encoded = loader_plan_encode(plan);
        const char *old = g_getenv("LD_PRELOAD");
        g_autofree char *preload = old && *old ?
            g_strconcat(loader, ":", old, NULL) : g_strdup(loader);

        g_setenv("LD_PRELOAD", preload, true);
        g_setenv(LOADER_PLAN_ENV, encoded, true);
    }

    if (dry_run) {
        const char *env[] = { "LD_PRELOAD", LOADER_PLAN_ENV };
        g_autoptr(GString) line = g_string_new(NULL);

        for (size_t i = 0; i < G_N_ELEMENTS(env); i++) {
            const char *value = g_getenv(env[i]);

            if (value && plan->modules->len) {
                g_autofree char *quoted = g_shell_quote(value);

                g_string_append_printf(line, "%s=%s ", env[i], quoted);
            }
        }
        for (guint i = 0; i + 1 < qemu_argv->len; i++) {
            g_autofree char *quoted =
                g_shell_quote(g_ptr_array_index(qemu_argv, i));

            g_string_append_printf(line, "%s%s", i ? " " : "", quoted);
        }
        printf("%s\n", line->str);
        return 0;
    }

    fflush(NULL);
    execvp(qemu, (char **)qemu_argv->pdata);
    die("cannot run '%s': %s", qemu, g_strerror(errno));
}
