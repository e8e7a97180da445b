/*
 * Unit tests for qemu::PTimer (qemu-cxx/ptimer.hh): the member callback, the
 * transaction committed when its scope ends, changes from inside the
 * callback, the ptimer freed with its device (a pending expiry never
 * fires), an exception escaping the callback, and VMSTATE_PTIMER's bytes
 * from a C++ field.
 */
#include "qemu-cxx/class.hh"
#include "qemu-cxx/ptimer.hh"
#include "qemu-cxx/sysbus.hh"
#include "qemu-cxx/vmstate.hh"

#include "migration/qemu-file.h"
#include "qapi/error.h"
#include "sysemu/qtest.h"

#include <check.h>

#include <stdexcept>
#include <vector>

static int fired;               /* expiries, across devices */
static uint64_t new_limit;      /* the callback sets it, once */
static bool throw_next;         /* the callback throws */

class PtDev : public qemu::ObjectImpl<PtDev, qemu::SysBusDevice> {
public:
    void expired() const
    {
        fired++;
        if (throw_next) {
            throw std::runtime_error("boom");
        }
        if (new_limit) {
            /* inside QEMU's transaction: no begin/commit of our own */
            timer.callback_changes().set_limit(new_limit, true);
            new_limit = 0;
        }
    }

    static qemu::VMState<PtDev> vmstate()
    {
        return qemu::VMState<PtDev>("x-ptimer-dev")
            .version_id(1).minimum_version_id(1)
            .fields(QEMU_VMSTATE(tag), QEMU_VMSTATE(timer));
    }

    uint32_t tag = 0x11223344;
    qemu::PTimer timer;

protected:
    PtDev() { timer.init<&PtDev::expired>(*this, PTIMER_POLICY_LEGACY); }
};
QEMU_CXX_DEFINE_TYPE(PtDev, "x-ptimer-dev", qemu::SysBusDevice);
QEMU_CXX_TYPE_INIT(ptdev_register_types, PtDev);

static DeviceState *c_dev;

static PtDev &new_dev()
{
    c_dev = qdev_new("x-ptimer-dev");
    return *qemu::from_object<PtDev>(OBJECT(c_dev));
}

/* qtest_allowed: no 10 us floor, the periods below are exact. */
static void setup()
{
    qtest_allowed = true;
    fired = 0;
    new_limit = 0;
    throw_next = false;
}

/* Period 100 ns, limit 10, periodic: expiries at 1000, 2000... */
static void start(PtDev &d)
{
    auto t = d.timer.transaction();
    t.set_period(100);
    t.set_limit(10, true);
    t.run_periodic();
}

START_TEST(test_member_callback)
{
    PtDev &d = new_dev();

    start(d);
    ck_assert_uint_eq(d.timer.count(), 10);
    ck_assert_uint_eq(d.timer.limit(), 10);
    qemu_shim_clock_step(999);
    ck_assert_int_eq(fired, 0);
    qemu_shim_clock_step(1);
    ck_assert_int_eq(fired, 1);
    qemu_shim_clock_step(1000);
    ck_assert_int_eq(fired, 2);
    object_unref(OBJECT(c_dev));
}
END_TEST

/* Nothing happens until the Transaction's scope ends. */
START_TEST(test_commit_at_scope_end)
{
    PtDev &d = new_dev();
    {
        auto t = d.timer.transaction();
        t.set_period(100);
        t.set_limit(5, false);
        t.set_count(0);         /* legacy: running from 0 triggers */
        t.run_oneshot();
        ck_assert_int_eq(fired, 0);
    }
    ck_assert_int_eq(fired, 1);
    ck_assert_uint_eq(d.timer.count(), 5);
    object_unref(OBJECT(c_dev));
}
END_TEST

/* A limit set from the callback takes effect for the next period. */
START_TEST(test_callback_changes)
{
    PtDev &d = new_dev();

    start(d);
    new_limit = 3;
    qemu_shim_clock_step(1000);
    ck_assert_int_eq(fired, 1);
    ck_assert_uint_eq(d.timer.limit(), 3);
    ck_assert_uint_eq(d.timer.count(), 3);
    qemu_shim_clock_step(299);
    ck_assert_int_eq(fired, 1);
    qemu_shim_clock_step(1);
    ck_assert_int_eq(fired, 2);
    object_unref(OBJECT(c_dev));
}
END_TEST

/* Finalizing the device frees the ptimer: its pending expiry is gone. */
START_TEST(test_freed_with_device)
{
    PtDev &d = new_dev();

    start(d);
    object_unref(OBJECT(c_dev));
    qemu_shim_clock_step(5000);
    ck_assert_int_eq(fired, 0);
    ck_assert(!qemu_clock_has_timers(QEMU_CLOCK_VIRTUAL));
}
END_TEST

/* An exception must not unwind into QEMU's C: abort (test: SIGABRT). */
START_TEST(test_exception_aborts)
{
    PtDev &d = new_dev();

    start(d);
    throw_next = true;
    qemu_shim_clock_step(1000);
}
END_TEST

/*
 * The C++ field migrates as VMSTATE_PTIMER: the device's bytes are its
 * tag, then exactly what vmstate_ptimer gives for the same ptimer.
 */
START_TEST(test_vmstate_bytes)
{
    PtDev &d = new_dev();

    start(d);
    qemu_shim_clock_step(250);

    QEMUFile *f = qemu_shim_file_new_output();
    ck_assert_int_eq(qemu_shim_vmstate_save(f, qdev_get_vmsd(c_dev), c_dev,
                                            &error_abort), 0);
    size_t len;
    const uint8_t *data = qemu_shim_file_output_data(f, &len);
    std::vector<uint8_t> dev_bytes(data, data + len);
    qemu_fclose(f);

    f = qemu_shim_file_new_output();
    ck_assert_int_eq(qemu_shim_vmstate_save(f, &vmstate_ptimer,
                                            d.timer.as_ptr(), &error_abort),
                     0);
    data = qemu_shim_file_output_data(f, &len);
    std::vector<uint8_t> want = {0x11, 0x22, 0x33, 0x44};
    want.insert(want.end(), data, data + len);
    qemu_fclose(f);
    ck_assert_uint_eq(len, 53);     /* ptimer: 1 + 8 + 8 + 4 + 4 * 8 */
    ck_assert(dev_bytes == want);

    /* Loaded into a second device: it fires when the first would. */
    DeviceState *first = c_dev;
    PtDev &e = new_dev();
    f = qemu_shim_file_new_input(dev_bytes.data(), dev_bytes.size());
    ck_assert_int_eq(qemu_shim_vmstate_load(f, qdev_get_vmsd(c_dev), c_dev,
                                            1, &error_abort), 0);
    qemu_fclose(f);
    object_unref(OBJECT(first));
    ck_assert_uint_eq(e.timer.count(), 7);
    qemu_shim_clock_step(749);
    ck_assert_int_eq(fired, 0);
    qemu_shim_clock_step(1);
    ck_assert_int_eq(fired, 1);
    object_unref(OBJECT(c_dev));
}
END_TEST

int main()
{
    module_call_init(MODULE_INIT_QOM);
    object_get_root();
    container_get(qdev_get_machine(), "/unattached");
    sysbus_get_default();

    Suite *s = suite_create("ptimer-binding");
    TCase *tc = tcase_create("ptimer-binding");
    tcase_add_checked_fixture(tc, setup, nullptr);
    tcase_add_test(tc, test_member_callback);
    tcase_add_test(tc, test_commit_at_scope_end);
    tcase_add_test(tc, test_callback_changes);
    tcase_add_test(tc, test_freed_with_device);
    tcase_add_test_raise_signal(tc, test_exception_aborts, SIGABRT);
    tcase_add_test(tc, test_vmstate_bytes);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
