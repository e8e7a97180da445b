/*
 * Unit tests of qemu-cxx/error.hh: qemu::Error both ways with message and
 * location, Result, call_c() for each kind of C function, and report()
 * into NULL, a local Error *, &error_abort and &error_fatal.
 */
#include "qemu-cxx/conversions.hh" /* into_native */
#include "qemu-cxx/error.hh"

#include "bindings-test.h"

static_assert(!std::is_copy_constructible_v<qemu::Error>);
static_assert(std::is_nothrow_move_constructible_v<qemu::Error>);

/* C functions in QEMU's three styles. */
static void c_void(int fail, Error **errp)
{
    if (fail) {
        error_setg(errp, "void failed %d", fail);
    }
}

static bool c_bool(int fail, Error **errp)
{
    if (fail) {
        error_setg(errp, "bool failed");
        return false;
    }
    return true;
}

static bool c_bool_no_error(Error **)
{
    return false;
}

static char *c_value(const char *s, Error **errp)
{
    if (!s) {
        error_setg(errp, "no string");
        return nullptr;
    }
    return g_strdup(s);
}

static const int c_line = __LINE__ + 4;
static Error *c_make_error(void)
{
    Error *err = nullptr;
    error_setg(&err, "made in C");
    return err;
}

START_TEST(test_error_from_cxx)
{
    const int line = __LINE__ + 1;
    qemu::Error e("from C++");
    ck_assert(e.message() == "from C++");
    ck_assert_int_eq(e.location().line, line);
    ck_assert(e.location().file.ends_with("test-error.cc"));
    ck_assert(e.location().function.find("test_error_from_cxx") !=
              std::string_view::npos);
    ck_assert(!e.hint());

    /* Messages are not format strings. */
    qemu::Error pct("100%s %d");
    ck_assert(pct.message() == "100%s %d");
}
END_TEST

START_TEST(test_error_from_c)
{
    qemu::Error e = qemu::Error::adopt(c_make_error());
    ck_assert(e.message() == "made in C");
    ck_assert_int_eq(e.location().line, c_line);
    ck_assert(e.location().function == "c_make_error");

    /* Back to C: the same Error *, handed over. */
    const Error *before = e.c_ptr();
    Error *c = std::move(e).release();
    ck_assert_ptr_eq(c, before);
    ck_assert_ptr_null(e.c_ptr());
    error_free(c);
}
END_TEST

START_TEST(test_error_copy_and_hint)
{
    Error *c = c_make_error();
    Error **errp = &c;
    error_append_hint(errp, "try again\n");
    qemu::Error e = qemu::Error::copy(c);
    ck_assert_ptr_ne(e.c_ptr(), c);
    ck_assert(e.hint() == "try again\n");
    error_free(c);

    e.prepend("device foo: ");
    ck_assert(e.message() == "device foo: made in C");
}
END_TEST

static qemu::Result<int> half(int v)
{
    if (v % 2) {
        return qemu::failure("odd");
    }
    return v / 2;
}

START_TEST(test_result)
{
    ck_assert_int_eq(half(4).value(), 2);
    qemu::Result<int> r = half(3);
    ck_assert(!r);
    ck_assert(r.error().message() == "odd");
    ck_assert(r.error().location().file.ends_with("test-error.cc"));

    qemu::Result<> ok{};
    ck_assert(ok.has_value());
}
END_TEST

START_TEST(test_call_c)
{
    qemu::Result<> v = qemu::call_c(c_void, 0);
    ck_assert(v);
    v = qemu::call_c(c_void, 7);
    ck_assert(!v && v.error().message() == "void failed 7");

    static_assert(std::is_same_v<decltype(qemu::call_c(c_bool, 0)),
                                 qemu::Result<>>);
    ck_assert(qemu::call_c(c_bool, 0));
    ck_assert(qemu::call_c(c_bool, 1).error().message() == "bool failed");
    /* false without an error is a C bug: still an error, not a crash. */
    ck_assert(!qemu::call_c(c_bool_no_error));

    qemu::Result<char *> s = qemu::call_c(c_value, "x");
    ck_assert(s);
    ck_assert(qemu::into_native<std::string>(*s) == "x");
    ck_assert(!qemu::call_c(c_value, nullptr));

    /* A lambda works too. */
    auto r = qemu::call_c([](int a, Error **errp) {
        if (a < 0) {
            error_setg(errp, "negative");
        }
        return a * 2;
    }, 21);
    ck_assert(r);
    ck_assert_int_eq(*r, 42);
}
END_TEST

START_TEST(test_report)
{
    ck_assert(qemu::report(qemu::Result<>(), nullptr));

    /* NULL: the error is dropped (and freed: ASan checks). */
    ck_assert(!qemu::report(qemu::call_c(c_void, 1), nullptr));

    Error *err = nullptr;
    ck_assert(!qemu::report(qemu::call_c(c_void, 2), &err));
    ck_assert_str_eq(error_get_pretty(err), "void failed 2");
    error_free(err);

    /* Values: the value, or the fallback after reporting. */
    err = nullptr;
    ck_assert_int_eq(qemu::report(half(8), &err, -1), 4);
    ck_assert_ptr_null(err);
    ck_assert_int_eq(qemu::report(half(9), &err, -1), -1);
    ck_assert_str_eq(error_get_pretty(err), "odd");
    error_free(err);
}
END_TEST

START_TEST(test_report_error_abort)
{
    qemu::report(qemu::Result<>(qemu::failure("fatal bug")), &error_abort);
}
END_TEST

START_TEST(test_report_error_abort_message)
{
    auto r = bindings_test::run_in_child([] {
        qemu::report(half(1), &error_abort);
    });
    ck_assert(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT);
    ck_assert_msg(r.err.find("odd") != std::string::npos, "%s",
                  r.err.c_str());
    /* The location is the C++ one where the error was made (half()). */
    ck_assert_msg(r.err.find("test-error.cc") != std::string::npos, "%s",
                  r.err.c_str());
}
END_TEST

START_TEST(test_report_error_fatal)
{
    qemu::report(qemu::Result<>(qemu::failure("cannot go on")), &error_fatal);
}
END_TEST

START_TEST(test_report_error_fatal_message)
{
    auto r = bindings_test::run_in_child([] {
        qemu::report(qemu::Result<>(qemu::failure("cannot go on")),
                     &error_fatal);
    });
    ck_assert(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1);
    ck_assert_msg(r.err.find("cannot go on") != std::string::npos, "%s",
                  r.err.c_str());
}
END_TEST

int main()
{
    Suite *s = suite_create("bindings-error");
    TCase *tc = tcase_create("error");

    tcase_add_test(tc, test_error_from_cxx);
    tcase_add_test(tc, test_error_from_c);
    tcase_add_test(tc, test_error_copy_and_hint);
    tcase_add_test(tc, test_result);
    tcase_add_test(tc, test_call_c);
    tcase_add_test(tc, test_report);
    tcase_add_test_raise_signal(tc, test_report_error_abort, SIGABRT);
    tcase_add_test(tc, test_report_error_abort_message);
    tcase_add_exit_test(tc, test_report_error_fatal, 1);
    tcase_add_test(tc, test_report_error_fatal_message);
    suite_add_tcase(s, tc);
    return bindings_test::run(s);
}
