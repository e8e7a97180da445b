/*
 * Unit tests for the memory-backed QEMUFile (migration/qemu-file.h and
 * qemu-file-types.h): byte order, counted strings, and that reading past
 * the end sets -EIO, zero-fills and never touches memory out of bounds.
 */
#include "qemu/osdep.h"
#include "migration/qemu-file.h"
#include <check.h>

static QEMUFile *input_of(const uint8_t *data, size_t len)
{
    return qemu_shim_file_new_input(data, len);
}

START_TEST(test_put_big_endian)
{
    static const uint8_t expect[] = {
        0xab,
        0x12, 0x34,
        0xde, 0xad, 0xbe, 0xef,
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
        0xff, 0xfe,
        0xff, 0xff, 0xff, 0xfd,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc,
        'x', 'y',
        0x03, 'a', 'b', 'c',
    };
    QEMUFile *f = qemu_shim_file_new_output();
    const uint8_t *data;
    size_t len;

    qemu_put_byte(f, 0x1ab);            /* only the low byte is written */
    qemu_put_be16(f, 0x1234);
    qemu_put_be32(f, 0xdeadbeef);
    qemu_put_be64(f, 0x0102030405060708ULL);
    qemu_put_sbe16(f, -2);
    qemu_put_sbe32(f, -3);
    qemu_put_sbe64(f, -4);
    qemu_put_buffer(f, (const uint8_t *)"xy", 2);
    qemu_put_counted_string(f, "abc");

    data = qemu_shim_file_output_data(f, &len);
    ck_assert_uint_eq(len, sizeof(expect));
    ck_assert_mem_eq(data, expect, sizeof(expect));
    ck_assert_int_eq(qemu_file_total_transferred(f), (int64_t)sizeof(expect));
    ck_assert_int_eq(qemu_fclose(f), 0);
}
END_TEST

START_TEST(test_get_big_endian)
{
    static const uint8_t data[] = {
        0xab, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef,
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
        0xff, 0xfe, 0xff, 0xff, 0xff, 0xfd,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc,
        0x03, 'a', 'b', 'c',
    };
    QEMUFile *f = input_of(data, sizeof(data));
    char str[256];

    ck_assert_int_eq(qemu_get_byte(f), 0xab);
    ck_assert_uint_eq(qemu_get_be16(f), 0x1234);
    ck_assert_uint_eq(qemu_get_be32(f), 0xdeadbeef);
    ck_assert_uint_eq(qemu_get_be64(f), 0x0102030405060708ULL);
    ck_assert_int_eq(qemu_get_sbe16(f), -2);
    ck_assert_int_eq(qemu_get_sbe32(f), -3);
    ck_assert_int_eq(qemu_get_sbe64(f), -4);
    ck_assert_uint_eq(qemu_get_counted_string(f, str), 3);
    ck_assert_str_eq(str, "abc");
    ck_assert_uint_eq(qemu_shim_file_input_remaining(f), 0);
    ck_assert_int_eq(qemu_file_get_error(f), 0);
    ck_assert_int_eq(qemu_fclose(f), 0);
}
END_TEST

/* The input is a private copy: the caller may free its buffer at once. */
START_TEST(test_input_is_copied)
{
    uint8_t *data = g_malloc(2);
    QEMUFile *f;

    data[0] = 0x55;
    data[1] = 0x66;
    f = input_of(data, 2);
    g_free(data);
    ck_assert_uint_eq(qemu_get_be16(f), 0x5566);
    qemu_fclose(f);
}
END_TEST

START_TEST(test_read_past_end)
{
    static const uint8_t data[] = { 0x11, 0x22, 0x33 };
    QEMUFile *f = input_of(data, sizeof(data));
    uint8_t buf[8];

    memset(buf, 0xcc, sizeof(buf));
    ck_assert_uint_eq(qemu_get_buffer(f, buf, sizeof(buf)), 3);
    ck_assert_int_eq(buf[0], 0x11);
    ck_assert_int_eq(buf[2], 0x33);
    ck_assert_int_eq(buf[3], 0);        /* the missing bytes read as 0 */
    ck_assert_int_eq(buf[7], 0);
    ck_assert_int_eq(qemu_file_get_error(f), -EIO);
    ck_assert_uint_eq(qemu_get_be32(f), 0);
    ck_assert_uint_eq(qemu_get_be64(f), 0);
    ck_assert_int_eq(qemu_fclose(f), -EIO);
}
END_TEST

START_TEST(test_read_past_end_partial_integer)
{
    static const uint8_t data[] = { 0x11, 0x22 };
    QEMUFile *f = input_of(data, sizeof(data));

    ck_assert_uint_eq(qemu_get_be32(f), 0x11220000);
    ck_assert_int_eq(qemu_file_get_error(f), -EIO);
    qemu_fclose(f);
}
END_TEST

START_TEST(test_empty_input)
{
    QEMUFile *f = input_of(NULL, 0);
    char str[256];

    ck_assert_int_eq(qemu_peek_byte(f, 0), 0);
    ck_assert_int_eq(qemu_file_get_error(f), 0);
    ck_assert_uint_eq(qemu_get_counted_string(f, str), 0);
    ck_assert_str_eq(str, "");
    ck_assert_int_eq(qemu_file_get_error(f), -EIO);
    qemu_fclose(f);
}
END_TEST

START_TEST(test_counted_string_truncated)
{
    static const uint8_t data[] = { 0x05, 'a', 'b' };
    QEMUFile *f = input_of(data, sizeof(data));
    char str[256];

    ck_assert_uint_eq(qemu_get_counted_string(f, str), 0);
    ck_assert_str_eq(str, "ab");
    ck_assert_int_eq(qemu_file_get_error(f), -EIO);
    qemu_fclose(f);
}
END_TEST

START_TEST(test_counted_string_too_long)
{
    QEMUFile *f = qemu_shim_file_new_output();
    char *s = g_strnfill(256, 'a');
    size_t len;

    qemu_put_counted_string(f, s);
    ck_assert_int_eq(qemu_file_get_error(f), -EINVAL);
    qemu_shim_file_output_data(f, &len);
    ck_assert_uint_eq(len, 0);
    g_free(s);
    qemu_fclose(f);
}
END_TEST

START_TEST(test_peek_and_skip)
{
    static const uint8_t data[] = { 1, 2, 3, 4 };
    QEMUFile *f = input_of(data, sizeof(data));
    uint8_t *p;

    ck_assert_int_eq(qemu_peek_byte(f, 3), 4);
    ck_assert_int_eq(qemu_peek_byte(f, 4), 0);
    ck_assert_int_eq(qemu_peek_byte(f, -1), 0);
    ck_assert_uint_eq(qemu_peek_buffer(f, &p, 8, 1), 3);
    ck_assert_int_eq(p[0], 2);
    ck_assert_uint_eq(qemu_peek_buffer(f, &p, 2, 9), 0);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(qemu_file_get_error(f), 0);

    qemu_file_skip(f, 2);
    ck_assert_int_eq(qemu_get_byte(f), 3);
    qemu_file_skip(f, 5);               /* past the end */
    ck_assert_int_eq(qemu_file_get_error(f), -EIO);
    ck_assert_uint_eq(qemu_shim_file_input_remaining(f), 0);
    qemu_fclose(f);
}
END_TEST

START_TEST(test_wrong_direction)
{
    static const uint8_t data[] = { 1 };
    QEMUFile *in = input_of(data, sizeof(data));
    QEMUFile *out = qemu_shim_file_new_output();
    size_t len;

    qemu_put_byte(in, 1);
    ck_assert_int_eq(qemu_file_get_error(in), -EINVAL);
    ck_assert_ptr_null(qemu_shim_file_output_data(in, &len));
    ck_assert_uint_eq(len, 0);

    qemu_get_byte(out);
    ck_assert_int_eq(qemu_file_get_error(out), -EINVAL);
    qemu_fclose(in);
    qemu_fclose(out);
}
END_TEST

/* The first error sticks; once set, writes are dropped. */
START_TEST(test_error_sticks)
{
    QEMUFile *f = qemu_shim_file_new_output();
    size_t len;

    qemu_put_byte(f, 1);
    qemu_file_set_error(f, -ENOSPC);
    qemu_file_set_error(f, -EIO);
    qemu_file_set_error(f, 0);
    qemu_put_byte(f, 2);
    qemu_shim_file_output_data(f, &len);
    ck_assert_uint_eq(len, 1);
    ck_assert_int_eq(qemu_fclose(f), -ENOSPC);
}
END_TEST

static Suite *qemu_file_suite(void)
{
    Suite *s = suite_create("qemu-file");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_put_big_endian);
    tcase_add_test(tc, test_get_big_endian);
    tcase_add_test(tc, test_input_is_copied);
    tcase_add_test(tc, test_read_past_end);
    tcase_add_test(tc, test_read_past_end_partial_integer);
    tcase_add_test(tc, test_empty_input);
    tcase_add_test(tc, test_counted_string_truncated);
    tcase_add_test(tc, test_counted_string_too_long);
    tcase_add_test(tc, test_peek_and_skip);
    tcase_add_test(tc, test_wrong_direction);
    tcase_add_test(tc, test_error_sticks);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(qemu_file_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
