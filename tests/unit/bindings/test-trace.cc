/*
 * Unit tests of qemu-cxx/trace.hh: an event is a QEMU 7.2 TraceEvent registered
 * once at MODULE_INIT_TRACE; -trace patterns enable it; enabled, it prints
 * the log backend's line (with and without -msg timestamp=on), its
 * arguments passed as printf takes them; disabled, or with LOG_TRACE off,
 * it prints nothing. The format checks are compile-time (the
 * static_asserts here, and tests/compile-fail for the mismatches).
 */
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu-cxx/trace.hh"
#include "trace/control.h"

/*
 * g++ 12 with -O2 and ASan warns that <regex>'s own std::function members
 * "may be used uninitialized" (a false positive inside libstdc++): not an
 * error under CI's werror.
 */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex> /* before check.h, whose fail() macro it would meet */
#include <string>

#include "bindings-test.h"

QEMU_TRACE_EVENT(test_read, (uint32_t addr, uint32_t value),
                 "addr 0x%08x value 0x%08x");
QEMU_TRACE_EVENT(test_full, (), "FIFO now full, RXFF set");
QEMU_TRACE_EVENT(test_baud,
                 (unsigned int baudrate, uint64_t clock, uint32_t ibrd,
                  uint32_t fbrd),
                 "new baudrate %u (clk: %" PRIu64 "hz, ibrd: %" PRIu32
                 ", fbrd: %" PRIu32 ")");
/* Every kind of conversion, after C's default argument promotions. */
#define TEST_MIXED_FORMAT                                                     \
    "%% %c %hhu %hd %-5d| %+d %#x %lld %" PRIx64 " %zu %*d %.*s %s %5.2f %Lg"
QEMU_TRACE_EVENT(test_mixed,
                 (char c, uint8_t u8, int16_t s16, bool b, int i, unsigned x,
                  long long ll, uint64_t u64, size_t z, int width, int w,
                  int prec, const char *s, const char *str, float f,
                  long double ld),
                 TEST_MIXED_FORMAT);
QEMU_TRACE_EVENT(test_pointer, (const void *p), "at %p");

using Read = std::remove_cvref_t<decltype(trace_test_read)>;

/* The parser's verdicts on valid formats (the invalid ones do not compile). */
template <typename... Args>
consteval bool format_ok(std::string_view fmt)
{
    return qemu::detail::trace_format_matches(
        fmt, std::array<qemu::detail::TraceArg, sizeof...(Args)>{
                 qemu::detail::trace_arg_of<Args>()...});
}
static_assert(format_ok<>("no conversion, 100%% sure"));
static_assert(format_ok<int, unsigned, int16_t, bool, char>("%d %d %u %x %c"));
static_assert(format_ok<uint64_t, int64_t, size_t, long long>(
    "%" PRIx64 " %" PRId64 " %zu %llx"));
static_assert(format_ok<double, float, long double>("%f %.3e %Lg"));
static_assert(format_ok<int, const char *, char *, int *>("%*s %s %p"));

static std::string take_log()
{
    g_autofree char *log = qemu_shim_log_capture_take();
    return log;
}

static void setup()
{
    qemu_set_log(0, &error_abort); /* the log backend: LOG_TRACE set */
}

START_TEST(test_registered_once)
{
    ::TraceEvent *ev = Read::c_event();
    ck_assert_ptr_eq(trace_event_name("test_read"), ev);
    ck_assert_str_eq(ev->name, "test_read");
    ck_assert_uint_eq(ev->vcpu_id, TRACE_VCPU_EVENT_NONE);
    ck_assert(ev->sstate);
    ck_assert_ptr_nonnull(ev->dstate);
    ck_assert_uint_eq(*ev->dstate, 0);

    /* Queued again and QEMU's init run again: still one event. */
    ck_assert(Read::register_at_init());
    module_call_init(MODULE_INIT_TRACE);
    TraceEventIter it;
    int n = 0;
    trace_event_iter_init_pattern(&it, "test_read");
    while (trace_event_iter_next(&it)) {
        n++;
    }
    ck_assert_int_eq(n, 1);
}
END_TEST

START_TEST(test_enabled_prints_the_line)
{
    setup();
    trace_enable_events("test_*"); /* -trace 'test_*' */
    ck_assert(Read::enabled());
    qemu_shim_log_capture_start();
    trace_test_read(0x10, 0xdeadbeef);
    trace_test_full();
    trace_test_baud(115200, 24000000, 13, 1);
    std::string log = take_log();
    ck_assert_str_eq(log.c_str(),
                     "test_read addr 0x00000010 value 0xdeadbeef\n"
                     "test_full FIFO now full, RXFF set\n"
                     "test_baud new baudrate 115200 (clk: 24000000hz, "
                     "ibrd: 13, fbrd: 1)\n");
}
END_TEST

START_TEST(test_arguments_as_printf_takes_them)
{
    setup();
    trace_enable_events("test_mixed");
    trace_enable_events("test_pointer");
    int x;
    /* What printf itself makes of the same format and arguments. */
    g_autofree char *want = g_strdup_printf(
        "test_mixed " TEST_MIXED_FORMAT "\ntest_pointer at %p\n", 'q', 200,
        -3, true, -42, 0xbeefu, -5ll, uint64_t(1) << 40, size_t(7), 4, 9, 2,
        "abc", "str", 1.25, 2.5L, (void *)&x);
    qemu_shim_log_capture_start();
    trace_test_mixed('q', 200, -3, true, -42, 0xbeef, -5, uint64_t(1) << 40,
                     7, 4, 9, 2, "abc", "str", 1.25f, 2.5L);
    trace_test_pointer(&x);
    std::string log = take_log();
    ck_assert_str_eq(log.c_str(), want);
}
END_TEST

START_TEST(test_timestamp_prefix)
{
    setup();
    trace_enable_events("test_read");
    message_with_timestamp = true; /* -msg timestamp=on */
    struct timeval before, after;
    gettimeofday(&before, nullptr);
    qemu_shim_log_capture_start();
    trace_test_read(0x10, 0xdeadbeef);
    std::string got = take_log();
    gettimeofday(&after, nullptr);

    std::smatch m;
    ck_assert_msg(std::regex_match(got, m, std::regex(
                      "(\\d+)@(\\d+)\\.(\\d{6}):test_read addr 0x00000010 "
                      "value 0xdeadbeef\n")),
                  "%s", got.c_str());
    ck_assert_int_eq(std::stoi(m[1]), qemu_get_thread_id());
    double t = std::stod(m[2]) + std::stod(m[3]) / 1e6;
    ck_assert(t >= before.tv_sec + before.tv_usec / 1e6);
    ck_assert(t <= after.tv_sec + after.tv_usec / 1e6);
}
END_TEST

START_TEST(test_disabled_prints_nothing)
{
    setup();
    qemu_shim_log_capture_start();
    trace_test_read(1, 2); /* nothing enabled at all */
    trace_enable_events("test_full");
    ck_assert(trace_events_enabled_count > 0);
    ck_assert(!Read::enabled());
    trace_test_read(1, 2); /* another one enabled */
    trace_enable_events("test_read");
    trace_enable_events("-test_read"); /* and disabled again */
    trace_test_read(1, 2);
    ck_assert(take_log().empty());
}
END_TEST

START_TEST(test_log_trace_off_prints_nothing)
{
    setup();
    trace_enable_events("test_read");
    qemu_loglevel = LOG_GUEST_ERROR; /* a QEMU without the log backend */
    qemu_shim_log_capture_start();
    trace_test_read(1, 2);
    ck_assert(take_log().empty());
}
END_TEST

int main()
{
    module_call_init(MODULE_INIT_TRACE);
    Suite *s = suite_create("bindings-trace");
    TCase *tc = tcase_create("trace");

    tcase_add_test(tc, test_registered_once);
    tcase_add_test(tc, test_enabled_prints_the_line);
    tcase_add_test(tc, test_arguments_as_printf_takes_them);
    tcase_add_test(tc, test_timestamp_prefix);
    tcase_add_test(tc, test_disabled_prints_nothing);
    tcase_add_test(tc, test_log_trace_off_prints_nothing);
    suite_add_tcase(s, tc);
    return bindings_test::run(s);
}
