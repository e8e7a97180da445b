/*
 * Visitors (qapi/visitor.h): the string input visitor's parsing rules and
 * messages (booleans, integers with range checks, sizes with suffixes),
 * the string output visitor's formats, and the strict QObject visitors.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "qapi/error.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/string-input-visitor.h"
#include "qapi/string-output-visitor.h"
#include "qapi/visitor.h"

/* Parse @str as a size; NULL on success, else the error message. */
static char *parse_size(const char *str, uint64_t *val)
{
    Visitor *v = string_input_visitor_new(str);
    Error *err = NULL;
    char *msg = NULL;

    if (!visit_type_size(v, "sz", val, &err)) {
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    }
    visit_free(v);
    return msg;
}

static void check_size(const char *str, uint64_t expected)
{
    uint64_t val = 0;
    g_autofree char *msg = parse_size(str, &val);

    ck_assert_msg(msg == NULL, "'%s': %s", str, msg);
    ck_assert_msg(val == expected, "'%s' gave %" PRIu64, str, val);
}

static void check_bad_size(const char *str)
{
    uint64_t val = 0;
    g_autofree char *msg = parse_size(str, &val);

    ck_assert_msg(msg != NULL, "'%s' was accepted", str);
    ck_assert_str_eq(msg, "Parameter 'sz' expects size");
}

START_TEST(test_input_size)
{
    check_size("0", 0);
    check_size("4096", 4096);
    check_size("0x1000", 4096);
    check_size("10B", 10);
    check_size("4k", 4096);
    check_size("4K", 4096);
    check_size("1M", 1 << 20);
    check_size("2G", 2ULL << 30);
    check_size("1T", 1ULL << 40);
    check_size("1P", 1ULL << 50);
    check_size("1E", 1ULL << 60);
    check_size("1.5k", 1536);
    check_size("0.5M", 512 * 1024);
    check_size("18446744073709551615", UINT64_MAX);

    check_bad_size("");
    check_bad_size("k");
    check_bad_size("-1");
    check_bad_size(" 1");
    check_bad_size("1x");
    check_bad_size("1kk");
    check_bad_size("1.5");
    check_bad_size("0x1.5k");
    check_bad_size("16E");
    check_bad_size("18446744073709551616");
}
END_TEST

START_TEST(test_input_ints)
{
    Visitor *v;
    Error *err = NULL;
    int64_t i64;
    int8_t i8;
    uint64_t u64;
    uint32_t u32;

    v = string_input_visitor_new("-42");
    ck_assert(visit_type_int(v, "i", &i64, &error_abort));
    ck_assert_int_eq(i64, -42);
    ck_assert(visit_type_int8(v, "i", &i8, &error_abort));
    ck_assert_int_eq(i8, -42);
    /* As in QEMU, a negative number wraps for unsigned types. */
    ck_assert(visit_type_uint64(v, "u", &u64, &error_abort));
    ck_assert_uint_eq(u64, (uint64_t)-42);
    ck_assert(!visit_type_uint32(v, "u", &u32, &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'u' expects uint32_t");
    error_free(err);
    err = NULL;
    visit_free(v);

    v = string_input_visitor_new("0x7f");
    ck_assert(visit_type_int8(v, "i", &i8, &error_abort));
    ck_assert_int_eq(i8, 127);
    visit_free(v);

    v = string_input_visitor_new("010");
    ck_assert(visit_type_uint64(v, "u", &u64, &error_abort));
    ck_assert_uint_eq(u64, 8);
    visit_free(v);

    v = string_input_visitor_new("128");
    ck_assert(!visit_type_int8(v, "i", &i8, &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'i' expects int8_t");
    error_free(err);
    err = NULL;
    visit_free(v);

    v = string_input_visitor_new("9223372036854775808");
    ck_assert(!visit_type_int(v, NULL, &i64, &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'null' expects integer");
    error_free(err);
    visit_free(v);
}
END_TEST

START_TEST(test_input_bool_str_number)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    Visitor *v;
    Error *err = NULL;
    bool b;
    char *s;
    double d;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(yes); i++) {
        v = string_input_visitor_new(yes[i]);
        ck_assert(visit_type_bool(v, "b", &b, &error_abort) && b);
        visit_free(v);
        v = string_input_visitor_new(no[i]);
        ck_assert(visit_type_bool(v, "b", &b, &error_abort) && !b);
        visit_free(v);
    }
    v = string_input_visitor_new("ON");
    ck_assert(!visit_type_bool(v, "b", &b, &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Parameter 'b' expects 'on' or 'off'");
    error_free(err);
    err = NULL;
    ck_assert(visit_type_str(v, "s", &s, &error_abort));
    ck_assert_str_eq(s, "ON");
    g_free(s);
    ck_assert(!visit_type_number(v, "d", &d, &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'd' expects number");
    error_free(err);
    err = NULL;
    /* No structs or lists in a scalar visitor. */
    ck_assert(!visit_start_struct(v, "st", NULL, 0, &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Parameter 'st' is a scalar, not a struct");
    error_free(err);
    visit_free(v);

    v = string_input_visitor_new("2.5");
    ck_assert(visit_type_number(v, "d", &d, &error_abort));
    ck_assert(d == 2.5);
    visit_free(v);
}
END_TEST

static char *print_u64(bool human, uint64_t val, bool size)
{
    char *out = NULL;
    Visitor *v = string_output_visitor_new(human, &out);

    if (size) {
        visit_type_size(v, "x", &val, &error_abort);
    } else {
        visit_type_uint64(v, "x", &val, &error_abort);
    }
    visit_complete(v, &out);
    visit_free(v);
    return out;
}

START_TEST(test_output)
{
    char *out = NULL, *str = NULL;
    Visitor *v;
    int64_t i = -1;
    bool b = false;

    out = print_u64(false, 255, false);
    ck_assert_str_eq(out, "255");
    g_free(out);
    out = print_u64(true, 255, false);
    ck_assert_str_eq(out, "255 (0xff)");
    g_free(out);
    out = print_u64(true, 1 << 20, true);
    ck_assert_str_eq(out, "1048576 (1 MiB)");
    g_free(out);
    out = print_u64(true, 1536, true);
    ck_assert_str_eq(out, "1536 (1.5 KiB)");
    g_free(out);
    out = print_u64(true, 999, true);
    ck_assert_str_eq(out, "999 (999 B)");
    g_free(out);

    v = string_output_visitor_new(true, &out);
    visit_type_int(v, "i", &i, &error_abort);
    visit_complete(v, &out);
    visit_free(v);
    ck_assert_str_eq(out, "-1 (0xffffffffffffffff)");
    g_free(out);

    v = string_output_visitor_new(false, &out);
    visit_type_bool(v, "b", &b, &error_abort);
    visit_complete(v, &out);
    visit_free(v);
    ck_assert_str_eq(out, "false");
    g_free(out);

    v = string_output_visitor_new(true, &out);
    visit_type_str(v, "s", &str, &error_abort);
    visit_complete(v, &out);
    visit_free(v);
    ck_assert_str_eq(out, "<null>");
    g_free(out);
}
END_TEST

START_TEST(test_qobject_visitors)
{
    QObject *q = QOBJECT(qnum_from_int(-5));
    QObject *res = NULL;
    Visitor *v = qobject_input_visitor_new(q);
    Error *err = NULL;
    int64_t i;
    uint8_t u8;
    bool b;
    char *s;

    ck_assert(visit_type_int(v, "n", &i, &error_abort));
    ck_assert_int_eq(i, -5);
    ck_assert(!visit_type_uint8(v, "n", &u8, &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'n' expects uint8_t");
    error_free(err);
    err = NULL;
    ck_assert(!visit_type_bool(v, "n", &b, &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Invalid parameter type for 'n', expected: boolean");
    error_free(err);
    err = NULL;
    ck_assert(!visit_type_str(v, "n", &s, &err));
    ck_assert_ptr_null(s);
    error_free(err);
    visit_free(v);
    qobject_unref(q);

    v = qobject_output_visitor_new(&res);
    b = true;
    visit_type_bool(v, "b", &b, &error_abort);
    visit_complete(v, &res);
    visit_free(v);
    ck_assert_int_eq(qobject_type(res), QTYPE_QBOOL);
    ck_assert(qbool_get_bool(qobject_to(QBool, res)));
    ck_assert_ptr_null(qobject_to(QNum, res));
    qobject_unref(res);
}
END_TEST

START_TEST(test_qnum)
{
    QNum *big = qnum_from_uint(UINT64_MAX);
    QNum *neg = qnum_from_int(-1);
    QNum *dbl = qnum_from_double(0.5);
    int64_t i;
    uint64_t u;

    ck_assert(!qnum_get_try_int(big, &i));
    ck_assert(qnum_get_try_uint(big, &u) && u == UINT64_MAX);
    ck_assert(!qnum_get_try_uint(neg, &u));
    ck_assert(qnum_get_try_int(neg, &i) && i == -1);
    ck_assert(!qnum_get_try_int(dbl, &i));
    ck_assert(qnum_get_double(dbl) == 0.5);
    ck_assert(qnum_get_double(neg) == -1.0);
    qobject_ref(neg);
    qobject_unref(neg);
    qobject_unref(neg);
    qobject_unref(big);
    qobject_unref(dbl);
    qobject_unref(NULL);
}
END_TEST

static Suite *visitor_suite(void)
{
    Suite *s = suite_create("visitor");
    TCase *tc;

    tc = tcase_create("string-input");
    tcase_add_test(tc, test_input_size);
    tcase_add_test(tc, test_input_ints);
    tcase_add_test(tc, test_input_bool_str_number);
    suite_add_tcase(s, tc);

    tc = tcase_create("string-output");
    tcase_add_test(tc, test_output);
    suite_add_tcase(s, tc);

    tc = tcase_create("qobject");
    tcase_add_test(tc, test_qobject_visitors);
    tcase_add_test(tc, test_qnum);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(visitor_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
