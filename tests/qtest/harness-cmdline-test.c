/*
 * qemu-harness's command line, run as a process: module loading (by path,
 * by directory, from $QEMU_MODULE_DIR) and every error it must report as
 * QEMU does, in one "qemu-harness: ...: MESSAGE" line and exit status 1;
 * the help and version output. Paths come from the environment (meson).
 */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct Run {
    int status;         /* exit status, or -1 if killed by a signal */
    char *out;
    char *err;
} Run;

static const char *env_path(const char *name)
{
    const char *v = g_getenv(name);

    ck_assert_msg(v && *v, "%s is not set (run through meson test)", name);
    return v;
}

static void run_free(Run *r)
{
    g_free(r->out);
    g_free(r->err);
    g_free(r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Run, run_free)

/* A harness that wrongly keeps running dies with the test that waits for it. */
static void child_setup(gpointer data)
{
    (void)data;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
}

/*
 * Runs qemu-harness with @args (NULL-terminated) and @module_dir as
 * $QEMU_MODULE_DIR (NULL: unset). Without a qtest socket a command line
 * that does not fail runs forever, so every expected success here is a
 * -help, -version or help request; a wrong one hits Check's timeout.
 */
static Run *run_env(const char *module_dir, const char *const *args)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_auto(GStrv) envp = g_get_environ();
    g_autoptr(GError) err = NULL;
    Run *r = g_new0(Run, 1);
    int wait_status;

    g_ptr_array_add(argv, (gpointer)env_path("QEMU_HARNESS"));
    for (const char *const *a = args; *a; a++) {
        g_ptr_array_add(argv, (gpointer)*a);
    }
    g_ptr_array_add(argv, NULL);
    envp = module_dir ? g_environ_setenv(envp, "QEMU_MODULE_DIR", module_dir, TRUE)
                      : g_environ_unsetenv(envp, "QEMU_MODULE_DIR");
    ck_assert_msg(g_spawn_sync(NULL, (char **)argv->pdata, envp,
                               G_SPAWN_STDIN_FROM_DEV_NULL, child_setup, NULL,
                               &r->out, &r->err, &wait_status, &err),
                  "spawn: %s", err ? err->message : "?");
    r->status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
    return r;
}

#define run(...) run_env(NULL, (const char *const[]){ __VA_ARGS__, NULL })

/* Exit status 1, nothing on stdout, and stderr's first line is @line. */
static void assert_error_line(const Run *r, const char *line)
{
    const char *nl = strchr(r->err, '\n');

    ck_assert_msg(r->status == 1, "exit status %d, stderr '%s'", r->status,
                  r->err);
    ck_assert_str_eq(r->out, "");
    ck_assert_msg(nl, "stderr has no complete line: '%s'", r->err);
    ck_assert_msg(strncmp(r->err, line, nl - r->err) == 0 &&
                  (size_t)(nl - r->err) == strlen(line),
                  "stderr '%s', expected '%s'", r->err, line);
}

/* As above, and stderr is that one line only (module errors). */
static void assert_only_line(const Run *r, const char *line)
{
    g_autofree char *want = g_strconcat(line, "\n", NULL);

    assert_error_line(r, line);
    ck_assert_str_eq(r->err, want);
}

/* One line naming the harness and @path, containing @cause. */
static void assert_module_error(const Run *r, const char *path,
                                const char *cause)
{
    ck_assert_msg(r->status == 1, "exit status %d, stderr '%s'", r->status,
                  r->err);
    ck_assert_msg(g_str_has_prefix(r->err, "qemu-harness: "), "'%s'", r->err);
    ck_assert_msg(strchr(r->err, '\n') == r->err + strlen(r->err) - 1,
                  "not one line: '%s'", r->err);
    ck_assert_msg(strstr(r->err, path), "'%s' does not name '%s'", r->err,
                  path);
    ck_assert_msg(strstr(r->err, cause), "'%s' lacks '%s'", r->err, cause);
}

/* A private directory with symlinks to the given modules. */
static char *module_dir_with(const char *const *modules)
{
    g_autoptr(GError) err = NULL;
    char *dir = g_dir_make_tmp("harness-modules-XXXXXX", &err);

    ck_assert_msg(dir, "%s", err ? err->message : "?");
    for (const char *const *m = modules; *m; m++) {
        g_autofree char *base = g_path_get_basename(*m);
        g_autofree char *link = g_build_filename(dir, base, NULL);

        ck_assert_int_eq(symlink(*m, link), 0);
    }
    return dir;
}

static void remove_dir(char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);

        g_unlink(path);
    }
    if (d) {
        g_dir_close(d);
    }
    g_rmdir(dir);
    g_free(dir);
}

/* ---- modules ---- */

START_TEST(test_module_missing)
{
    g_autoptr(Run) r = run("-x-module", "/nonexistent/x-gone.so");

    assert_only_line(r, "qemu-harness: Could not load module "
                     "'/nonexistent/x-gone.so': No such file or directory");
}
END_TEST

START_TEST(test_module_not_elf)
{
    g_autofree char *path = NULL;
    g_autoptr(GError) err = NULL;
    int fd = g_file_open_tmp("harness-not-a-module-XXXXXX.so", &path, &err);
    g_autoptr(Run) r = NULL;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "not ELF\n", 8), 8);
    close(fd);
    r = run("-x-module", path);
    assert_module_error(r, path, "not a shared object");
    g_unlink(path);
}
END_TEST

START_TEST(test_module_no_stamp)
{
    const char *path = env_path("BROKEN_NOSTAMP");
    g_autoptr(Run) r = run("-x-module", path);

    assert_module_error(r, path, "was not built against qemu-shim");
}
END_TEST

START_TEST(test_module_other_abi)
{
    const char *path = env_path("BROKEN_BADABI");
    g_autoptr(Run) r = run("-x-module", path);

    assert_module_error(r, path, "was built for ABI 'qemu-shim-abi-0.0-0'");
}
END_TEST

START_TEST(test_module_undefined_symbol)
{
    const char *path = env_path("BROKEN_UNDEF");
    g_autoptr(Run) r = run("-x-module", path);

    assert_module_error(r, path, "undefined symbol: x_testdev_no_such_symbol");
}
END_TEST

START_TEST(test_module_type_twice)
{
    const char *path = env_path("BROKEN_DUP");
    g_autoptr(Run) r = run("-x-module", env_path("X_TESTDEV"),
                           "-x-module", path);

    assert_module_error(r, path, "Registering type 'x-testdev' which "
                        "already exists");
}
END_TEST

START_TEST(test_module_dir_option)
{
    const char *const good[] = { env_path("X_TESTDEV"),
                                 env_path("PL011_C_MODULE"), NULL };
    const char *const bad[] = { env_path("X_TESTDEV"),
                                env_path("BROKEN_BADABI"), NULL };
    char *dir = module_dir_with(good);
    char *bad_dir = module_dir_with(bad);
    g_autoptr(Run) ok = run("-x-module-dir", dir, "-device", "help");
    g_autoptr(Run) fail = run("-x-module-dir", bad_dir, "-device", "help");
    g_autoptr(Run) none = run("-x-module-dir", "/nonexistent/modules");

    ck_assert_msg(ok->status == 0, "%s", ok->err);
    ck_assert_ptr_nonnull(strstr(ok->out, "name \"x-testdev\""));
    ck_assert_ptr_nonnull(strstr(ok->out, "name \"pl011-c\""));
    assert_module_error(fail, "x-broken-badabi.so", "was built for ABI");
    assert_only_line(none, "qemu-harness: Could not open module directory "
                     "'/nonexistent/modules': No such file or directory");
    remove_dir(dir);
    remove_dir(bad_dir);
}
END_TEST

START_TEST(test_module_dir_env)
{
    const char *const good[] = { env_path("X_TESTDEV"), NULL };
    const char *const bad[] = { env_path("BROKEN_UNDEF"), NULL };
    const char *const help[] = { "-device", "x-testdev,help", NULL };
    char *dir = module_dir_with(good);
    char *bad_dir = module_dir_with(bad);
    g_autoptr(Run) ok = run_env(dir, help);
    g_autoptr(Run) fail = run_env(bad_dir, help);
    g_autoptr(Run) without = run("-device", "x-testdev,help");

    ck_assert_msg(ok->status == 0, "%s", ok->err);
    ck_assert(g_str_has_prefix(ok->out, "x-testdev options:\n"));
    assert_module_error(fail, "x-broken-undef.so", "undefined symbol");
    /* without the module the type is unknown */
    assert_only_line(without, "qemu-harness: -device x-testdev,help: "
                     "'x-testdev' is not a valid device model name");
    remove_dir(dir);
    remove_dir(bad_dir);
}
END_TEST

/* ---- -device errors ---- */

#define TESTDEV "-x-module", env_path("X_TESTDEV")

START_TEST(test_unknown_option)
{
    g_autoptr(Run) r = run("-no-such-option");
    g_autoptr(Run) r2 = run("stray");

    assert_only_line(r, "qemu-harness: -no-such-option: invalid option");
    assert_only_line(r2, "qemu-harness: stray: invalid option");
}
END_TEST

START_TEST(test_missing_argument)
{
    g_autoptr(Run) r = run(TESTDEV, "-device");

    assert_only_line(r, "qemu-harness: -device: requires an argument");
}
END_TEST

START_TEST(test_unknown_type)
{
    g_autoptr(Run) r = run(TESTDEV, "-device", "x-nosuch,id=a");
    g_autoptr(Run) abstract = run(TESTDEV, "-device", "sys-bus-device");
    g_autoptr(Run) nodriver = run(TESTDEV, "-device", "id=a");
    g_autoptr(Run) nodriver_help = run(TESTDEV, "-device", "help=on");

    assert_only_line(r, "qemu-harness: -device x-nosuch,id=a: 'x-nosuch' is "
                     "not a valid device model name");
    assert_only_line(abstract, "qemu-harness: -device sys-bus-device: "
                     "Parameter 'driver' expects a non-abstract device type");
    assert_only_line(nodriver, "qemu-harness: -device id=a: Parameter 'driver' "
                     "is missing");
    assert_only_line(nodriver_help, "qemu-harness: -device help=on: Parameter "
                     "'driver' is missing");
}
END_TEST

START_TEST(test_unknown_property)
{
    g_autoptr(Run) r = run(TESTDEV, "-device", "x-testdev,foo=1");

    assert_only_line(r, "qemu-harness: -device x-testdev,foo=1: Property "
                     "'x-testdev.foo' not found");
}
END_TEST

START_TEST(test_bad_property_values)
{
    g_autoptr(Run) b = run(TESTDEV, "-device", "x-testdev,flag=maybe");
    g_autoptr(Run) neg = run(TESTDEV, "-device", "x-testdev,value=-1");
    g_autoptr(Run) big = run(TESTDEV, "-device", "x-testdev,value=0x100000000");
    g_autoptr(Run) text = run(TESTDEV, "-device", "x-testdev,value=zz");

    assert_only_line(b, "qemu-harness: -device x-testdev,flag=maybe: "
                     "Parameter 'flag' expects 'on' or 'off'");
    assert_only_line(neg, "qemu-harness: -device x-testdev,value=-1: "
                     "Parameter 'value' expects uint32_t");
    assert_only_line(big, "qemu-harness: -device x-testdev,value=0x100000000: "
                     "Parameter 'value' expects uint32_t");
    /* A non-number: QEMU 7.2's -device (keyval) wording. */
    assert_error_line(text, "qemu-harness: -device x-testdev,value=zz: "
                      "Parameter 'value' expects integer");
}
END_TEST

START_TEST(test_unknown_chardev)
{
    g_autoptr(Run) r = run(TESTDEV, "-device", "x-testdev,chardev=nope");

    assert_only_line(r, "qemu-harness: -device x-testdev,chardev=nope: "
                     "Property 'x-testdev.chardev' can't find value 'nope'");
}
END_TEST

START_TEST(test_duplicate_id)
{
    g_autoptr(Run) r = run(TESTDEV, "-device", "x-testdev,id=a",
                           "-device", "x-testdev,id=a");

    assert_only_line(r, "qemu-harness: -device x-testdev,id=a: Duplicate ID "
                     "'a' for device");
}
END_TEST

START_TEST(test_bad_id)
{
    g_autoptr(Run) r = run(TESTDEV, "-device", "x-testdev,id=1a");

    /* QEMU adds a hint line */
    assert_error_line(r, "qemu-harness: -device x-testdev,id=1a: Parameter "
                      "'id' expects an identifier");
    ck_assert_ptr_nonnull(strstr(r->err, "\nIdentifiers consist of letters"));
}
END_TEST

START_TEST(test_realize_failure)
{
    g_autoptr(Run) r = run(TESTDEV, "-device", "x-testdev,id=a,value=0xdead");

    assert_only_line(r, "qemu-harness: -device x-testdev,id=a,value=0xdead: "
                     "x-testdev: value 0xdead is refused on purpose");
}
END_TEST

START_TEST(test_bad_map)
{
    g_autoptr(Run) id = run(TESTDEV, "-device", "x-testdev,id=a",
                            "-x-map", "b,addr=0x1000");
    g_autoptr(Run) region = run(TESTDEV, "-device", "x-testdev,id=a",
                                "-x-map", "a,region=1,addr=0x1000");
    g_autoptr(Run) addr = run(TESTDEV, "-device", "x-testdev,id=a",
                              "-x-map", "a");
    g_autoptr(Run) ram = run("-x-ram", "addr=0x1000,size=0");

    assert_only_line(id, "qemu-harness: -x-map b,addr=0x1000: Device 'b' not "
                     "found");
    assert_only_line(region, "qemu-harness: -x-map a,region=1,addr=0x1000: "
                     "Device 'a' has no MMIO region 1 (it has 1)");
    assert_only_line(addr, "qemu-harness: -x-map a: Parameter 'addr' is "
                     "missing");
    assert_only_line(ram, "qemu-harness: -x-ram addr=0x1000,size=0: "
                     "Parameter 'size' expects a non-zero size");
}
END_TEST

START_TEST(test_bad_incoming)
{
    g_autoptr(Run) r = run(TESTDEV, "-incoming", "file:/nonexistent/state");
    g_autoptr(Run) uri = run(TESTDEV, "-incoming", "tcp:localhost:4444");

    ck_assert_int_eq(r->status, 1);
    ck_assert_msg(g_str_has_prefix(r->err, "qemu-harness: -incoming "
                                   "file:/nonexistent/state: ") &&
                  strstr(r->err, "No such file or directory"), "'%s'", r->err);
    assert_only_line(uri, "qemu-harness: -incoming tcp:localhost:4444: "
                     "-incoming expects a 'file:PATH' URI");
}
END_TEST

/* ---- help and version ---- */

START_TEST(test_device_help)
{
    g_autoptr(Run) r = run(TESTDEV, "-x-module", env_path("PL011_C_MODULE"),
                           "-device", "help");

    ck_assert_msg(r->status == 0, "%s", r->err);
    ck_assert_str_eq(r->err, "");
    ck_assert_ptr_nonnull(strstr(r->out, "\nname \"x-testdev\", bus System, "
                                 "desc \"qemu-harness test device\"\n"));
    ck_assert_ptr_nonnull(strstr(r->out, "\nname \"pl011-c\", bus System\n"));
    ck_assert_ptr_nonnull(strstr(r->out, "\nname \"pl011_luminary-c\", "
                                 "bus System\n"));
    /* abstract types are not listed */
    ck_assert_ptr_null(strstr(r->out, "sys-bus-device"));
}
END_TEST

/* The layout of QEMU 7.2's "-device pl011,help". */
START_TEST(test_device_type_help)
{
    g_autoptr(Run) r = run(TESTDEV, "-device", "x-testdev,help");
    g_autoptr(Run) q = run(TESTDEV, "-device", "x-testdev,?");

    ck_assert_msg(r->status == 0, "%s", r->err);
    ck_assert_str_eq(r->out,
        "x-testdev options:\n"
        "  chardev=<str>          - ID of a chardev to use as a backend\n"
        "  flag=<bool>            -  (default: true)\n"
        "  name=<str>\n"
        "  scratch=<uint32>\n"
        "  sysbus-irq[0]=<link<irq>>\n"
        "  sysbus-irq[1]=<link<irq>>\n"
        "  unnamed-gpio-in[0]=<child<irq>>\n"
        "  unnamed-gpio-in[1]=<child<irq>>\n"
        "  unnamed-gpio-in[2]=<child<irq>>\n"
        "  unnamed-gpio-in[3]=<child<irq>>\n"
        "  value=<uint32>         -  (default: 0)\n"
        "  x-testdev[0]=<child<memory-region>>\n");
    ck_assert_int_eq(q->status, 0);
    ck_assert_str_eq(q->out, r->out);
}
END_TEST

START_TEST(test_version_and_help)
{
    g_autoptr(Run) v = run("-version");
    g_autoptr(Run) h = run("-help");
    g_autoptr(Run) dh = run("--help");

    ck_assert_int_eq(v->status, 0);
    ck_assert(g_str_has_prefix(v->out, "QEMU emulator version 7.2."));
    ck_assert_int_eq(h->status, 0);
    ck_assert_ptr_nonnull(strstr(h->out, "-device"));
    ck_assert_ptr_nonnull(strstr(h->out, "-x-map"));
    ck_assert_ptr_nonnull(strstr(h->out, "-qtest"));
    ck_assert_int_eq(dh->status, 0);
    ck_assert_str_eq(dh->out, h->out);
}
END_TEST

static Suite *cmdline_suite(void)
{
    Suite *s = suite_create("qtest-harness-cmdline");
    TCase *modules = tcase_create("modules");
    TCase *device = tcase_create("errors");
    TCase *help = tcase_create("help");

    tcase_add_test(modules, test_module_missing);
    tcase_add_test(modules, test_module_not_elf);
    tcase_add_test(modules, test_module_no_stamp);
    tcase_add_test(modules, test_module_other_abi);
    tcase_add_test(modules, test_module_undefined_symbol);
    tcase_add_test(modules, test_module_type_twice);
    tcase_add_test(modules, test_module_dir_option);
    tcase_add_test(modules, test_module_dir_env);
    suite_add_tcase(s, modules);

    tcase_add_test(device, test_unknown_option);
    tcase_add_test(device, test_missing_argument);
    tcase_add_test(device, test_unknown_type);
    tcase_add_test(device, test_unknown_property);
    tcase_add_test(device, test_bad_property_values);
    tcase_add_test(device, test_unknown_chardev);
    tcase_add_test(device, test_duplicate_id);
    tcase_add_test(device, test_bad_id);
    tcase_add_test(device, test_realize_failure);
    tcase_add_test(device, test_bad_map);
    tcase_add_test(device, test_bad_incoming);
    suite_add_tcase(s, device);

    tcase_add_test(help, test_device_help);
    tcase_add_test(help, test_device_type_help);
    tcase_add_test(help, test_version_and_help);
    suite_add_tcase(s, help);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cmdline_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
