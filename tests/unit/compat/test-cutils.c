/*
 * Unit tests for qemu/cutils.h: QEMU 7.2's strto* conventions (whole
 * string or end pointer, -EINVAL for no number or trailing text, -ERANGE
 * with a clamped result, wrap-around of negative unsigned input), the size
 * parser's suffixes, fractions and refusals, and the bounded copies.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/units.h"
#include "compat-test.h"

START_TEST(test_strtoi)
{
    const char *end;
    int r = 99;

    ck_assert_int_eq(qemu_strtoi("42", NULL, 10, &r), 0);
    ck_assert_int_eq(r, 42);
    ck_assert_int_eq(qemu_strtoi("  -17", NULL, 0, &r), 0);
    ck_assert_int_eq(r, -17);
    ck_assert_int_eq(qemu_strtoi("0x1f", NULL, 0, &r), 0);
    ck_assert_int_eq(r, 31);
    ck_assert_int_eq(qemu_strtoi("010", NULL, 0, &r), 0);
    ck_assert_int_eq(r, 8);
    ck_assert_int_eq(qemu_strtoi("ff", NULL, 16, &r), 0);
    ck_assert_int_eq(r, 255);

    /* Trailing text: an error without @endptr, fine with it. */
    ck_assert_int_eq(qemu_strtoi("12abc", NULL, 10, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtoi("12abc", &end, 10, &r), 0);
    ck_assert_int_eq(r, 12);
    ck_assert_str_eq(end, "abc");

    /* No number at all. */
    end = NULL;
    ck_assert_int_eq(qemu_strtoi("abc", &end, 10, &r), -EINVAL);
    ck_assert_str_eq(end, "abc");
    ck_assert_int_eq(qemu_strtoi("", NULL, 10, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtoi("   ", NULL, 10, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtoi("-", NULL, 10, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtoi(NULL, &end, 10, &r), -EINVAL);
    ck_assert_ptr_null(end);

    /* Out of range: clamped. */
    ck_assert_int_eq(qemu_strtoi("2147483648", NULL, 10, &r), -ERANGE);
    ck_assert_int_eq(r, INT_MAX);
    ck_assert_int_eq(qemu_strtoi("-2147483649", &end, 10, &r), -ERANGE);
    ck_assert_int_eq(r, INT_MIN);
    ck_assert_str_eq(end, "");
    ck_assert_int_eq(qemu_strtoi("99999999999999999999999", NULL, 10, &r),
                     -ERANGE);
    ck_assert_int_eq(r, INT_MAX);
    ck_assert_int_eq(qemu_strtoi("2147483647", NULL, 10, &r), 0);
    ck_assert_int_eq(r, INT_MAX);

    /* A base strtol() does not know is refused, not asserted. */
    ck_assert_int_eq(qemu_strtoi("1", NULL, 1, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtoi("1", NULL, 37, &r), -EINVAL);
}
END_TEST

START_TEST(test_strtoui)
{
    unsigned int r;

    ck_assert_int_eq(qemu_strtoui("4294967295", NULL, 10, &r), 0);
    ck_assert_uint_eq(r, UINT_MAX);
    ck_assert_int_eq(qemu_strtoui("-1", NULL, 10, &r), 0);
    ck_assert_uint_eq(r, UINT_MAX);
    ck_assert_int_eq(qemu_strtoui("-2147483648", NULL, 10, &r), 0);
    ck_assert_uint_eq(r, 0x80000000u);
    ck_assert_int_eq(qemu_strtoui("4294967296", NULL, 10, &r), -ERANGE);
    ck_assert_uint_eq(r, UINT_MAX);
    ck_assert_int_eq(qemu_strtoui("-2147483649", NULL, 10, &r), -ERANGE);
    ck_assert_uint_eq(r, UINT_MAX);
    ck_assert_int_eq(qemu_strtoui("x", NULL, 10, &r), -EINVAL);
}
END_TEST

START_TEST(test_strtol_strtoul)
{
    const char *end;
    long l;
    unsigned long ul;

    ck_assert_int_eq(qemu_strtol("-9223372036854775808", NULL, 10, &l), 0);
    ck_assert_int_eq(l, LONG_MIN);
    ck_assert_int_eq(qemu_strtol("9223372036854775808", NULL, 10, &l),
                     -ERANGE);
    ck_assert_int_eq(l, LONG_MAX);
    ck_assert_int_eq(qemu_strtol("7 ", &end, 10, &l), 0);
    ck_assert_str_eq(end, " ");
    ck_assert_int_eq(qemu_strtol("7 ", NULL, 10, &l), -EINVAL);

    ck_assert_int_eq(qemu_strtoul("0xffffffffffffffff", NULL, 16, &ul), 0);
    ck_assert_uint_eq(ul, ULONG_MAX);
    ck_assert_int_eq(qemu_strtoul("-1", NULL, 0, &ul), 0);
    ck_assert_uint_eq(ul, ULONG_MAX);
    ck_assert_int_eq(qemu_strtoul("18446744073709551616", NULL, 10, &ul),
                     -ERANGE);
    ck_assert_uint_eq(ul, ULONG_MAX);
    ck_assert_int_eq(qemu_strtoul("-18446744073709551616", NULL, 10, &ul),
                     -ERANGE);
    ck_assert_uint_eq(ul, ULONG_MAX);
    ck_assert_int_eq(qemu_strtoul("", NULL, 10, &ul), -EINVAL);
    ck_assert_int_eq(qemu_strtoul(NULL, NULL, 10, &ul), -EINVAL);
}
END_TEST

START_TEST(test_strtoi64_strtou64)
{
    const char *end;
    int64_t i;
    uint64_t u;

    ck_assert_int_eq(qemu_strtoi64("-0x8000000000000000", NULL, 0, &i), 0);
    ck_assert_int_eq(i, INT64_MIN);
    ck_assert_int_eq(qemu_strtoi64("0x8000000000000000", NULL, 0, &i),
                     -ERANGE);
    ck_assert_int_eq(i, INT64_MAX);
    ck_assert_int_eq(qemu_strtoi64("-99999999999999999999", &end, 10, &i),
                     -ERANGE);
    ck_assert_int_eq(i, INT64_MIN);
    ck_assert_str_eq(end, "");
    ck_assert_int_eq(qemu_strtoi64("12,13", &end, 10, &i), 0);
    ck_assert_int_eq(i, 12);
    ck_assert_str_eq(end, ",13");

    ck_assert_int_eq(qemu_strtou64("18446744073709551615", NULL, 10, &u), 0);
    ck_assert_uint_eq(u, UINT64_MAX);
    ck_assert_int_eq(qemu_strtou64("18446744073709551616", NULL, 10, &u),
                     -ERANGE);
    ck_assert_uint_eq(u, UINT64_MAX);
    ck_assert_int_eq(qemu_strtou64("-2", NULL, 10, &u), 0);
    ck_assert_uint_eq(u, UINT64_MAX - 1);
    ck_assert_int_eq(qemu_strtou64("0b1", NULL, 0, &u), -EINVAL);
    ck_assert_int_eq(qemu_strtou64("z", NULL, 36, &u), 0);
    ck_assert_uint_eq(u, 35);
}
END_TEST

START_TEST(test_strtosz)
{
    static const struct {
        const char *str;
        uint64_t val;
    } good[] = {
        { "0", 0 },
        { "12345", 12345 },
        { " 42", 42 },
        { "1B", 1 },
        { "1b", 1 },
        { "1k", KiB },
        { "1K", KiB },
        { "4M", 4 * MiB },
        { "2G", 2 * GiB },
        { "3T", 3 * TiB },
        { "1P", PiB },
        { "15E", 15 * (uint64_t)EiB },
        { "1.5k", 1536 },
        { "0.5M", 512 * KiB },
        { "1.k", KiB },
        { "1.0", 1 },
        { "1.0B", 1 },
        { "1.1k", 1126 },           /* 1126.4, rounded */
        { "0.0009765625k", 1 },     /* exactly 1 byte */
        { "0.00048828125k", 1 },    /* half a byte rounds up */
    };
    const char *end;
    uint64_t r;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(good); i++) {
        r = 7;
        ck_assert_msg(qemu_strtosz(good[i].str, NULL, &r) == 0,
                      "%s refused", good[i].str);
        ck_assert_msg(r == good[i].val, "%s gave %" PRIu64, good[i].str, r);
    }

    /* The largest size fits; one unit more does not. */
    ck_assert_int_eq(qemu_strtosz("18446744073709551615", NULL, &r), 0);
    ck_assert_uint_eq(r, UINT64_MAX);
    r = 7;
    ck_assert_int_eq(qemu_strtosz("16E", NULL, &r), -ERANGE);
    ck_assert_int_eq(qemu_strtosz("18446744073709551616", NULL, &r), -ERANGE);
    ck_assert_int_eq(qemu_strtosz("17179869184G", NULL, &r), -ERANGE);
    ck_assert_uint_eq(r, 7);    /* untouched on error */

    /* End pointer: the suffix is consumed, the rest is left. */
    ck_assert_int_eq(qemu_strtosz("8kiB", &end, &r), 0);
    ck_assert_uint_eq(r, 8 * KiB);
    ck_assert_str_eq(end, "iB");
    ck_assert_int_eq(qemu_strtosz("8kiB", NULL, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtosz("12 ", &end, &r), 0);
    ck_assert_str_eq(end, " ");

    /* Refused forms; none of them touches the result. */
    r = 7;
    ck_assert_int_eq(qemu_strtosz("", NULL, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtosz("k", NULL, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtosz("-1", &end, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtosz(" -0", NULL, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtosz("0x20", NULL, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtosz("1.5", &end, &r), -EINVAL); /* 1.5 bytes */
    ck_assert_int_eq(qemu_strtosz("1.5e3", NULL, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtosz("1.5E+3k", &end, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtosz("1.5x", NULL, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtosz(".5k", NULL, &r), -EINVAL);
    ck_assert_int_eq(qemu_strtosz(NULL, &end, &r), -EINVAL);
    ck_assert_ptr_null(end);
    ck_assert_uint_eq(r, 7);
    /* "e" right after a fraction is the exbibyte suffix, not an exponent */
    ck_assert_int_eq(qemu_strtosz("0.5e", NULL, &r), 0);
    ck_assert_uint_eq(r, EiB / 2);
}
END_TEST

START_TEST(test_strtosz_variants)
{
    uint64_t r;

    ck_assert_int_eq(qemu_strtosz_MiB("3", NULL, &r), 0);
    ck_assert_uint_eq(r, 3 * MiB);
    ck_assert_int_eq(qemu_strtosz_MiB("3k", NULL, &r), 0);
    ck_assert_uint_eq(r, 3 * KiB);
    ck_assert_int_eq(qemu_strtosz_MiB("1.5", NULL, &r), 0);
    ck_assert_uint_eq(r, 3 * MiB / 2);
    ck_assert_int_eq(qemu_strtosz_MiB("3b", NULL, &r), 0);
    ck_assert_uint_eq(r, 3);
    ck_assert_int_eq(qemu_strtosz_metric("2k", NULL, &r), 0);
    ck_assert_uint_eq(r, 2000);
    ck_assert_int_eq(qemu_strtosz_metric("1.5M", NULL, &r), 0);
    ck_assert_uint_eq(r, 1500000);
    ck_assert_int_eq(qemu_strtosz_metric("18E", NULL, &r), 0);
    ck_assert_uint_eq(r, UINT64_C(18000000000000000000));
    ck_assert_int_eq(qemu_strtosz_metric("19E", NULL, &r), -ERANGE);
}
END_TEST

START_TEST(test_pstrcpy)
{
    char buf[6];
    const char *rest;

    memset(buf, 'x', sizeof(buf));
    pstrcpy(buf, sizeof(buf), "hello world");
    ck_assert_str_eq(buf, "hello");
    pstrcpy(buf, sizeof(buf), "hi");
    ck_assert_str_eq(buf, "hi");
    pstrcpy(buf, 0, "ignored");         /* nothing written */
    ck_assert_str_eq(buf, "hi");
    pstrcpy(buf, 1, "abc");
    ck_assert_str_eq(buf, "");

    pstrcpy(buf, sizeof(buf), "ab");
    ck_assert_ptr_eq(pstrcat(buf, sizeof(buf), "cd"), buf);
    ck_assert_str_eq(buf, "abcd");
    pstrcat(buf, sizeof(buf), "efgh");
    ck_assert_str_eq(buf, "abcde");
    pstrcat(buf, sizeof(buf), "z");     /* full: unchanged */
    ck_assert_str_eq(buf, "abcde");

    ck_assert_int_eq(strstart("chardev:c0", "chardev:", &rest), 1);
    ck_assert_str_eq(rest, "c0");
    rest = NULL;
    ck_assert_int_eq(strstart("char", "chardev:", &rest), 0);
    ck_assert_ptr_null(rest);
    ck_assert_int_eq(strstart("abc", "", NULL), 1);
}
END_TEST

static Suite *cutils_suite(void)
{
    Suite *s = suite_create("cutils");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_strtoi);
    tcase_add_test(tc, test_strtoui);
    tcase_add_test(tc, test_strtol_strtoul);
    tcase_add_test(tc, test_strtoi64_strtou64);
    tcase_add_test(tc, test_strtosz);
    tcase_add_test(tc, test_strtosz_variants);
    tcase_add_test(tc, test_pstrcpy);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return compat_test_run(cutils_suite());
}
