/*
 * Unit tests for chardev/char.h: "-chardev" option parsing and QEMU 7.2's
 * error wording, the /chardevs container, and each backend (null, file,
 * ringbuf, stdio, the shim's x-memory), legacy filenames and removal.
 */
#include "chardev-test.h"
#include <fcntl.h>
#include <sys/stat.h>

/* 108 bytes and more do not fit in a sockaddr_un. */
#define LONG_PATH "/tmp/" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const struct {
    const char *opts;
    const char *msg;
} bad_opts[] = {
    { "null", "chardev: no id specified" },
    { "", "chardev: no id specified" },
    { "id=x", "chardev: \"x\" missing backend" },
    { "foo,id=x", "'foo' is not a valid char driver name" },
    { "fd,id=x", "Parameter 'driver' expects a non-abstract device type" },
    { "null,id=1x", "Parameter 'id' expects an identifier" },
    { "null,id=x,,y", "Parameter 'id' expects an identifier" },
    { "null,id=x,bogus=1", "Invalid parameter 'bogus'" },
    { "null,id=x,mux=on", "chardev: mux=on is not supported by qemu-shim" },
    { "null,id=x,mux=1", "Parameter 'mux' expects 'on' or 'off'" },
    { "null,id=x,path=/tmp/x",
      "chardev: null: option 'path' is not supported by qemu-shim" },
    { "null,id=x,logfile=/nonexistent-dir/log",
      "Could not create '/nonexistent-dir/log': No such file or directory" },
    { "ringbuf,id=r,size=3", "size of ringbuf chardev must be power of two" },
    { "ringbuf,id=r,size=0", "size of ringbuf chardev must be power of two" },
    { "ringbuf,id=r,size=abc",
      "Parameter 'size' expects a non-negative number below 2^64" },
    { "ringbuf,id=r,size=-4",
      "Parameter 'size' expects a non-negative number below 2^64" },
    { "ringbuf,id=r,size=1.5k",
      "size of ringbuf chardev must be power of two" },
    { "ringbuf,id=r,size=1.5",
      "Parameter 'size' expects a non-negative number below 2^64" },
    { "ringbuf,id=r,size=1..5k",
      "Parameter 'size' expects a non-negative number below 2^64" },
    { "ringbuf,id=r,size=16E",
      "Value '16E' is out of range for parameter 'size'" },
    /* hex as QEMU 7.2 takes it: no fraction, overflow out of range */
    { "ringbuf,id=r,size=0x11", "size of ringbuf chardev must be power of two" },
    { "ringbuf,id=r,size=0x",
      "Parameter 'size' expects a non-negative number below 2^64" },
    { "ringbuf,id=r,size=0x1.5",
      "Parameter 'size' expects a non-negative number below 2^64" },
    { "ringbuf,id=r,size=0x1ffffffffffffffff",
      "Value '0x1ffffffffffffffff' is out of range for parameter 'size'" },
    { "ringbuf,id=r,size=64Q",
      "Parameter 'size' expects a non-negative number below 2^64" },
    { "ringbuf,id=r,size=2G",
      "size of ringbuf chardev must be at most 1073741824" },
    { "file,id=f", "chardev: file: no filename given" },
    { "file,id=f,path=/nonexistent-dir/out",
      "Could not open '/nonexistent-dir/out': No such file or directory" },
    { "file,id=f,path=/dev/null,input-path=/nonexistent-dir/in",
      "Could not open '/nonexistent-dir/in': No such file or directory" },
    { "file,id=f,path=/dev/null,append=maybe",
      "Parameter 'append' expects 'on' or 'off'" },
    { "stdio,id=s,signal=x", "Parameter 'signal' expects 'on' or 'off'" },
    { "socket,id=s", "chardev: socket: no path given "
      "(qemu-shim has unix sockets only)" },
    { "socket,id=s,host=localhost,port=4444",
      "chardev: socket: option 'host' is not supported by qemu-shim" },
    { "socket,id=s,path=/nonexistent-dir/s,wait=off",
      "'wait' option is incompatible with socket in client connect mode" },
    { "socket,id=s,path=/nonexistent-dir/s,server=maybe",
      "Parameter 'server' expects 'on' or 'off'" },
    { "socket,id=s,path=/nonexistent-dir/s",
      "Failed to connect to '/nonexistent-dir/s': No such file or directory" },
    { "socket,id=s,path=/nonexistent-dir/s,server=on,wait=off",
      "Failed to bind socket to /nonexistent-dir/s: No such file or "
      "directory" },
    { "socket,id=s,path=" LONG_PATH ",server=on,wait=off",
      "UNIX socket path '" LONG_PATH "' is too long" },
};

START_TEST(test_bad_options)
{
    test_chr_new_fails(bad_opts[_i].opts, bad_opts[_i].msg);
    ck_assert(!qemu_chr_find("x"));
}
END_TEST

START_TEST(test_duplicate_id)
{
    test_chr_new("null,id=dup");
    test_chr_new_fails("null,id=dup", "Duplicate ID 'dup' for chardev");
    test_chr_new_fails("ringbuf,id=dup", "Duplicate ID 'dup' for chardev");
}
END_TEST

START_TEST(test_help)
{
    Error *err = NULL;

    ck_assert(!qemu_shim_chr_new_from_opts("help", &err));
    ck_assert(!err);
}
END_TEST

START_TEST(test_null)
{
    Chardev *chr = test_chr_new("null,id=n0");
    g_autofree char *path = object_get_canonical_path(OBJECT(chr));

    ck_assert_ptr_eq(qemu_chr_find("n0"), chr);
    ck_assert(!qemu_chr_find("n1"));
    ck_assert(!qemu_chr_find(NULL));
    ck_assert_str_eq(path, "/chardevs/n0");
    ck_assert_str_eq(object_get_typename(OBJECT(chr)), TYPE_CHARDEV_NULL);
    ck_assert_str_eq(chr->label, "n0");
    /* QEMU's null chardev is never open. */
    ck_assert_int_eq(chr->be_open, 0);
    ck_assert_int_eq(qemu_chr_write_all(chr, (const uint8_t *)"abc", 3), 3);
    ck_assert_int_eq(qemu_chr_be_can_write(chr), 0);
}
END_TEST

START_TEST(test_backend_key_and_implied)
{
    /* backend= may be spelled out, and options come in any order. */
    Chardev *chr = test_chr_new("id=n0,backend=null");

    ck_assert_str_eq(object_get_typename(OBJECT(chr)), TYPE_CHARDEV_NULL);
}
END_TEST

static char *read_file(const char *path)
{
    char *contents = NULL;

    ck_assert(g_file_get_contents(path, &contents, NULL, NULL));
    return contents;
}

START_TEST(test_file_output)
{
    g_autofree char *path = test_tmp_path("out,put");
    g_autofree char *opts = NULL;
    g_autofree char *escaped = NULL;
    g_autofree char *contents = NULL;
    g_auto(GStrv) parts = g_strsplit(path, ",", -1);
    Chardev *chr;

    /* A comma in a value is written ",," as in QEMU. */
    escaped = g_strjoinv(",,", parts);
    opts = g_strdup_printf("file,id=f0,path=%s", escaped);
    chr = test_chr_new(opts);
    ck_assert_int_eq(chr->be_open, 1);
    ck_assert_int_eq(qemu_chr_write_all(chr, (const uint8_t *)"hello ", 6), 6);
    ck_assert_int_eq(qemu_chr_write(chr, (const uint8_t *)"world", 5, false),
                     5);
    contents = read_file(path);
    ck_assert_str_eq(contents, "hello world");
    object_unparent(OBJECT(chr));
    g_clear_pointer(&contents, g_free);

    /* Truncated by default, appended to with append=on. */
    g_free(opts);
    opts = g_strdup_printf("file,id=f0,path=%s,append=on", escaped);
    chr = test_chr_new(opts);
    qemu_chr_write_all(chr, (const uint8_t *)"!", 1);
    contents = read_file(path);
    ck_assert_str_eq(contents, "hello world!");
    object_unparent(OBJECT(chr));
    g_clear_pointer(&contents, g_free);

    g_free(opts);
    opts = g_strdup_printf("file,id=f0,path=%s", escaped);
    chr = test_chr_new(opts);
    contents = read_file(path);
    ck_assert_str_eq(contents, "");
    object_unparent(OBJECT(chr));
    test_tmp_remove(path);
}
END_TEST

START_TEST(test_file_input)
{
    g_autofree char *in = test_tmp_path("in");
    g_autofree char *opts = NULL;
    TestFE fe;
    Chardev *chr;

    ck_assert(g_file_set_contents(in, "0123456789", 10, NULL));
    opts = g_strdup_printf("file,id=f0,path=/dev/null,input-path=%s", in);
    chr = test_chr_new(opts);
    test_fe_attach(&fe, chr);
    fe.fifo_size = 4;
    ck_assert_int_eq(fe.events[CHR_EVENT_OPENED], 1);

    /* Only as much as the front end takes, then the rest after a drain. */
    test_run_pending();
    ck_assert_uint_eq(fe.rx->len, 4);
    test_fe_drain(&fe);
    test_run_pending();
    ck_assert_uint_eq(fe.rx->len, 8);
    test_fe_drain(&fe);
    TEST_RUN_UNTIL(fe.events[CHR_EVENT_CLOSED] == 1);
    ck_assert_uint_eq(fe.rx->len, 10);
    ck_assert(!memcmp(fe.rx->data, "0123456789", 10));
    ck_assert_int_eq(chr->be_open, 0);
    test_fe_detach(&fe);
    test_tmp_remove(in);
}
END_TEST

START_TEST(test_logfile)
{
    g_autofree char *log = test_tmp_path("log");
    g_autofree char *opts = g_strdup_printf("ringbuf,id=r0,logfile=%s", log);
    g_autofree char *contents = NULL;
    Chardev *chr = test_chr_new(opts);

    qemu_chr_write_all(chr, (const uint8_t *)"logged", 6);
    contents = read_file(log);
    ck_assert_str_eq(contents, "logged");
    object_unparent(OBJECT(chr));
    g_clear_pointer(&contents, g_free);

    g_free(opts);
    opts = g_strdup_printf("ringbuf,id=r0,logfile=%s,logappend=on", log);
    chr = test_chr_new(opts);
    qemu_chr_write_all(chr, (const uint8_t *)"+more", 5);
    contents = read_file(log);
    ck_assert_str_eq(contents, "logged+more");
    test_tmp_remove(log);
}
END_TEST

START_TEST(test_ringbuf)
{
    Chardev *chr = test_chr_new("ringbuf,id=r0,size=8");
    uint8_t buf[16];

    ck_assert(CHARDEV_IS_RINGBUF(chr));
    ck_assert_uint_eq(qemu_shim_ringbuf_count(chr), 0);
    ck_assert_uint_eq(qemu_shim_ringbuf_read(chr, buf, sizeof(buf)), 0);

    qemu_chr_write_all(chr, (const uint8_t *)"abcde", 5);
    ck_assert_uint_eq(qemu_shim_ringbuf_count(chr), 5);
    ck_assert_uint_eq(qemu_shim_ringbuf_read(chr, buf, 2), 2);
    ck_assert(!memcmp(buf, "ab", 2));
    ck_assert_uint_eq(qemu_shim_ringbuf_read(chr, buf, sizeof(buf)), 3);
    ck_assert(!memcmp(buf, "cde", 3));

    /* Past the end it wraps and keeps the newest 8 bytes. */
    qemu_chr_write_all(chr, (const uint8_t *)"0123456789AB", 12);
    ck_assert_uint_eq(qemu_shim_ringbuf_count(chr), 8);
    ck_assert_uint_eq(qemu_shim_ringbuf_read(chr, buf, sizeof(buf)), 8);
    ck_assert(!memcmp(buf, "456789AB", 8));
}
END_TEST

START_TEST(test_ringbuf_sizes)
{
    Chardev *chr = test_chr_new("ringbuf,id=r0");
    Chardev *big = test_chr_new("ringbuf,id=r1,size=1k");
    Chardev *mem = test_chr_new("memory,id=r2,size=16");
    Chardev *half = test_chr_new("ringbuf,id=r3,size=0.5k");
    Chardev *hex = test_chr_new("ringbuf,id=r4,size=0x10");   /* as 7.2 */
    uint8_t buf[2048];

    memset(buf, 'x', sizeof(buf));
    qemu_chr_write_all(chr, buf, sizeof(buf));
    ck_assert_uint_eq(qemu_shim_ringbuf_count(chr), 2048);  /* 64 KiB */
    qemu_chr_write_all(big, buf, sizeof(buf));
    ck_assert_uint_eq(qemu_shim_ringbuf_count(big), 1024);
    qemu_chr_write_all(half, buf, sizeof(buf));
    ck_assert_uint_eq(qemu_shim_ringbuf_count(half), 512);
    qemu_chr_write_all(hex, buf, sizeof(buf));
    ck_assert_uint_eq(qemu_shim_ringbuf_count(hex), 16);
    /* "memory" is QEMU's older name for a ringbuf. */
    ck_assert(CHARDEV_IS_RINGBUF(mem));
    qemu_chr_write_all(mem, buf, 20);
    ck_assert_uint_eq(qemu_shim_ringbuf_count(mem), 16);
}
END_TEST

START_TEST(test_ringbuf_wrong_type_aborts)
{
    Chardev *chr = test_chr_new("null,id=n0");

    qemu_shim_ringbuf_count(chr);
}
END_TEST

START_TEST(test_memory_backend)
{
    Chardev *chr = test_chr_new("x-memory,id=m0");
    g_autoptr(GByteArray) out = NULL;
    TestFE fe;

    ck_assert_str_eq(object_get_typename(OBJECT(chr)),
                     QEMU_SHIM_TYPE_CHARDEV_MEMORY);
    ck_assert_int_eq(chr->be_open, 1);
    test_fe_attach(&fe, chr);
    qemu_shim_chr_memory_push(chr, (const uint8_t *)"ping", 4);
    ck_assert_uint_eq(qemu_shim_chr_memory_pending(chr), 4);
    test_run_pending();
    ck_assert_uint_eq(qemu_shim_chr_memory_pending(chr), 0);
    ck_assert_uint_eq(fe.rx->len, 4);
    ck_assert(!memcmp(fe.rx->data, "ping", 4));

    ck_assert_int_eq(qemu_chr_fe_write(&fe.be, (const uint8_t *)"po", 2), 2);
    ck_assert_int_eq(qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"ng", 2),
                     2);
    out = qemu_shim_chr_memory_take_output(chr);
    ck_assert_uint_eq(out->len, 4);
    ck_assert(!memcmp(out->data, "pong", 4));
    g_byte_array_unref(out);
    out = qemu_shim_chr_memory_take_output(chr);
    ck_assert_uint_eq(out->len, 0);
    test_fe_detach(&fe);
}
END_TEST

START_TEST(test_stdio)
{
    int in[2], out[2];
    char buf[8] = { 0 };
    TestFE fe;
    Chardev *chr;

    /* This forked test owns fds 0 and 1: make them pipes to check both. */
    ck_assert(!pipe(in));
    ck_assert(!pipe(out));
    ck_assert_int_eq(dup2(in[0], 0), 0);
    ck_assert_int_eq(dup2(out[1], 1), 1);

    chr = test_chr_new("stdio,id=s0,signal=off");
    test_chr_new_fails("stdio,id=s1",
                       "cannot use stdio by multiple character devices");
    test_fe_attach(&fe, chr);
    ck_assert_int_eq(write(in[1], "key", 3), 3);
    TEST_RUN_UNTIL(fe.rx->len == 3);
    ck_assert(!memcmp(fe.rx->data, "key", 3));
    ck_assert_int_eq(qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"out", 3),
                     3);
    ck_assert_int_eq(read(out[0], buf, sizeof(buf)), 3);
    ck_assert_str_eq(buf, "out");
    test_fe_detach(&fe);

    /* Once it is gone, stdio can be used again. */
    object_unparent(OBJECT(chr));
    test_chr_new("stdio,id=s1");
}
END_TEST

START_TEST(test_legacy_filename)
{
    g_autofree char *path = test_tmp_path("legacy");
    g_autofree char *file = g_strdup_printf("file:%s", path);
    g_autofree char *contents = NULL;
    Chardev *chr;

    chr = qemu_chr_new("n0", "null", NULL);
    ck_assert_ptr_nonnull(chr);
    ck_assert_ptr_eq(qemu_chr_find("n0"), chr);
    ck_assert_ptr_eq(qemu_chr_new("other", "chardev:n0", NULL), chr);
    ck_assert_ptr_null(qemu_chr_new("n0", "null", NULL));       /* dup */
    ck_assert_ptr_null(qemu_chr_new("v0", "vc:80x24", NULL));

    chr = qemu_chr_new("f0", file, NULL);
    ck_assert_ptr_nonnull(chr);
    qemu_chr_write_all(chr, (const uint8_t *)"legacy", 6);
    contents = read_file(path);
    ck_assert_str_eq(contents, "legacy");
    test_tmp_remove(path);
}
END_TEST

START_TEST(test_remove)
{
    Error *err = NULL;
    TestFE fe;
    Chardev *chr = test_chr_new("null,id=n0");

    ck_assert(!qemu_shim_chr_remove("nope", &err));
    ck_assert_str_eq(error_get_pretty(err), "Chardev 'nope' not found");
    g_clear_pointer(&err, error_free);

    test_fe_attach(&fe, chr);
    ck_assert(!qemu_shim_chr_remove("n0", &err));
    ck_assert_str_eq(error_get_pretty(err), "Chardev 'n0' is busy");
    g_clear_pointer(&err, error_free);
    test_fe_detach(&fe);

    ck_assert(qemu_shim_chr_remove("n0", &error_abort));
    ck_assert(!qemu_chr_find("n0"));
}
END_TEST

START_TEST(test_cleanup_detaches_front_end)
{
    TestFE fe;
    Chardev *chr = test_chr_new("x-memory,id=m0");

    test_fe_attach(&fe, chr);
    qemu_chr_cleanup();
    /* The device keeps working, without a backend. */
    ck_assert(!qemu_chr_fe_backend_connected(&fe.be));
    ck_assert_int_eq(qemu_chr_fe_write(&fe.be, (const uint8_t *)"x", 1), 0);
    test_fe_detach(&fe);
}
END_TEST

START_TEST(test_chardev_new_direct)
{
    Error *err = NULL;
    Chardev *anon = qemu_chardev_new(NULL, TYPE_CHARDEV_NULL, NULL, NULL,
                                     &error_abort);

    /* Without an id it is not in /chardevs and the caller owns it. */
    ck_assert(!OBJECT(anon)->parent);
    object_unref(OBJECT(anon));

    ck_assert(!qemu_chardev_new("c0", TYPE_CHARDEV, NULL, NULL, &err));
    ck_assert_str_eq(error_get_pretty(err), "'chardev' is not a chardev type");
    g_clear_pointer(&err, error_free);
    ck_assert(!qemu_chardev_new("c0", "no-such-type", NULL, NULL, &err));
    error_free(err);
}
END_TEST

static Suite *char_suite(void)
{
    Suite *s = suite_create("chardev");
    TCase *tc = tcase_create("backends");

    tcase_add_checked_fixture(tc, test_setup, test_teardown);
    tcase_add_loop_test(tc, test_bad_options, 0, ARRAY_SIZE(bad_opts));
    tcase_add_test(tc, test_duplicate_id);
    tcase_add_test(tc, test_help);
    tcase_add_test(tc, test_null);
    tcase_add_test(tc, test_backend_key_and_implied);
    tcase_add_test(tc, test_file_output);
    tcase_add_test(tc, test_file_input);
    tcase_add_test(tc, test_logfile);
    tcase_add_test(tc, test_ringbuf);
    tcase_add_test(tc, test_ringbuf_sizes);
    tcase_add_test_raise_signal(tc, test_ringbuf_wrong_type_aborts, SIGABRT);
    tcase_add_test(tc, test_memory_backend);
    tcase_add_test(tc, test_stdio);
    tcase_add_test(tc, test_legacy_filename);
    tcase_add_test(tc, test_remove);
    tcase_add_test(tc, test_cleanup_detaches_front_end);
    tcase_add_test(tc, test_chardev_new_direct);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_run_suite(char_suite());
}
