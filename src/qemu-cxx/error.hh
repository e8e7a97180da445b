/*
 * qemu-cxx/error.hh - qemu::Error, qemu::Result<T> and the two directions of
 * the Error ** convention.
 *
 * RFC patch 5. As in Rust, qemu::Error owns a C Error * and converts both
 * ways; fallible binding functions return qemu::Result<T>, which is
 * std::expected<T, qemu::Error>. Differences from the Rust design:
 *  - the source location is stored in the C Error itself: an Error made in
 *    C++ captures std::source_location::current() and hands it to
 *    error_setg_internal(), one made in C keeps its __FILE__/__LINE__; so
 *    the location survives any number of trips through C, and &error_abort
 *    prints the C++ file and line;
 *  - report() honours &error_abort (abort with message and location) and
 *    &error_fatal (print, exit 1), which the RFC left undone;
 *  - call_c() turns any C function whose last parameter is Error ** into a
 *    Result, so wrappers do not repeat the local-Error dance.
 *
 * Example (compiled and run as a test): src/examples/error.cc
 */
#ifndef QEMU_CXX_ERROR_HH
#define QEMU_CXX_ERROR_HH

#include "qemu/osdep.h"
#include "qapi/error.h"

#include <expected>
#include <optional>
#include <source_location>
#include <string_view>
#include <type_traits>
#include <utility>

namespace qemu {

/* Specialised below for Error; the rest is in qemu-cxx/conversions.hh. */
template <typename T>
struct Foreign;

/* Where an error was created: C++ or C source. */
struct Location {
    std::string_view file;
    int line;
    std::string_view function;
};

/* An error: owns one C Error *, never copied implicitly, moved for free. */
class Error {
public:
    /* A new error with @message, located at the caller. */
    explicit Error(std::string_view message,
                   std::source_location loc = std::source_location::current())
    {
        ::Error *err = nullptr;
        error_setg_internal(&err, loc.file_name(), int(loc.line()),
                            loc.function_name(), "%.*s", int(message.size()),
                            message.data());
        err_ = err;
    }

    /* Take ownership of @err, e.g. one filled in by a C function. */
    static Error adopt(::Error *err) noexcept
    {
        return Error(err);
    }

    /* A copy of @err (message, hint, location); the caller keeps @err. */
    static Error copy(const ::Error *err)
    {
        return Error(error_copy(err));
    }

    Error(Error &&other) noexcept : err_(std::exchange(other.err_, nullptr))
    {
    }
    Error &operator=(Error &&other) noexcept
    {
        if (this != &other) {
            error_free(err_);
            err_ = std::exchange(other.err_, nullptr);
        }
        return *this;
    }
    Error(const Error &) = delete;
    Error &operator=(const Error &) = delete;
    ~Error()
    {
        error_free(err_);
    }

    std::string_view message() const noexcept
    {
        return error_get_pretty(err_);
    }

    std::optional<std::string_view> hint() const noexcept
    {
        const char *h = qemu_shim_error_hint(err_);
        return h ? std::optional<std::string_view>(h) : std::nullopt;
    }

    Location location() const noexcept
    {
        const char *file = qemu_shim_error_file(err_);
        const char *func = qemu_shim_error_func(err_);
        return { file ? file : "", qemu_shim_error_line(err_),
                 func ? func : "" };
    }

    /* Prefix the message, as error_prepend() does. */
    Error &prepend(std::string_view prefix)
    {
        ::Error *err = err_;
        error_prepend(&err, "%.*s", int(prefix.size()), prefix.data());
        return *this;
    }

    /* Lend the C error to a C function that only reads it. */
    const ::Error *c_ptr() const noexcept
    {
        return err_;
    }

    /* Give the C error to C (error_propagate() and friends free it). */
    [[nodiscard]] ::Error *release() && noexcept
    {
        return std::exchange(err_, nullptr);
    }

private:
    explicit Error(::Error *err) noexcept : err_(err)
    {
    }

    /* Owned; null only once moved from or released (error_free(NULL) is
     * a no-op). A plain pointer, not std::unique_ptr: <memory> would
     * double the parse time of every device's headers. */
    ::Error *err_ = nullptr;
};

static_assert(sizeof(Error) == sizeof(::Error *),
              "qemu::Error is just an owning Error *");

/* qemu::Error <-> Error *, for the conversion helpers. */
template <>
struct Foreign<Error> {
    using c_type = ::Error *;
    using c_const_type = const ::Error *;

    static ::Error *clone_to_c(const Error &e)
    {
        return error_copy(e.c_ptr());
    }
    static Error clone_from_c(const ::Error *err)
    {
        return Error::copy(err);
    }
    static void free_c(::Error *err) noexcept
    {
        error_free(err);
    }
};

/*
 * What fallible binding functions return. qemu::Error is move-only, so
 * read a named Result with *r after testing it (or std::move(r).value()):
 * lvalue .value() would need to copy the Error into the exception.
 */
template <typename T = void>
using Result = std::expected<T, Error>;

/* A failed Result: `return qemu::failure("bad value");` */
[[nodiscard]] inline std::unexpected<Error>
failure(std::string_view message,
     std::source_location loc = std::source_location::current())
{
    return std::unexpected<Error>(Error(message, loc));
}

namespace detail {

/*
 * A failed Result with a printf-style message, for the bindings' own
 * templates: formatting in C keeps <string> (a third of a device's header
 * parse time) off their include path. @loc is the caller's.
 */
[[nodiscard]] G_GNUC_PRINTF(2, 3) inline std::unexpected<Error>
failure_printf(std::source_location loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    std::unexpected<Error> f(Error(message, loc));
    g_free(message);
    return f;
}

/* bool and void returns carry no value: the Error says it all. */
template <typename R>
using c_result_value = std::conditional_t<std::is_same_v<R, bool>, void, R>;

} // namespace detail

/*
 * Call the C function @f with @args and a trailing Error **: the result is
 * its return value (nothing for bool and void returns) or the error it set.
 */
template <typename F, typename... Args>
    requires std::invocable<F, Args..., ::Error **>
auto call_c(F &&f, Args &&...args)
    -> Result<detail::c_result_value<std::invoke_result_t<F, Args...,
                                                          ::Error **>>>
{
    using R = std::invoke_result_t<F, Args..., ::Error **>;
    ::Error *err = nullptr;

    if constexpr (std::is_void_v<R>) {
        std::forward<F>(f)(std::forward<Args>(args)..., &err);
        if (err) {
            return std::unexpected<Error>(Error::adopt(err));
        }
        return {};
    } else if constexpr (std::is_same_v<R, bool>) {
        bool ok = std::forward<F>(f)(std::forward<Args>(args)..., &err);
        if (err) {
            return std::unexpected<Error>(Error::adopt(err));
        }
        if (!ok) {
            /* A C bug, but not a reason to crash. */
            return failure("C function failed without setting an error");
        }
        return {};
    } else {
        R value = std::forward<F>(f)(std::forward<Args>(args)..., &err);
        if (err) {
            return std::unexpected<Error>(Error::adopt(err));
        }
        return value;
    }
}

/*
 * The same for a C function whose bool result is a value (a getter such
 * as object_property_get_bool), not a success flag.
 */
template <typename F, typename... Args>
    requires std::invocable<F, Args..., ::Error **>
auto call_c_value(F &&f, Args &&...args)
    -> Result<std::invoke_result_t<F, Args..., ::Error **>>
{
    ::Error *err = nullptr;
    auto value = std::forward<F>(f)(std::forward<Args>(args)..., &err);
    if (err) {
        return std::unexpected<Error>(Error::adopt(err));
    }
    return value;
}

/*
 * Report @result to a C caller's @errp: true on success; on failure the
 * error goes to @errp with error_propagate(), so NULL ignores it,
 * &error_abort aborts with the message and its location and &error_fatal
 * prints it and exits 1.
 */
inline bool report(Result<void> &&result, ::Error **errp)
{
    if (result) {
        return true;
    }
    error_propagate(errp, std::move(result.error()).release());
    return false;
}

/* The same for a value: it, or @on_error after reporting the error. */
template <typename T>
T report(Result<T> &&result, ::Error **errp, T on_error = T{})
{
    if (result) {
        return std::move(*result);
    }
    error_propagate(errp, std::move(result.error()).release());
    return on_error;
}

} // namespace qemu

#endif /* QEMU_CXX_ERROR_HH */
