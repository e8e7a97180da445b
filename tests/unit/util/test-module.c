/*
 * Unit tests for qemu/module.h: module_call_init runs each init once, and
 * the module loader accepts a good module (its types become known) and
 * refuses each kind of broken one with a one-line error.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qom/object.h"
#include "qapi/error.h"
#include "modules/test-module-hook.h"

#include <check.h>
#include <dlfcn.h>

static GString *events;

/* Called by the test modules; exported from this executable. */
void test_module_hook(const char *event)
{
    g_string_append_printf(events, "%s%s", events->len ? " " : "", event);
}

static void setup(void)
{
    events = g_string_new(NULL);
}

static void teardown(void)
{
    g_string_free(events, TRUE);
}

static char *module_path(const char *name)
{
    return g_strdup_printf("%s/%s.so", TEST_MODULE_DIR, name);
}

/* Load @name and expect it to fail with exactly @fmt % path. */
static void expect_load_error(const char *path, const char *expected)
{
    Error *err = NULL;

    ck_assert(!qemu_shim_module_load(path, &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(error_get_pretty(err), expected);
    ck_assert_ptr_null(strchr(expected, '\n'));
    error_free(err);
}

static void init_one(void)
{
    test_module_hook("one");
}

static void init_two(void)
{
    test_module_hook("two");
}

static void init_late(void)
{
    test_module_hook("late");
}

static void init_registers_late(void)
{
    test_module_hook("registers-late");
    register_module_init(init_late, MODULE_INIT_OPTS);
}

START_TEST(test_call_init_runs_each_once)
{
    register_module_init(init_one, MODULE_INIT_OPTS);
    register_module_init(init_two, MODULE_INIT_OPTS);
    register_module_init(init_one, MODULE_INIT_BLOCK);
    module_call_init(MODULE_INIT_OPTS);
    ck_assert_str_eq(events->str, "one two");
    module_call_init(MODULE_INIT_OPTS);
    ck_assert_str_eq(events->str, "one two");

    /* Registered after a call (as by a late dlopen): the next call runs it. */
    register_module_init(init_registers_late, MODULE_INIT_OPTS);
    module_call_init(MODULE_INIT_OPTS);
    ck_assert_str_eq(events->str, "one two registers-late late");
    module_call_init(MODULE_INIT_OPTS);
    ck_assert_str_eq(events->str, "one two registers-late late");

    /* Other types are separate. */
    module_call_init(MODULE_INIT_BLOCK);
    ck_assert_str_eq(events->str, "one two registers-late late one");
}
END_TEST

START_TEST(test_register_bad_type_aborts)
{
    register_module_init(init_one, MODULE_INIT_MAX);
}
END_TEST

START_TEST(test_stamp_not_in_library)
{
    /* Neither this executable nor libqemu-shim carries a stamp. */
    ck_assert_ptr_null(dlsym(RTLD_DEFAULT, QEMU_SHIM_STAMP_SYMBOL));
}
END_TEST

START_TEST(test_load_good_module)
{
    g_autofree char *path = module_path("good");
    size_t live = qemu_shim_live_objects();
    void *handle;
    const char *stamp;
    Object *obj;

    ck_assert_ptr_null(object_class_by_name("test-good-b"));
    ck_assert(qemu_shim_module_load(path, &error_abort));
    /* QOM inits ran, each once; the other kinds wait for their call. */
    ck_assert_str_eq(events->str, "good-a1 good-a2 good-b");
    module_call_init(MODULE_INIT_QOM);
    module_call_init(MODULE_INIT_OPTS);
    ck_assert_str_eq(events->str, "good-a1 good-a2 good-b good-opts");

    ck_assert_ptr_nonnull(object_class_by_name("test-good-a2"));
    ck_assert_str_eq(object_class_get_name(object_class_get_parent(
                         object_class_by_name("test-good-b"))),
                     "test-good-a1");
    obj = object_new("test-good-b");
    ck_assert(object_dynamic_cast(obj, "test-good-a1"));
    object_unref(obj);
    ck_assert_uint_eq(qemu_shim_live_objects(), live);

    /* The stamp of a module built from two files with three inits. */
    handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    ck_assert_ptr_nonnull(handle);
    stamp = (const char *)dlsym(handle, QEMU_SHIM_STAMP_SYMBOL);
    ck_assert_ptr_nonnull(stamp);
    ck_assert_str_eq(stamp, QEMU_SHIM_ABI_STAMP);
    dlclose(handle);
}
END_TEST

START_TEST(test_load_cxx_module)
{
    g_autofree char *path = module_path("cxx");

    ck_assert(qemu_shim_module_load(path, &error_abort));
    ck_assert_str_eq(events->str, "cxx");
    ck_assert_ptr_nonnull(object_class_by_name("test-cxx"));
}
END_TEST

START_TEST(test_load_twice)
{
    g_autofree char *path = module_path("good");
    g_autofree char *msg = g_strdup_printf("Module '%s' is already loaded",
                                           path);

    ck_assert(qemu_shim_module_load(path, &error_abort));
    expect_load_error(path, msg);
    ck_assert_str_eq(events->str, "good-a1 good-a2 good-b");
}
END_TEST

START_TEST(test_missing_file)
{
    g_autofree char *path = module_path("no-such-module");
    g_autofree char *msg = g_strdup_printf(
        "Could not load module '%s': No such file or directory", path);

    expect_load_error(path, msg);
}
END_TEST

START_TEST(test_not_a_shared_object)
{
    g_autofree char *dir = g_dir_make_tmp("test-module-XXXXXX", NULL);
    g_autofree char *text = g_build_filename(dir, "text.so", NULL);
    g_autofree char *empty = g_build_filename(dir, "empty.so", NULL);
    g_autofree char *msg = NULL;

    ck_assert(g_file_set_contents(text, "not a shared object\n", -1, NULL));
    ck_assert(g_file_set_contents(empty, "", 0, NULL));

    msg = g_strdup_printf("Could not load module '%s': not a shared object",
                          text);
    expect_load_error(text, msg);
    g_free(msg);
    msg = g_strdup_printf("Could not load module '%s': not a shared object",
                          empty);
    expect_load_error(empty, msg);
    g_free(msg);
    msg = g_strdup_printf("Could not load module '%s': not a shared object",
                          dir);
    expect_load_error(dir, msg);

    unlink(text);
    unlink(empty);
    rmdir(dir);
}
END_TEST

START_TEST(test_cxx_without_type_init)
{
    g_autofree char *path = module_path("cxx-noinit");
    g_autofree char *msg = g_strdup_printf(
        "Module '%s' defines C++ QOM classes but registers none: it has no "
        "QEMU_CXX_TYPE_INIT (no qemu_shim_module_stamp symbol)", path);

    expect_load_error(path, msg);
}
END_TEST

START_TEST(test_no_stamp)
{
    g_autofree char *path = module_path("nostamp");
    g_autofree char *msg = g_strdup_printf(
        "Module '%s' was not built against qemu-shim "
        "(no qemu_shim_module_stamp symbol)", path);

    expect_load_error(path, msg);
    /* Its init was dropped with it, never run. */
    module_call_init(MODULE_INIT_QOM);
    ck_assert_str_eq(events->str, "");
}
END_TEST

START_TEST(test_other_abi)
{
    g_autofree char *path = module_path("badabi");
    g_autofree char *msg = g_strdup_printf(
        "Module '%s' was built for ABI 'qemu-shim-abi-0.0-0', but this "
        "qemu-shim has ABI '%s'", path, QEMU_SHIM_ABI_STAMP);

    expect_load_error(path, msg);
    module_call_init(MODULE_INIT_QOM);
    ck_assert_str_eq(events->str, "");
}
END_TEST

START_TEST(test_undefined_symbol)
{
    g_autofree char *path = module_path("undef");
    g_autofree char *msg = g_strdup_printf(
        "Could not load module '%s': undefined symbol: "
        "test_module_missing_symbol", path);

    expect_load_error(path, msg);
}
END_TEST

START_TEST(test_type_registered_twice)
{
    g_autofree char *good = module_path("good");
    g_autofree char *dup = module_path("dup");
    Error *err = NULL;
    g_autofree char *prefix = g_strdup_printf("Module '%s': ", dup);

    ck_assert(qemu_shim_module_load(good, &error_abort));
    ck_assert(!qemu_shim_module_load(dup, &err));
    ck_assert(g_str_has_prefix(error_get_pretty(err), prefix));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "test-good-a1"));
    ck_assert_ptr_null(strchr(error_get_pretty(err), '\n'));
    error_free(err);
}
END_TEST

START_TEST(test_unknown_parent)
{
    g_autofree char *path = module_path("orphan");
    Error *err = NULL;
    g_autofree char *prefix = g_strdup_printf("Module '%s': ", path);

    ck_assert(!qemu_shim_module_load(path, &err));
    ck_assert(g_str_has_prefix(error_get_pretty(err), prefix));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err),
                                 "test-no-such-parent"));
    ck_assert_ptr_null(strchr(error_get_pretty(err), '\n'));
    error_free(err);
}
END_TEST

START_TEST(test_earlier_broken_types_not_blamed_on_next_module)
{
    g_autofree char *orphan = module_path("orphan");
    g_autofree char *good = module_path("good");
    g_autofree char *msg = g_strdup_printf(
        "Could not load module '%s': the types registered before it are "
        "broken: ", good);
    Error *err = NULL;

    ck_assert(!qemu_shim_module_load(orphan, NULL));
    ck_assert(!qemu_shim_module_load(good, &err));
    ck_assert(g_str_has_prefix(error_get_pretty(err), msg));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "test-orphan"));
    error_free(err);
    ck_assert_str_eq(events->str, "");
}
END_TEST

/* A temporary directory of symlinks to test modules. */
static char *make_module_dir(const char *const *links)
{
    char *dir = g_dir_make_tmp("test-module-XXXXXX", NULL);

    for (; *links; links += 2) {
        g_autofree char *target = module_path(links[1]);
        g_autofree char *link = g_build_filename(dir, links[0], NULL);

        ck_assert_int_eq(symlink(target, link), 0);
    }
    return dir;
}

static void remove_module_dir(char *dir, const char *const *links)
{
    for (; *links; links += 2) {
        g_autofree char *link = g_build_filename(dir, links[0], NULL);

        unlink(link);
    }
    rmdir(dir);
    g_free(dir);
}

START_TEST(test_load_dir_sorted)
{
    static const char *const links[] = {
        "20-other.so", "other", "10-good.so", "good",
        "README.txt", "other", "30-cxx.so.disabled", "cxx", NULL
    };
    char *dir = make_module_dir(links);

    ck_assert(qemu_shim_module_load_dir(dir, &error_abort));
    ck_assert_str_eq(events->str, "good-a1 good-a2 good-b other");
    remove_module_dir(dir, links);
}
END_TEST

START_TEST(test_load_dir_stops_at_bad_module)
{
    static const char *const links[] = {
        "a.so", "good", "b.so", "badabi", "c.so", "other", NULL
    };
    char *dir = make_module_dir(links);
    g_autofree char *bad = g_build_filename(dir, "b.so", NULL);
    Error *err = NULL;
    g_autofree char *prefix = g_strdup_printf("Module '%s' was built for ",
                                              bad);

    ck_assert(!qemu_shim_module_load_dir(dir, &err));
    ck_assert(g_str_has_prefix(error_get_pretty(err), prefix));
    error_free(err);
    ck_assert_str_eq(events->str, "good-a1 good-a2 good-b");
    remove_module_dir(dir, links);
}
END_TEST

START_TEST(test_load_dir_missing)
{
    Error *err = NULL;

    ck_assert(!qemu_shim_module_load_dir("/nonexistent-module-dir", &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Could not open module directory "
                     "'/nonexistent-module-dir': No such file or directory");
    error_free(err);
}
END_TEST

static Suite *module_suite(void)
{
    Suite *s = suite_create("module");
    TCase *tc = tcase_create("init");
    TCase *load = tcase_create("load");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_call_init_runs_each_once);
    tcase_add_test_raise_signal(tc, test_register_bad_type_aborts, SIGABRT);
    tcase_add_test(tc, test_stamp_not_in_library);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(load, setup, teardown);
    tcase_add_test(load, test_load_good_module);
    tcase_add_test(load, test_load_cxx_module);
    tcase_add_test(load, test_load_twice);
    tcase_add_test(load, test_missing_file);
    tcase_add_test(load, test_not_a_shared_object);
    tcase_add_test(load, test_no_stamp);
    tcase_add_test(load, test_cxx_without_type_init);
    tcase_add_test(load, test_other_abi);
    tcase_add_test(load, test_undefined_symbol);
    tcase_add_test(load, test_type_registered_twice);
    tcase_add_test(load, test_unknown_parent);
    tcase_add_test(load, test_earlier_broken_types_not_blamed_on_next_module);
    tcase_add_test(load, test_load_dir_sorted);
    tcase_add_test(load, test_load_dir_stops_at_bad_module);
    tcase_add_test(load, test_load_dir_missing);
    suite_add_tcase(s, load);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(module_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
