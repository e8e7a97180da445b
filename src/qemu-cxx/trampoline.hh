/*
 * qemu-cxx/trampoline.hh - the one place where C calls into C++.
 *
 * Every C callback the bindings install (vtable entries, MemoryRegionOps,
 * chardev handlers, clock callbacks...) is a noexcept function whose body
 * runs inside qemu::guard(). An exception must never unwind through a C
 * frame; if one escapes device code, guard() aborts with a message naming
 * the QOM type and the callback instead of std::terminate()'s anonymous
 * "terminate called...". The RFC's Rust trampolines rely on panics
 * aborting at `extern "C"` boundaries; this is the C++ equivalent, with a
 * message a QEMU user can report.
 *
 * Example (compiled and run as a test): src/examples/trampoline.cc
 */
#ifndef QEMU_CXX_TRAMPOLINE_HH
#define QEMU_CXX_TRAMPOLINE_HH

#include "qemu/osdep.h"
#include "qom/object.h"

#include <type_traits>
#include <utility>

#include "qemu-cxx/api.hh"

namespace qemu {

namespace detail {

/*
 * Called from guard()'s catch (...): name what escaped and abort. In
 * libqemu-cxx (trampoline.cc): it rethrows to tell a std::exception from
 * anything else, so that each callback carries only a catch-all.
 */
[[noreturn]] QEMU_CXX_API void exception_escaped(const char *type_name,
                                                 const char *callback)
    noexcept;
[[noreturn]] QEMU_CXX_API void exception_escaped(::Object *obj,
                                                 const char *callback)
    noexcept;

/*
 * Called from a catch (...): set *@errp to what escaped @callback of
 * @obj (libqemu-cxx, trampoline.cc).
 */
QEMU_CXX_API void exception_to_error(::Object *obj, const char *callback,
                                     ::Error **errp) noexcept;

/*
 * The callback running on this thread, innermost first: what a borrow
 * error (qemu-cxx/bql.hh) names. Kept only without NDEBUG, as the borrow
 * checks are.
 */
struct Callback {
    ::Object *obj;
    const char *name;
    const Callback *outer;
};

QEMU_CXX_API const Callback *exchange_callback(const Callback *c) noexcept;

struct CallbackScope {
    Callback c;
    explicit CallbackScope(::Object *obj, const char *name) noexcept
        : c{obj, name, nullptr}
    {
        c.outer = exchange_callback(&c);
    }
    ~CallbackScope()
    {
        exchange_callback(c.outer);
    }
    CallbackScope(const CallbackScope &) = delete;
    CallbackScope &operator=(const CallbackScope &) = delete;
};

} // namespace detail

/*
 * Run @body for C: its result, or an abort naming @type_name and
 * @callback if it throws.
 */
template <typename F>
auto guard(const char *type_name, const char *callback, F &&body) noexcept
    -> std::invoke_result_t<F>
{
    try {
        return std::forward<F>(body)();
    } catch (...) {
        detail::exception_escaped(type_name, callback);
    }
}

/*
 * The same, naming the type of the object the callback runs for. The name
 * is looked up only when an exception escapes: this wraps every MMIO
 * access, and the happy path must cost what a C callback costs.
 */
template <typename F>
auto guard(::Object *obj, const char *callback, F &&body) noexcept
    -> std::invoke_result_t<F>
{
#ifndef NDEBUG
    detail::CallbackScope scope(obj, callback);
#endif
    try {
        return std::forward<F>(body)();
    } catch (...) {
        detail::exception_escaped(obj, callback);
    }
}

/*
 * Whether F is exactly `R T::f(Args...) const` (noexcept or not): a
 * callback with merely convertible parameters (swapped, narrower) is a
 * compile error, as a C function pointer of another type warns. Const:
 * a handler sees the device as upstream's Rust gives it, &self, so
 * configuration cannot change after realize and state changes only
 * through a BqlCell (interior mutability, BQL asserted).
 */
template <auto F, typename T, typename R, typename... Args>
concept exact_method =
    std::is_same_v<decltype(F), R (T::*)(Args...) const> ||
    std::is_same_v<decltype(F), R (T::*)(Args...) const noexcept>;

} // namespace qemu

#endif /* QEMU_CXX_TRAMPOLINE_HH */
