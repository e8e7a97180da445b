/*
 * Unit tests of the rules a C++ QOM class lives by (qemu-cxx/class.hh,
 * issue 14): property defaults survive the constructor, or the
 * constructor that overwrites one aborts naming it; the parent wrappers'
 * methods are the class's own (counter.type_name()).
 */
#include "qemu-cxx/bql.hh"
#include "qemu-cxx/class.hh"
#include "qemu-cxx/sysbus.hh"

#include "exec/address-spaces.h"

#include <csignal>
#include <string>

#include "bindings-test.h"
#include "check-defaults.h"

/* Property fields without initializers; state with them. */
class Timer : public qemu::ObjectImpl<Timer, qemu::SysBusDevice> {
public:
    struct Conf {
        uint32_t width;
        bool wrap;
    };
    static qemu::Properties<Timer> properties()
    {
        return {
            QEMU_PROP("width", conf.width, 16),
            QEMU_PROP("wrap", conf.wrap, true),
            QEMU_PROP("load", load, -3),
            QEMU_PROP("scale", scale, qemu::no_default),
        };
    }
    Conf conf;
    int32_t load;
    uint8_t scale;
    qemu::BqlCell<uint32_t> count{7}; /* state: initializers are values */

protected:
    Timer() = default;
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

protected:
    Overwrites() = default;
};
QEMU_CXX_DEFINE_TYPE(Overwrites, "test-rules-overwrites",
                     qemu::SysBusDevice);

/*
 * The other case, a property inside a (value-initialised)
 * BqlCell, cannot be written: a field path does not go through the
 * cell's unchecked() (compile-fail field-path-leaves-state).
 */

/* An initializer equal to the default changes nothing: allowed. */
class Same : public qemu::ObjectImpl<Same, qemu::SysBusDevice> {
public:
    static qemu::Properties<Same> properties()
    {
        return {QEMU_PROP("width", width, 16)};
    }
    uint32_t width = 16;

protected:
    Same() = default;
};
QEMU_CXX_DEFINE_TYPE(Same, "test-rules-same", qemu::SysBusDevice);

/* A variant that changes nothing in the instance: no byte added. */
class TimerVariant : public qemu::ObjectImpl<TimerVariant, Timer> {
protected:
    TimerVariant() = default;
};
QEMU_CXX_DEFINE_TYPE(TimerVariant, "test-rules-timer-variant", ::Timer);
static_assert(qemu::instance_size<TimerVariant>() ==
              qemu::instance_size<Timer>());
static_assert(qemu::instance_size<Timer>() ==
              qemu::QomType<Timer>::object_offset + sizeof(Timer));

QEMU_CXX_TYPE_INIT(register_rules_types, Timer, Overwrites, Same,
                   TimerVariant);

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
    ck_assert_uint_eq(t->conf.width, 16);
    ck_assert(t->conf.wrap);
    ck_assert_int_eq(t->load, -3);
    ck_assert_uint_eq(t->scale, 0);
    ck_assert_uint_eq(*t->count.borrow(), 7);
}
END_TEST

/* Inherited: ObjectMethods, DeviceMethods, SysBusDeviceMethods. */
/* The variant is created and finalized with no part of its own. */
START_TEST(test_empty_variant)
{
    auto v = qemu::create<TimerVariant>();
    ck_assert(v->type_name() == "test-rules-timer-variant");
    ck_assert_uint_eq(v->parent_obj().conf.width, 16);
    ck_assert_ptr_eq(qemu::object_ptr(*v),
                     qemu::object_ptr(v->parent_obj()));
}
END_TEST

START_TEST(test_inherited_methods)
{
    auto t = qemu::create<Timer>();
    ck_assert(t->type_name() == "test-rules-timer");
    ck_assert(!t->realized());
    ck_assert(!t->has_mmio(0));
    ck_assert(t->has_property("width"));
    ck_assert_uint_eq(t->property_get<uint32_t>("width").value(), 16);
    ck_assert(t->property_set("width", uint32_t(12)));
    ck_assert_uint_eq(t->conf.width, 12);
    /* The hook names stay T's: hook detection sees no realize() here. */
    static_assert(!qemu::detail::declares_realize<Timer>);
    qemu::SysBusDevice &sbd = *t;
    ck_assert(sbd.realize());
    ck_assert(t->realized());
    sbd.unparent();
}
END_TEST

static void expect_overwrite_abort(const std::function<void()> &create,
                                   const std::string &type)
{
    auto child = bindings_test::run_in_child(create);
    ck_assert(WIFSIGNALED(child.status) && WTERMSIG(child.status) == SIGABRT);
    ck_assert_msg(child.err.find(type + ": the constructor changed property "
                                 "'width'") != std::string::npos, "%s",
                  child.err.c_str());
}

START_TEST(test_overwritten_default_aborts)
{
    expect_overwrite_abort([] { (void)qemu::create<Overwrites>(); },
                           "test-rules-overwrites");
}
END_TEST

int main()
{
    Suite *s = suite_create("bindings-rules");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_defaults_after_construction);
    tcase_add_test(tc, test_overwritten_default_aborts);
    tcase_add_test(tc, test_inherited_methods);
    tcase_add_test(tc, test_empty_variant);
    suite_add_tcase(s, tc);
    return bindings_test::run(s);
}
