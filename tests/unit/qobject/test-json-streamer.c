/*
 * JSONMessageParser (qapi/qmp/json-parser.h) against QEMU 7.2's lexer and
 * streamer: where messages end, which bytes are errors and what the
 * recovery after one skips, the limits per message, and that how the
 * input is split into feeds changes nothing.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "qapi/error.h"
#include "qapi/qmp/json-parser.h"
#include "qapi/qmp/qjson.h"

/* Each message as a line: its value as JSON, or "E: " and the error. */
static void record(void *opaque, QObject *json, Error *err)
{
    GString *out = opaque;

    ck_assert((json == NULL) != (err == NULL));
    if (err) {
        g_string_append_printf(out, "E: %s\n", error_get_pretty(err));
        error_free(err);
    } else {
        g_autoptr(GString) text = qobject_to_json(json);

        g_string_append_printf(out, "%s\n", text->str);
        qobject_unref(json);
    }
}

/* @input fed @chunk bytes at a time: its messages' lines. */
static char *messages(const char *input, size_t len, size_t chunk)
{
    JSONMessageParser p;
    GString *out = g_string_new(NULL);

    json_message_parser_init(&p, record, out);
    for (size_t i = 0; i < len; i += chunk) {
        json_message_parser_feed(&p, input + i, MIN(chunk, len - i));
    }
    json_message_parser_destroy(&p);
    return g_string_free(out, false);
}

/* @input (@len bytes) gives @expected, whole and byte by byte. */
static void expect_len(const char *input, size_t len, const char *expected)
{
    g_autofree char *whole = messages(input, len, len ? len : 1);
    g_autofree char *bytes = messages(input, len, 1);

    ck_assert_msg(!strcmp(whole, expected), "'%.60s': '%s', not '%s'",
                  input, whole, expected);
    ck_assert_str_eq(bytes, whole);
}

static void expect(const char *input, const char *expected)
{
    expect_len(input, strlen(input), expected);
}

START_TEST(test_message_ends)
{
    /* a message ends where its openers close; a scalar alone is one */
    expect("{\"a\": 1} [2]\n3 \"x\" true\n",
           "{\"a\": 1}\n[2]\n3\n\"x\"\ntrue\n");
    expect("{\"a\":\n [1,\n 2]}", "{\"a\": [1, 2]}\n");
    /* a number or keyword ends at the first byte not its own */
    expect("12[]", "12\n[]\n");
    expect("null{}", "null\n{}\n");
    /* unfinished: nothing yet */
    expect("{\"a\": [1, 2", "");
    expect("12", "");
}
END_TEST

START_TEST(test_stray_closers)
{
    expect("}", "E: JSON parse error, expecting value\n");
    expect("]]", "E: JSON parse error, expecting value\n"
                 "E: JSON parse error, expecting value\n");
    expect("{]", "E: JSON parse error, expecting value\n");
    /* the other kind's closer does not end the message */
    expect("{\"a\": [1}\n]",
           "E: JSON parse error, expected separator in list\n");
    expect("{}}[1]", "{}\nE: JSON parse error, expecting value\n[1]\n");
}
END_TEST

START_TEST(test_lexical_errors)
{
    expect("@", "E: JSON parse error, stray '@'\n");
    expect("True", "E: JSON parse error, stray 'T'\n");
    expect("-x ", "E: JSON parse error, stray '-x'\n");
    expect("01 ", "E: JSON parse error, stray '01'\n");
    expect("1.e5 ", "E: JSON parse error, stray '1.e'\n");
    expect("1e+}", "E: JSON parse error, stray '1e+}'\n");
    expect("\"a\x01\"", "E: JSON parse error, stray '\"a\x01'\n");
    expect("'a\\\n'", "E: JSON parse error, stray ''a\\\n'\n");
    expect("\xff", "E: JSON parse error, stray '\xff'\n");
    /* the message's text ends at a NUL byte */
    expect_len("\0", 1, "E: JSON parse error, stray ''\n");
    /* errors of the parser, on complete tokens */
    expect("nul ", "E: JSON parse error, invalid keyword 'nul'\n");
    expect("\"\\x\"", "E: JSON parse error, invalid escape sequence in "
           "string\n");
}
END_TEST

START_TEST(test_recovery)
{
    /* an error drops the message begun */
    expect("{\"a\"\n@@@\n{\"b\": 2}",
           "E: JSON parse error, stray '@'\n{\"b\": 2}\n");
    /* then skips printable bytes and tabs, numbers and quotes too ... */
    expect("@abc\"d'e 1 2\t3\n4 ", "E: JSON parse error, stray '@'\n4\n");
    /* ... up to a structural character, which is read */
    expect("@x[1]", "E: JSON parse error, stray '@'\n[1]\n");
    expect("@x{}", "E: JSON parse error, stray '@'\n{}\n");
    expect("@x}", "E: JSON parse error, stray '@'\n"
                  "E: JSON parse error, expecting value\n");
    expect("{\"execute\": @\"query-status\"}",
           "E: JSON parse error, stray '@'\n"
           "E: JSON parse error, expecting value\n");
    /* ... or a control byte, an error itself unless whitespace */
    expect("@x\x01\n5\n", "E: JSON parse error, stray '@'\n"
                         "E: JSON parse error, stray '\x01'\n5\n");
    expect("@x\r5\n", "E: JSON parse error, stray '@'\n5\n");
    /* ... or 0xFE/0xFF, an error too */
    expect("@x\xfe\n6\n", "E: JSON parse error, stray '@'\n"
                         "E: JSON parse error, stray '\xfe'\n6\n");
}
END_TEST

START_TEST(test_limits)
{
    g_autoptr(GString) in = g_string_new(NULL);
    g_autoptr(GString) want = g_string_new(NULL);
    char *got;

    /* 1024 levels are a message; the opener past them is an error */
    for (int i = 0; i < 1024; i++) {
        g_string_append_c(in, '[');
        g_string_append_c(want, '[');
    }
    g_string_append(in, "\n");
    for (int i = 0; i < 1024; i++) {
        g_string_append_c(in, ']');
        g_string_append_c(want, ']');
    }
    g_string_append_c(want, '\n');
    expect(in->str, want->str);
    g_string_truncate(in, 0);
    for (int i = 0; i < 1025; i++) {
        g_string_append_c(in, '[');
    }
    g_string_append(in, " 7 ");
    expect(in->str, "E: JSON nesting depth limit exceeded\n7\n");

    /* "[" and 2 Mi tokens: the last "," is one too many */
    g_string_assign(in, "[");
    for (int i = 0; i < 1 << 20; i++) {
        g_string_append(in, "0,");
    }
    g_string_append(in, " 8 ");
    got = messages(in->str, in->len, in->len);
    ck_assert_str_eq(got, "E: JSON token count limit exceeded\n8\n");
    g_free(got);
    /* one token fewer waits for more */
    g_string_truncate(in, in->len - 4);
    g_string_append_c(in, ' ');
    got = messages(in->str, in->len, in->len);
    ck_assert_str_eq(got, "");
    g_free(got);

    /* a token one byte past 64 MiB (its quote included); lexing goes on */
    g_string_set_size(in, (64 << 20) + 1);
    in->str[0] = '"';
    memset(in->str + 1, 'a', 64 << 20);
    g_string_append(in, " 9 ");
    got = messages(in->str, in->len, 65536);
    ck_assert_str_eq(got, "E: JSON token size limit exceeded\n9\n");
    g_free(got);
}
END_TEST

START_TEST(test_reset)
{
    JSONMessageParser p;
    g_autoptr(GString) out = g_string_new(NULL);

    json_message_parser_init(&p, record, out);
    json_message_parser_feed(&p, "{\"a\": [1, \"b", 12);
    json_message_parser_reset(&p);
    json_message_parser_feed(&p, "[2]@", 4);
    json_message_parser_reset(&p);
    json_message_parser_feed(&p, "3 ", 2);
    json_message_parser_destroy(&p);
    ck_assert_str_eq(out->str, "[2]\nE: JSON parse error, stray '@'\n3\n");
}
END_TEST

static Suite *streamer_suite(void)
{
    Suite *s = suite_create("json-streamer");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_message_ends);
    tcase_add_test(tc, test_stray_closers);
    tcase_add_test(tc, test_lexical_errors);
    tcase_add_test(tc, test_recovery);
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_reset);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(streamer_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
