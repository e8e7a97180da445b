/*
 * Unit tests of the rules a C++ QOM class lives by (qemu/class.hh,
 * issue 14): property defaults survive the constructor, or the
 * constructor that overwrites one aborts naming it.
 */
#include "qemu/bql.hh"
#include "qemu/class.hh"
#include "qemu/sysbus.hh"

#include "exec/address-spaces.h"

#include <csignal>
#include <string>

#include "bindings-test.h"
#include "check-defaults.h"

/* Property fields without initializers, one inside a BqlCell. */
class Timer : public qemu::ObjectImpl<Timer, qemu::SysBusDevice> {
public:
    struct Conf {
        uint32_t width;
        bool wrap;
    };
    static qemu::Properties<Timer> properties()
    {
        return {
            QEMU_PROP("width", conf.unchecked().width, 16),
            QEMU_PROP("wrap", conf.unchecked().wrap, true),
            QEMU_PROP("load", load, -3),
            QEMU_PROP("scale", scale, qemu::no_default),
        };
    }
    qemu::BqlCell<Conf> conf;
    int32_t load;
    uint8_t scale;
    uint32_t count = 7; /* not a property: its initializer is its value */
};
QEMU_CXX_DEFINE_TYPE(Timer, "test-rules-timer", qemu::SysBusDevice);

/* The bug: an initializer beside a property default. */
class Overwrites : public qemu::ObjectImpl<Overwrites, qemu::SysBusDevice> {
public:
    static qemu::Properties<Overwrites> properties()
    {
        return {QEMU_PROP("width", width, 16)};
    }
    uint32_t width = 8;
};
QEMU_CXX_DEFINE_TYPE(Overwrites, "test-rules-overwrites",
                     qemu::SysBusDevice);

/* An initializer equal to the default changes nothing: allowed. */
class Same : public qemu::ObjectImpl<Same, qemu::SysBusDevice> {
public:
    static qemu::Properties<Same> properties()
    {
        return {QEMU_PROP("width", width, 16)};
    }
    uint32_t width = 16;
};
QEMU_CXX_DEFINE_TYPE(Same, "test-rules-same", qemu::SysBusDevice);

QEMU_CXX_TYPE_INIT(register_rules_types, Timer, Overwrites, Same);

static void setup()
{
    bindings_test::setup([] {
        container_get(qdev_get_machine(), "/unattached");
        sysbus_get_default();
        get_system_memory();
    });
}

static void teardown()
{
    bindings_test::check_no_leak();
}

START_TEST(test_defaults_after_construction)
{
    ck_assert_int_eq(bindings_test::check_defaults("test-rules-timer"), 3);
    ck_assert_int_eq(bindings_test::check_defaults("test-rules-same"), 1);
    auto t = qemu::create<Timer>();
    qemu::BqlGuard bql;
    ck_assert_uint_eq(t->conf.borrow()->width, 16);
    ck_assert(t->conf.borrow()->wrap);
    ck_assert_int_eq(t->load, -3);
    ck_assert_uint_eq(t->scale, 0);
    ck_assert_uint_eq(t->count, 7);
}
END_TEST

START_TEST(test_overwritten_default_aborts)
{
    auto child = bindings_test::run_in_child([] {
        auto o = qemu::create<Overwrites>();
    });
    ck_assert(WIFSIGNALED(child.status) && WTERMSIG(child.status) == SIGABRT);
    ck_assert_msg(child.err.find("test-rules-overwrites: the constructor "
                                 "changed property 'width'") !=
                  std::string::npos, "%s", child.err.c_str());
}
END_TEST

int main()
{
    Suite *s = suite_create("bindings-rules");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_defaults_after_construction);
    tcase_add_test(tc, test_overwritten_default_aborts);
    suite_add_tcase(s, tc);
    return bindings_test::run(s);
}
