/*
 * Unit tests for chardev/char-fe.h: one front end per chardev, handlers
 * and events, breaks, lossless flow control over 100,000 bytes with a
 * front end that takes a few bytes at a time, accept_input waking the
 * loop, re-entrant writes from the receive handler, callbacks under the BQL.
 */
#include "chardev-test.h"
#include "chardev/char-serial.h"

START_TEST(test_one_front_end)
{
    Chardev *chr = test_chr_new("null,id=n0");
    CharBackend a = { 0 }, b = { 0 };
    Error *err = NULL;

    ck_assert(qemu_chr_fe_init(&a, chr, &error_abort));
    ck_assert(qemu_chr_fe_backend_connected(&a));
    ck_assert_ptr_eq(qemu_chr_fe_get_driver(&a), chr);
    ck_assert(!qemu_chr_fe_init(&b, chr, &err));
    ck_assert_str_eq(error_get_pretty(err), "Device 'n0' is in use");
    error_free(err);
    ck_assert(!qemu_chr_fe_backend_connected(&b));

    /* Once the first lets go, another may attach. */
    qemu_chr_fe_deinit(&a, false);
    ck_assert(!qemu_chr_fe_backend_connected(&a));
    ck_assert(qemu_chr_fe_init(&b, chr, &error_abort));
    qemu_chr_fe_deinit(&b, false);
}
END_TEST

START_TEST(test_no_backend)
{
    CharBackend be = { 0 };
    Error *err = NULL;

    /* A device whose chardev property was never set. */
    ck_assert(!qemu_chr_fe_backend_connected(&be));
    ck_assert(!qemu_chr_fe_backend_open(&be));
    ck_assert_int_eq(qemu_chr_fe_write(&be, (const uint8_t *)"x", 1), 0);
    ck_assert_int_eq(qemu_chr_fe_write_all(&be, (const uint8_t *)"x", 1), 0);
    ck_assert_int_eq(qemu_chr_fe_ioctl(&be, CHR_IOCTL_SERIAL_SET_BREAK, NULL),
                     -ENOTSUP);
    ck_assert_uint_eq(qemu_chr_fe_add_watch(&be, G_IO_OUT, NULL, NULL), 0);
    ck_assert_int_lt(qemu_chr_fe_wait_connected(&be, &err), 0);
    error_free(err);
    qemu_chr_fe_set_handlers(&be, NULL, NULL, NULL, NULL, NULL, NULL, true);
    qemu_chr_fe_accept_input(&be);
    qemu_chr_fe_set_open(&be, 1);
    qemu_chr_fe_printf(&be, "%d", 1);
    qemu_chr_fe_disconnect(&be);
    qemu_chr_fe_deinit(&be, true);
}
END_TEST

START_TEST(test_events)
{
    Chardev *chr = test_chr_new("x-memory,id=m0");
    Chardev *null = test_chr_new("null,id=n0");
    Error *err = NULL;
    TestFE fe, fe_null;

    /* An open backend reports OPENED as soon as handlers are set. */
    test_fe_attach(&fe, chr);
    ck_assert_int_eq(fe.events[CHR_EVENT_OPENED], 1);
    ck_assert(fe.be.fe_open);
    ck_assert(qemu_chr_fe_backend_open(&fe.be));
    test_fe_attach(&fe_null, null);
    ck_assert_int_eq(fe_null.nevents, 0);
    ck_assert(!qemu_chr_fe_backend_open(&fe_null.be));

    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    ck_assert_int_eq(fe.events[CHR_EVENT_CLOSED], 1);
    ck_assert(!qemu_chr_fe_backend_open(&fe.be));
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    ck_assert_int_eq(fe.events[CHR_EVENT_OPENED], 2);

    /* QMP's chardev-send-break. */
    ck_assert(qemu_shim_chr_send_break("m0", &error_abort));
    ck_assert_int_eq(fe.events[CHR_EVENT_BREAK], 1);
    ck_assert_int_eq(fe.last_event, CHR_EVENT_BREAK);
    ck_assert(!qemu_shim_chr_send_break("nope", &err));
    ck_assert_str_eq(error_get_pretty(err), "Chardev 'nope' not found");
    error_free(err);

    /* Without handlers, events go nowhere. */
    qemu_chr_fe_set_handlers(&fe.be, NULL, NULL, NULL, NULL, NULL, NULL,
                             true);
    ck_assert(!fe.be.fe_open);
    qemu_chr_be_event(chr, CHR_EVENT_BREAK);
    ck_assert_int_eq(fe.events[CHR_EVENT_BREAK], 1);
    ck_assert(fe.bql_always_held);
    test_fe_detach(&fe);
    test_fe_detach(&fe_null);
}
END_TEST

START_TEST(test_ioctl_break)
{
    Chardev *chr = test_chr_new("x-memory,id=m0");
    Chardev *null = test_chr_new("null,id=n0");
    QEMUSerialSetParams params = { 115200, 'N', 8, 1 };
    CharBackend be = { 0 }, be_null = { 0 };
    int on = 1, off = 0;

    qemu_chr_fe_init(&be, chr, &error_abort);
    qemu_chr_fe_init(&be_null, null, &error_abort);
    ck_assert_int_eq(qemu_shim_chr_memory_get_break(chr), 0);
    ck_assert_int_eq(qemu_chr_fe_ioctl(&be, CHR_IOCTL_SERIAL_SET_BREAK, &on),
                     0);
    ck_assert_int_eq(qemu_shim_chr_memory_get_break(chr), 1);
    ck_assert_int_eq(qemu_chr_fe_ioctl(&be, CHR_IOCTL_SERIAL_SET_BREAK, &off),
                     0);
    ck_assert_int_eq(qemu_shim_chr_memory_get_break(chr), 0);
    ck_assert_int_eq(qemu_chr_fe_ioctl(&be, CHR_IOCTL_SERIAL_SET_PARAMS,
                                       &params), 0);
    ck_assert_int_eq(qemu_chr_fe_ioctl(&be, CHR_IOCTL_SERIAL_GET_TIOCM, &on),
                     -ENOTSUP);
    /* Backends without a serial line say so. */
    ck_assert_int_eq(qemu_chr_fe_ioctl(&be_null, CHR_IOCTL_SERIAL_SET_BREAK,
                                       &on), -ENOTSUP);
    qemu_chr_fe_deinit(&be, false);
    qemu_chr_fe_deinit(&be_null, false);
}
END_TEST

START_TEST(test_deinit_delete)
{
    CharBackend be = { 0 };
    Chardev *chr = test_chr_new("null,id=n0");

    qemu_chr_fe_init(&be, chr, &error_abort);
    qemu_chr_fe_deinit(&be, true);
    ck_assert(!qemu_chr_find("n0"));
    ck_assert(!be.chr);
}
END_TEST

START_TEST(test_printf_and_write)
{
    Chardev *chr = test_chr_new("x-memory,id=m0");
    g_autoptr(GByteArray) out = NULL;
    CharBackend be = { 0 };

    qemu_chr_fe_init(&be, chr, &error_abort);
    qemu_chr_fe_printf(&be, "%s=%d;", "x", 42);
    ck_assert_int_eq(qemu_chr_fe_write(&be, (const uint8_t *)"ok", 2), 2);
    out = qemu_shim_chr_memory_take_output(chr);
    ck_assert_uint_eq(out->len, 7);
    ck_assert(!memcmp(out->data, "x=42;ok", 7));
    qemu_chr_fe_deinit(&be, false);
}
END_TEST

static uint8_t pattern_byte(size_t i)
{
    return (uint8_t)(i * 7 + i / 251);
}

/*
 * 100,000 bytes through a 16-byte "FIFO" whose can_read also never says
 * more than 1..5 bytes: every byte arrives once and in order, never more
 * than can_read allowed (test_fe_read checks), and what the front end
 * cannot take yet stays queued in the backend.
 */
START_TEST(test_flow_control_lossless)
{
    enum { TOTAL = 100000 };
    Chardev *chr = test_chr_new("x-memory,id=m0");
    g_autofree uint8_t *data = g_malloc(TOTAL);
    TestFE fe;
    size_t drains = 0;

    for (size_t i = 0; i < TOTAL; i++) {
        data[i] = pattern_byte(i);
    }
    test_fe_attach(&fe, chr);
    fe.fifo_size = 16;
    qemu_shim_chr_memory_push(chr, data, TOTAL);

    while (fe.rx->len < TOTAL) {
        fe.max_chunk = 1 + drains % 5;
        test_run_pending();
        /* Full: nothing more comes, whatever the loop does. */
        ck_assert_int_eq(fe.fifo_len, MIN(16, TOTAL - (fe.rx->len - fe.fifo_len)));
        ck_assert_uint_eq(qemu_shim_chr_memory_pending(chr),
                          TOTAL - fe.rx->len);
        g_main_context_iteration(NULL, FALSE);
        ck_assert_uint_eq(qemu_shim_chr_memory_pending(chr),
                          TOTAL - fe.rx->len);
        test_fe_drain(&fe);
        drains++;
    }
    ck_assert_uint_eq(fe.rx->len, TOTAL);
    ck_assert(!memcmp(fe.rx->data, data, TOTAL));
    ck_assert_uint_eq(drains, DIV_ROUND_UP(TOTAL, 16));
    ck_assert(fe.bql_always_held);
    test_fe_detach(&fe);
}
END_TEST

/*
 * A full front end stops delivery; accept_input wakes even a blocking
 * loop iteration, which then delivers the next bytes.
 */
START_TEST(test_accept_input_resumes)
{
    Chardev *chr = test_chr_new("x-memory,id=m0");
    TestFE fe;

    test_fe_attach(&fe, chr);
    fe.fifo_size = 4;
    qemu_shim_chr_memory_push(chr, (const uint8_t *)"0123456789", 10);
    test_run_pending();
    ck_assert_uint_eq(fe.rx->len, 4);
    for (int i = 0; i < 10; i++) {
        g_main_context_iteration(NULL, FALSE);
    }
    ck_assert_uint_eq(fe.rx->len, 4);
    ck_assert_uint_eq(qemu_shim_chr_memory_pending(chr), 6);

    fe.fifo_len = 0;
    qemu_chr_fe_accept_input(&fe.be);
    /* Blocks forever (and the test times out) unless woken up. */
    g_main_context_iteration(NULL, TRUE);
    test_run_pending();
    ck_assert_uint_eq(fe.rx->len, 8);
    test_fe_drain(&fe);
    test_run_pending();
    ck_assert_uint_eq(fe.rx->len, 10);
    ck_assert(!memcmp(fe.rx->data, "0123456789", 10));
    test_fe_detach(&fe);
}
END_TEST

/* Handlers removed: input stays queued; set again: it flows. */
START_TEST(test_handlers_removed_keep_input)
{
    Chardev *chr = test_chr_new("x-memory,id=m0");
    TestFE fe;

    test_fe_attach(&fe, chr);
    qemu_chr_fe_set_handlers(&fe.be, NULL, NULL, NULL, NULL, NULL, NULL,
                             true);
    qemu_shim_chr_memory_push(chr, (const uint8_t *)"abc", 3);
    test_run_pending();
    ck_assert_uint_eq(fe.rx->len, 0);
    ck_assert_uint_eq(qemu_shim_chr_memory_pending(chr), 3);
    qemu_chr_fe_set_handlers(&fe.be, test_fe_can_read, test_fe_read,
                             test_fe_event, NULL, &fe, NULL, true);
    test_run_pending();
    ck_assert_uint_eq(fe.rx->len, 3);
    test_fe_detach(&fe);
}
END_TEST

/* A receive handler that writes back to its own chardev. */
START_TEST(test_reentrant_echo)
{
    enum { TOTAL = 10000 };
    Chardev *chr = test_chr_new("x-memory,id=m0");
    g_autofree uint8_t *data = g_malloc(TOTAL);
    g_autoptr(GByteArray) out = NULL;
    TestFE fe;

    for (size_t i = 0; i < TOTAL; i++) {
        data[i] = pattern_byte(i);
    }
    test_fe_attach(&fe, chr);
    fe.echo = true;
    fe.max_chunk = 3;
    qemu_shim_chr_memory_push(chr, data, TOTAL / 2);
    test_run_pending();
    qemu_shim_chr_memory_push(chr, data + TOTAL / 2, TOTAL / 2);
    test_run_pending();
    out = qemu_shim_chr_memory_take_output(chr);
    ck_assert_uint_eq(out->len, TOTAL);
    ck_assert(!memcmp(out->data, data, TOTAL));
    test_fe_detach(&fe);
}
END_TEST

/* A handler that queues more input while being fed does not upset it. */
static void push_more_read(void *opaque, const uint8_t *buf, int size)
{
    TestFE *fe = (TestFE *)opaque;

    test_fe_read(opaque, buf, size);
    if (buf[0] == 'a') {
        qemu_shim_chr_memory_push(fe->be.chr, (const uint8_t *)"z", 1);
    }
}

START_TEST(test_reentrant_push)
{
    Chardev *chr = test_chr_new("x-memory,id=m0");
    TestFE fe;

    test_fe_attach(&fe, chr);
    fe.max_chunk = 1;
    qemu_chr_fe_set_handlers(&fe.be, test_fe_can_read, push_more_read,
                             test_fe_event, NULL, &fe, NULL, true);
    qemu_shim_chr_memory_push(chr, (const uint8_t *)"abc", 3);
    test_run_pending();
    ck_assert_uint_eq(fe.rx->len, 4);
    ck_assert(!memcmp(fe.rx->data, "abcz", 4));
    test_fe_detach(&fe);
}
END_TEST

/* A handler that deletes its own chardev in the middle of delivery. */
static void delete_read(void *opaque, const uint8_t *buf, int size)
{
    TestFE *fe = (TestFE *)opaque;

    test_fe_read(opaque, buf, size);
    qemu_chr_fe_deinit(&fe->be, true);
}

START_TEST(test_handler_deletes_chardev)
{
    Chardev *chr = test_chr_new("x-memory,id=m0");
    TestFE fe;

    test_fe_attach(&fe, chr);
    fe.max_chunk = 2;
    qemu_chr_fe_set_handlers(&fe.be, test_fe_can_read, delete_read,
                             test_fe_event, NULL, &fe, NULL, true);
    qemu_shim_chr_memory_push(chr, (const uint8_t *)"abcdef", 6);
    test_run_pending();
    ck_assert_uint_eq(fe.rx->len, 2);
    ck_assert(!qemu_chr_find("m0"));
    ck_assert(!qemu_chr_fe_backend_connected(&fe.be));
    test_fe_detach(&fe);
}
END_TEST

static gboolean count_watch(void *do_not_use, GIOCondition cond, void *data)
{
    (void)do_not_use;
    *(GIOCondition *)data = cond;
    return G_SOURCE_REMOVE;
}

START_TEST(test_add_watch)
{
    Chardev *chr = test_chr_new("file,id=f0,path=/dev/null");
    CharBackend be = { 0 };
    GIOCondition seen = 0;

    qemu_chr_fe_init(&be, chr, &error_abort);
    ck_assert_uint_ne(qemu_chr_fe_add_watch(&be, G_IO_OUT, count_watch,
                                            &seen), 0);
    TEST_RUN_UNTIL(seen != 0);
    ck_assert(seen & G_IO_OUT);
    qemu_chr_fe_deinit(&be, false);
}
END_TEST

START_TEST(test_handlers_outside_bql_take_it)
{
    Chardev *chr = test_chr_new("x-memory,id=m0");
    TestFE fe;

    /* The test holds no BQL; the callbacks must still run under it. */
    ck_assert(!qemu_mutex_iothread_locked());
    test_fe_attach(&fe, chr);
    qemu_shim_chr_memory_push(chr, (const uint8_t *)"abc", 3);
    test_run_pending();
    ck_assert_int_eq(qemu_chr_be_can_write(chr), 4096);
    qemu_chr_be_write(chr, (const uint8_t *)"d", 1);
    ck_assert(!qemu_mutex_iothread_locked());
    ck_assert(fe.bql_always_held);

    /* And a caller that holds it already is fine too. */
    qemu_mutex_lock_iothread();
    qemu_chr_be_event(chr, CHR_EVENT_BREAK);
    qemu_chr_be_write(chr, (const uint8_t *)"e", 1);
    ck_assert(qemu_mutex_iothread_locked());
    qemu_mutex_unlock_iothread();
    ck_assert_uint_eq(fe.rx->len, 5);
    test_fe_detach(&fe);
}
END_TEST

static Suite *char_fe_suite(void)
{
    Suite *s = suite_create("chardev-fe");
    TCase *tc = tcase_create("front-end");

    tcase_add_checked_fixture(tc, test_setup, test_teardown);
    tcase_add_test(tc, test_one_front_end);
    tcase_add_test(tc, test_no_backend);
    tcase_add_test(tc, test_events);
    tcase_add_test(tc, test_ioctl_break);
    tcase_add_test(tc, test_deinit_delete);
    tcase_add_test(tc, test_printf_and_write);
    tcase_add_test(tc, test_flow_control_lossless);
    tcase_add_test(tc, test_accept_input_resumes);
    tcase_add_test(tc, test_handlers_removed_keep_input);
    tcase_add_test(tc, test_reentrant_echo);
    tcase_add_test(tc, test_reentrant_push);
    tcase_add_test(tc, test_handler_deletes_chardev);
    tcase_add_test(tc, test_add_watch);
    tcase_add_test(tc, test_handlers_outside_bql_take_it);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_run_suite(char_fe_suite());
}
