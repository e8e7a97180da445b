/*
 * qemu-cxx/trace.hh - trace events declared in C++: QEMU 7.2's trace-events
 * line, with the format checked against the argument types at compile time.
 *
 *     QEMU_TRACE_EVENT(pl011_read, (uint32_t addr, uint32_t value),
 *                      "addr 0x%08x value 0x%08x");
 *     ...
 *     trace_pl011_read(offset, value);
 *
 * is hw/char/trace-events' "pl011_read(uint32_t addr, uint32_t value)
 * "addr 0x%08x value 0x%08x"" and the trace_pl011_read() that tracetool
 * generates from it, for the "log" backend of Debian's qemu-system-arm 7.2:
 * the event is a 7.2 TraceEvent with its uint16_t dstate, registered with
 * trace_event_register_group() at module init (MODULE_INIT_TRACE, as 7.2's
 * trace_init), so -trace, -D and QMP trace-event-set-state see it; an
 * enabled event prints scripts/tracetool/backend/log.py's line,
 * "NAME ARGS\n" or, under -msg timestamp=on, "TID@SEC.USEC:NAME ARGS\n".
 *
 * The format is parsed by a consteval function and each conversion checked
 * against its argument (after C's default argument promotions, signedness
 * ignored as -Wformat does); a mismatch, a missing or a surplus argument
 * is a compile error whose instantiation names the event. The author's
 * code has neither void * nor varargs: the arguments are typed, and only
 * the out-of-line formatting calls qemu_log().
 *
 * A disabled event costs at most what 7.2's C one does: the call inlines
 * to one compare of the module's own dstate and one predictable branch;
 * the formatting is a cold, never-inlined function. Upstream Rust QEMU had no
 * trace binding at 7.2 (it later generates Rust from trace-events); the
 * example is examples/trace.cc.
 */
#ifndef QEMU_CXX_TRACE_HH
#define QEMU_CXX_TRACE_HH

#include "qemu/osdep.h"
#include "qemu/error-report.h" /* message_with_timestamp */
#include "qemu/log-for-trace.h"
#include "qemu/module.h"
#include "trace/control.h"

#include "qemu-cxx/api.hh"

#include <sys/time.h>

#include <array>
#include <cinttypes>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace qemu {

namespace detail {

/* A string literal as a template argument. */
template <size_t N> struct TraceString {
    char s[N] = {};
    consteval TraceString() = default;
    consteval TraceString(const char (&str)[N])
    {
        for (size_t i = 0; i < N; i++) {
            s[i] = str[i];
        }
    }
    consteval std::string_view view() const
    {
        return {s, N - 1};
    }
};

template <TraceString... Parts> consteval auto trace_concat()
{
    TraceString<(sizeof(Parts.s) + ... + 0) - sizeof...(Parts) + 1> out;
    size_t n = 0;
    for (std::string_view part : {Parts.view()...}) {
        for (char c : part) {
            out.s[n++] = c;
        }
    }
    return out;
}

/*
 * What a format's conversions take: the type C's default argument
 * promotions give the argument (int for char, short and bool, double for
 * float), signed and unsigned of one integer type alike.
 */
enum class TraceArg { Int, Long, LongLong, Double, LongDouble, String,
                      Pointer, Invalid };

template <typename T> consteval TraceArg trace_arg_of()
{
    using U = std::remove_cv_t<T>;
    if constexpr (std::is_same_v<U, const char *> ||
                  std::is_same_v<U, char *>) {
        return TraceArg::String;
    } else if constexpr (std::is_pointer_v<U>) {
        return TraceArg::Pointer;
    } else if constexpr (std::is_integral_v<U>) {
        using P = decltype(+U());    /* the integer promotions */
        using S = std::make_signed_t<P>;
        if constexpr (std::is_same_v<S, int>) {
            return TraceArg::Int;
        } else if constexpr (std::is_same_v<S, long>) {
            return TraceArg::Long;
        } else if constexpr (std::is_same_v<S, long long>) {
            return TraceArg::LongLong;
        } else {
            return TraceArg::Invalid;
        }
    } else if constexpr (std::is_same_v<U, float> ||
                         std::is_same_v<U, double>) {
        return TraceArg::Double;
    } else if constexpr (std::is_same_v<U, long double>) {
        return TraceArg::LongDouble;
    } else {
        return TraceArg::Invalid;
    }
}

/* The diagnostics: a failed check calls one, which is no constexpr. */
void trace_argument_type_has_no_printf_conversion();
void trace_format_has_more_conversions_than_arguments();
void trace_format_has_fewer_conversions_than_arguments();
void trace_argument_type_does_not_match_its_conversion();
void trace_format_conversion_not_supported();

consteval TraceArg trace_integer(std::string_view length)
{
    if (length == "" || length == "hh" || length == "h") {
        return TraceArg::Int;
    }
    if (length == "l" || length == "j" || length == "z" || length == "t") {
        return TraceArg::Long; /* intmax_t, size_t, ptrdiff_t: long here */
    }
    if (length == "ll") {
        return TraceArg::LongLong;
    }
    trace_format_conversion_not_supported();
    return TraceArg::Invalid;
}

/* What conversion spec's argument must be: "l" and 'x' give Long. */
consteval TraceArg trace_conversion(std::string_view length, char conv)
{
    switch (conv) {
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'c':
        if (conv == 'c' && length != "") {
            break;
        }
        return trace_integer(length);
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a':
    case 'A':
        if (length == "") {
            return TraceArg::Double;
        }
        if (length == "L") {
            return TraceArg::LongDouble;
        }
        break;
    case 's':
        if (length == "") {
            return TraceArg::String;
        }
        break;
    case 'p':
        if (length == "") {
            return TraceArg::Pointer;
        }
        break;
    }
    trace_format_conversion_not_supported(); /* %n, %ls, unknown */
    return TraceArg::Invalid;
}

/* Checks @fmt against @args; true, or a compile error saying why. */
template <size_t N>
consteval bool trace_format_matches(std::string_view fmt,
                                    std::array<TraceArg, N> args)
{
    for (TraceArg a : args) {
        if (a == TraceArg::Invalid) {
            trace_argument_type_has_no_printf_conversion();
        }
    }
    size_t next = 0;
    auto take = [&](TraceArg want) {
        if (next == N) {
            trace_format_has_more_conversions_than_arguments();
        } else if (args[next++] != want) {
            trace_argument_type_does_not_match_its_conversion();
        }
    };
    auto is_one_of = [&](size_t i, std::string_view set) {
        return i < fmt.size() && set.contains(fmt[i]);
    };
    for (size_t i = 0; i < fmt.size(); i++) {
        if (fmt[i] != '%') {
            continue;
        }
        if (is_one_of(++i, "%")) {
            continue;
        }
        while (is_one_of(i, "-+ #0")) {
            i++;
        }
        if (is_one_of(i, "*")) { /* the width is an int argument */
            take(TraceArg::Int);
            i++;
        }
        while (is_one_of(i, "0123456789")) {
            i++;
        }
        if (is_one_of(i, ".")) {
            if (is_one_of(++i, "*")) {
                take(TraceArg::Int);
                i++;
            }
            while (is_one_of(i, "0123456789")) {
                i++;
            }
        }
        size_t start = i;
        while (is_one_of(i, "hljztL")) {
            i++;
        }
        if (i == fmt.size()) {
            trace_format_conversion_not_supported(); /* a '%' at the end */
            return false;
        }
        take(trace_conversion(fmt.substr(start, i - start), fmt[i]));
    }
    if (next != N) {
        trace_format_has_fewer_conversions_than_arguments();
    }
    return true;
}

} // namespace detail

/*
 * One trace event: Name, the argument types as a function type
 * (void(uint32_t addr, ...): names document, types count), Format as in
 * trace-events. Declare it with QEMU_TRACE_EVENT, call it like 7.2's
 * trace_NAME().
 */
template <detail::TraceString Name, typename Signature,
          detail::TraceString Format>
class TraceEvent;

/* QEMU_CXX_LOCAL: each module has its own TraceEvent and dstate. */
template <detail::TraceString Name, typename... Args,
          detail::TraceString Format>
class QEMU_CXX_LOCAL TraceEvent<Name, void(Args...), Format> {
    static_assert(detail::trace_format_matches(
                      Format.view(), std::array<detail::TraceArg,
                                                sizeof...(Args)>{
                                         detail::trace_arg_of<Args>()...}),
                  "the trace event's format must match its arguments");

public:
    /*
     * 7.2's trace_NAME(): the check inlines, the rest is out of line. The
     * caller's values reach log() unconverted (converted there): a
     * uint64_t value also returned then needs no second register.
     */
    template <typename... A>
        requires(sizeof...(A) == sizeof...(Args) &&
                 (std::is_convertible_v<A, Args> && ...))
    [[gnu::always_inline]] void operator()(A... args) const
    {
        if (enabled()) [[unlikely]] {
            log<A...>(args...);
        }
    }

    /*
     * 7.2's trace_event_get_state(). Its "trace_events_enabled_count &&"
     * is left out: dstate is 1 exactly when the event is enabled (7.2's
     * trace_event_set_state_dynamic), and ours is module-local, so the
     * check loads no GOT entry and keeps no register across the caller's
     * calls (issue 16: fr-read's C++/C instruction ratio).
     */
    [[gnu::always_inline]] static bool enabled()
    {
        return __builtin_expect(dstate != 0, 0);
    }

    /* Queues the registration for module_call_init(MODULE_INIT_TRACE). */
    static bool register_at_init()
    {
        if (!queued) {
            queued = true;
            register_module_init(&register_group, MODULE_INIT_TRACE);
        }
        return true;
    }

    /* The 7.2 TraceEvent, for tests and QEMU's trace control. */
    static ::TraceEvent *c_event()
    {
        return &event;
    }

private:
    static constexpr auto line = detail::trace_concat<Name, " ", Format,
                                                      "\n">();
    static constexpr auto line_with_timestamp =
        detail::trace_concat<"%d@%zu.%06zu:", Name, " ", Format, "\n">();

    /*
     * scripts/tracetool/backend/log.py's body. The format is no literal
     * here, but it was checked against Args above (-Wformat=2 builds).
     */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
    template <typename... A>
    [[gnu::cold, gnu::noinline]] static void log(A... args)
    {
        if (!qemu_loglevel_mask(LOG_TRACE)) {
            return;
        }
        if (message_with_timestamp) {
            struct timeval now;
            gettimeofday(&now, nullptr);
            qemu_log(line_with_timestamp.s, qemu_get_thread_id(),
                     size_t(now.tv_sec), size_t(now.tv_usec), Args(args)...);
        } else {
            qemu_log(line.s, Args(args)...);
        }
    }
#pragma GCC diagnostic pop

    static void register_group()
    {
        trace_event_register_group(group);
    }

    static inline uint16_t dstate;
    static inline ::TraceEvent event = {0, TRACE_VCPU_EVENT_NONE, Name.s,
                                        true, &dstate};
    static inline ::TraceEvent *group[] = {&event, nullptr};
    static inline bool queued;
};

} // namespace qemu

/*
 * QEMU_TRACE_EVENT(NAME, (TYPE ARG, ...), FORMAT): declares trace_NAME and
 * registers it at module init. At namespace scope in a .cc file (the
 * registration is a static initializer of that file).
 */
#define QEMU_TRACE_EVENT(name, args, format)                                \
    inline constexpr ::qemu::TraceEvent<#name, void args, format>            \
        trace_##name{};                                                      \
    [[maybe_unused]] static const bool trace_##name##_registered_ =          \
        trace_##name.register_at_init()

#endif /* QEMU_CXX_TRACE_HH */
