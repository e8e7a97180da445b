/*
 * Unit tests of qemu-cxx/trampoline.hh: a guarded callback returns what its
 * body returns; an exception escaping it aborts with a message naming the
 * type and the callback, and never unwinds into C.
 */
#include "qemu-cxx/trampoline.hh"

#include <stdexcept>

#include "bindings-test.h"

/* A C callback as the bindings generate them. */
static int read_cb(void *opaque) noexcept
{
    return qemu::guard("test-device", "read", [&] {
        int v = *static_cast<int *>(opaque);
        if (v < 0) {
            throw std::runtime_error("negative register");
        }
        return v + 1;
    });
}

static void event_cb(void *) noexcept
{
    qemu::guard("test-device", "event", [] { throw 42; });
}

static_assert(noexcept(read_cb(nullptr)));
static_assert(noexcept(qemu::guard("t", "c", [] { return 1; })));

START_TEST(test_guard_passes_result)
{
    int v = 41;
    ck_assert_int_eq(read_cb(&v), 42);
    qemu::guard("t", "void", [] {});
}
END_TEST

START_TEST(test_guard_aborts)
{
    int v = -1;
    read_cb(&v);
}
END_TEST

START_TEST(test_guard_message)
{
    auto r = bindings_test::run_in_child([] {
        int v = -1;
        read_cb(&v);
    });
    ck_assert(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT);
    ck_assert_msg(r.err.find("test-device callback 'read': negative "
                             "register") != std::string::npos,
                  "%s", r.err.c_str());

    r = bindings_test::run_in_child([] { event_cb(nullptr); });
    ck_assert(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT);
    ck_assert_msg(r.err.find("test-device callback 'event': (not a "
                             "std::exception)") != std::string::npos,
                  "%s", r.err.c_str());
}
END_TEST

START_TEST(test_guard_names_object_type)
{
    module_call_init(MODULE_INIT_QOM);
    auto r = bindings_test::run_in_child([] {
        Object *obj = object_new(TYPE_CONTAINER);
        qemu::guard(obj, "realize", []() -> int {
            throw std::logic_error("bad config");
        });
    });
    ck_assert(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT);
    ck_assert_msg(r.err.find("container callback 'realize': bad config") !=
                  std::string::npos, "%s", r.err.c_str());
}
END_TEST

int main()
{
    Suite *s = suite_create("bindings-trampoline");
    TCase *tc = tcase_create("trampoline");

    tcase_add_test(tc, test_guard_passes_result);
    tcase_add_test_raise_signal(tc, test_guard_aborts, SIGABRT);
    tcase_add_test(tc, test_guard_message);
    tcase_add_test(tc, test_guard_names_object_type);
    suite_add_tcase(s, tc);
    return bindings_test::run(s);
}
