/*
 * The JSON codec (qapi/qmp/qjson.h) against QEMU 7.2's behaviour: what
 * the parser accepts and makes of it (number kinds, escapes, surrogate
 * pairs, single quotes, the nesting limit), every kind of malformed text
 * refused with QEMU's message, and the writer's text (compact and pretty,
 * escapes, number formats).
 */
#include "qemu/osdep.h"
#include <check.h>
#include "qapi/error.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qdict.h"
#include "qapi/qmp/qjson.h"
#include "qapi/qmp/qlist.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include <math.h>

static QObject *parse_ok(const char *json)
{
    Error *err = NULL;
    QObject *obj = qobject_from_json(json, &err);

    ck_assert_msg(obj && !err, "'%.60s' refused: %s", json,
                  err ? error_get_pretty(err) : "?");
    return obj;
}

/* @json is read and written back as @expected (compact). */
static void round_trip(const char *json, const char *expected)
{
    QObject *obj = parse_ok(json);
    g_autoptr(GString) out = qobject_to_json(obj);
    QObject *again;

    ck_assert_msg(!strcmp(out->str, expected), "'%s' written as '%s', not "
                  "'%s'", json, out->str, expected);
    /* and what is written reads back as the same value */
    if (strcmp(expected, "inf") && strcmp(expected, "-inf")) {
        again = parse_ok(out->str);
        ck_assert_msg(qobject_is_equal(obj, again), "'%s' changed", json);
        qobject_unref(again);
    }
    qobject_unref(obj);
}

/* @json is refused with exactly @message. */
static void refused(const char *json, const char *message)
{
    Error *err = NULL;
    QObject *obj = qobject_from_json(json, &err);

    ck_assert_msg(!obj, "'%.60s' accepted", json);
    ck_assert_msg(err, "'%.60s' refused without an error", json);
    ck_assert_msg(!strcmp(error_get_pretty(err), message),
                  "'%.60s': '%s', not '%s'", json, error_get_pretty(err),
                  message);
    error_free(err);
}

static QNumKind num_kind(const char *json, QObject **obj)
{
    *obj = parse_ok(json);
    ck_assert_int_eq(qobject_type(*obj), QTYPE_QNUM);
    return qobject_to(QNum, *obj)->kind;
}

START_TEST(test_values)
{
    round_trip("null", "null");
    round_trip(" \t\r\ntrue ", "true");
    round_trip("false", "false");
    round_trip("{}", "{}");
    round_trip("[]", "[]");
    round_trip("[1,[2,[]],{}]", "[1, [2, []], {}]");
    round_trip("{\"id\":1,\"return\":{}}", "{\"return\": {}, \"id\": 1}");
    round_trip("{ \"a\" : [ true , null ] }", "{\"a\": [true, null]}");
}
END_TEST

START_TEST(test_numbers)
{
    QObject *o;

    ck_assert_int_eq(num_kind("9223372036854775807", &o), QNUM_I64);
    qobject_unref(o);
    ck_assert_int_eq(num_kind("-9223372036854775808", &o), QNUM_I64);
    qobject_unref(o);
    ck_assert_int_eq(num_kind("9223372036854775808", &o), QNUM_U64);
    qobject_unref(o);
    ck_assert_int_eq(num_kind("18446744073709551615", &o), QNUM_U64);
    qobject_unref(o);
    /* beyond uint64 (or below int64): a double, as QEMU */
    ck_assert_int_eq(num_kind("18446744073709551616", &o), QNUM_DOUBLE);
    qobject_unref(o);
    ck_assert_int_eq(num_kind("-9223372036854775809", &o), QNUM_DOUBLE);
    qobject_unref(o);
    ck_assert_int_eq(num_kind("1.0", &o), QNUM_DOUBLE);
    qobject_unref(o);
    ck_assert_int_eq(num_kind("1e2", &o), QNUM_DOUBLE);
    qobject_unref(o);
    ck_assert_int_eq(num_kind("1e400", &o), QNUM_DOUBLE);
    ck_assert(isinf(qnum_get_double(qobject_to(QNum, o))));
    qobject_unref(o);

    round_trip("0", "0");
    round_trip("-0", "0");
    round_trip("-0.0", "-0");
    round_trip("9223372036854775807", "9223372036854775807");
    round_trip("18446744073709551615", "18446744073709551615");
    round_trip("18446744073709551616", "1.8446744073709552e+19");
    round_trip("-9223372036854775809", "-9.2233720368547758e+18");
    round_trip("0.1", "0.10000000000000001");
    round_trip("1.5", "1.5");
    round_trip("1E2", "100");
    round_trip("25e-1", "2.5");
    round_trip("1e21", "1e+21");
    round_trip("1e400", "inf");         /* QEMU's non-JSON text too */
    round_trip("-1e400", "-inf");
    round_trip("1e-400", "0");
}
END_TEST

START_TEST(test_strings)
{
    QObject *o = parse_ok("\"\\u00e9\\u0000x\"");

    /* U+0000 is C0 80 in modified UTF-8, so that the string stays whole */
    ck_assert_str_eq(qstring_get_str(qobject_to(QString, o)),
                     "\xc3\xa9\xc0\x80x");
    qobject_unref(o);
    o = parse_ok("\"\\ud83d\\ude00\"");
    ck_assert_str_eq(qstring_get_str(qobject_to(QString, o)),
                     "\xf0\x9f\x98\x80");
    qobject_unref(o);

    round_trip("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\\"\\\\/\\b\\f\\n\\r\\t\"");
    round_trip("\"a/b\"", "\"a/b\"");
    /* every byte outside printable ASCII as \uXXXX, upper case */
    round_trip("\"\\u0001\\u001f\\u007f\\u00e9\\u20AC\"",
               "\"\\u0001\\u001F\\u007F\\u00E9\\u20AC\"");
    round_trip("\"\xc3\xa9\"", "\"\\u00E9\"");
    round_trip("\"\\u0000\"", "\"\\u0000\"");
    /* beyond the BMP: a surrogate pair */
    round_trip("\"\xf0\x9f\x98\x80\"", "\"\\uD83D\\uDE00\"");
    round_trip("\"\\uD83D\\uDE00\"", "\"\\uD83D\\uDE00\"");
    /* QEMU's single quotes, and \' in either kind */
    round_trip("'it\\'s \"x\"'", "\"it's \\\"x\\\"\"");
    round_trip("\"it\\'s\"", "\"it's\"");
    round_trip("{'a': 'b'}", "{\"a\": \"b\"}");
}
END_TEST

START_TEST(test_writer)
{
    QDict *d = qdict_new();
    QList *l = qlist_new();
    QString *bad = qstring_from_str("a\xff" "b\xc0\xaf" "c");
    GString *out;

    qlist_append_int(l, 1);
    qlist_append(l, qdict_new());
    qdict_put(d, "a", l);
    qdict_put(d, "b", qlist_new());
    qdict_put(d, "c", qnum_from_uint(UINT64_MAX));
    qdict_put(d, "x", qnum_from_double(-2.5));
    out = qobject_to_json(QOBJECT(d));
    ck_assert_str_eq(out->str, "{\"x\": -2.5, \"a\": [1, {}], \"b\": [], "
                     "\"c\": 18446744073709551615}");
    g_string_free(out, true);
    /* QEMU's pretty form: four spaces a level, empty containers too */
    out = qobject_to_json_pretty(QOBJECT(d), true);
    ck_assert_str_eq(out->str, "{\n"
                     "    \"x\": -2.5,\n"
                     "    \"a\": [\n"
                     "        1,\n"
                     "        {\n"
                     "        }\n"
                     "    ],\n"
                     "    \"b\": [\n"
                     "    ],\n"
                     "    \"c\": 18446744073709551615\n"
                     "}");
    g_string_free(out, true);
    /* invalid UTF-8 in a QString: U+FFFD for each bad sequence (the
     * overlong C0 AF is one) */
    out = qobject_to_json(QOBJECT(bad));
    ck_assert_str_eq(out->str, "\"a\\uFFFDb\\uFFFDc\"");
    g_string_free(out, true);
    out = qobject_to_json_pretty(QOBJECT(bad), true);   /* a scalar: as is */
    ck_assert_str_eq(out->str, "\"a\\uFFFDb\\uFFFDc\"");
    g_string_free(out, true);
    qobject_unref(bad);
    qobject_unref(d);
}
END_TEST

START_TEST(test_structure_errors)
{
    refused("", "Expecting a JSON value");
    refused(" \r\n\t", "Expecting a JSON value");
    refused("1 2", "Expecting at most one JSON value");
    refused("{} x", "Expecting at most one JSON value");
    refused("{}}", "Expecting at most one JSON value");
    refused("[] []", "Expecting at most one JSON value");
    refused("01", "Expecting at most one JSON value");
    refused("{", "JSON parse error, premature EOI");
    refused("[1,", "JSON parse error, premature EOI");
    refused("{\"a\"", "JSON parse error, premature EOI");
    refused("{\"a\":", "JSON parse error, premature EOI");
    refused("{\"a\":1", "JSON parse error, premature EOI");
    refused("{\"a\" 1}", "JSON parse error, missing : in object pair");
    refused("{1: 2}", "JSON parse error, key is not a string in object");
    refused("{null: 2}", "JSON parse error, key is not a string in object");
    refused("{\"a\": 1 \"b\": 2}", "JSON parse error, expected separator in dict");
    refused("[1 2]", "JSON parse error, expected separator in list");
    refused("[1,]", "JSON parse error, expecting value");
    refused("{\"a\": 1,}", "JSON parse error, expecting value");
    refused("{\"a\": }", "JSON parse error, expecting value");
    refused("]", "JSON parse error, expecting value");
    refused(",", "JSON parse error, expecting value");
    refused("{\"a\": 1, \"a\": 2}", "JSON parse error, duplicate key");
    refused("{'a': 1, \"a\": 2}", "JSON parse error, duplicate key");
    refused("nul", "JSON parse error, invalid keyword 'nul'");
    refused("truefalse", "JSON parse error, invalid keyword 'truefalse'");
    refused("True", "JSON parse error, stray 'T'");
    refused("@", "JSON parse error, stray '@'");
    refused("[1, \xff]", "JSON parse error, stray '\xff'");
}
END_TEST

START_TEST(test_number_errors)
{
    refused("-", "JSON parse error, stray '-'");
    refused("-a", "JSON parse error, stray '-a'");
    refused("+1", "JSON parse error, stray '+'");
    refused(".5", "JSON parse error, stray '.'");
    refused("1.", "JSON parse error, stray '1.'");
    refused("1.e5", "JSON parse error, stray '1.e'");
    refused("1e", "JSON parse error, stray '1e'");
    refused("1e+", "JSON parse error, stray '1e+'");
    refused("[1ex]", "JSON parse error, stray '1ex'");
    refused("Infinity", "JSON parse error, stray 'I'");
    refused("NaN", "JSON parse error, stray 'N'");
}
END_TEST

START_TEST(test_string_errors)
{
    refused("\"abc", "JSON parse error, stray '\"abc'");
    refused("'abc", "JSON parse error, stray ''abc'");
    refused("\"a\nb\"", "JSON parse error, stray '\"a\n'");
    refused("\"a\x01\"", "JSON parse error, stray '\"a\x01'");
    refused("\"\\x41\"", "JSON parse error, invalid escape sequence in string");
    refused("\"\\U0041\"", "JSON parse error, invalid escape sequence in string");
    /* QEMU shows the escape's six bytes, or up to its string's end */
    refused("\"\\u12\"", "JSON parse error, \\u12\" is not a valid Unicode character");
    refused("[\"\\u1\", 1]", "JSON parse error, \\u1\" is not a valid Unicode character");
    refused("'\\u1\\'x'", "JSON parse error, \\u1\\'x is not a valid Unicode character");
    refused("\"\\uzzzzzz\"", "JSON parse error, \\uzzzz is not a valid Unicode character");
    refused("\"\\ud800\"",
            "JSON parse error, \\ud800 is not a valid Unicode character");
    refused("\"\\udc00\"",
            "JSON parse error, \\udc00 is not a valid Unicode character");
    refused("\"\\ud800\\u0041\"",
            "JSON parse error, \\ud800 is not a valid Unicode character");
    refused("\"\\ufffe\"",
            "JSON parse error, \\ufffe is not a valid Unicode character");
    refused("\"\\ufdd0\"",
            "JSON parse error, \\ufdd0 is not a valid Unicode character");
    refused("\"\xff\"", "JSON parse error, invalid UTF-8 sequence in string");
    refused("\"\x80\"", "JSON parse error, invalid UTF-8 sequence in string");
    refused("\"\xc0\xaf\"", "JSON parse error, invalid UTF-8 sequence in string");
    refused("\"\xed\xa0\x80\"",       /* a surrogate, encoded */
            "JSON parse error, invalid UTF-8 sequence in string");
    refused("\"\xf4\x90\x80\x80\"",   /* beyond U+10FFFF */
            "JSON parse error, invalid UTF-8 sequence in string");
    refused("\"\xe2\x82\"", "JSON parse error, invalid UTF-8 sequence in string");
}
END_TEST

/* QEMU's MAX_NESTING: 1024 levels of objects and arrays, together. */
START_TEST(test_nesting)
{
    g_autoptr(GString) ok = g_string_new(NULL);
    g_autoptr(GString) deep = g_string_new(NULL);
    g_autoptr(GString) huge = g_string_new(NULL);
    QObject *obj;

    for (int i = 0; i < 512; i++) {
        g_string_append(ok, "{\"a\": [");
    }
    for (int i = 0; i < 512; i++) {
        g_string_append(ok, "]}");
    }
    obj = parse_ok(ok->str);
    qobject_unref(obj);

    g_string_append_printf(deep, "[%s]", ok->str);
    refused(deep->str, "JSON nesting depth limit exceeded");

    /* far deeper than the stack would allow, and unclosed */
    for (int i = 0; i < 1000000; i++) {
        g_string_append_c(huge, '[');
    }
    refused(huge->str, "JSON nesting depth limit exceeded");
}
END_TEST

static Suite *qjson_suite(void)
{
    Suite *s = suite_create("qjson");
    TCase *tc = tcase_create("read");

    tcase_add_test(tc, test_values);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_strings);
    suite_add_tcase(s, tc);
    tc = tcase_create("write");
    tcase_add_test(tc, test_writer);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_structure_errors);
    tcase_add_test(tc, test_number_errors);
    tcase_add_test(tc, test_string_errors);
    tcase_add_test(tc, test_nesting);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(qjson_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
