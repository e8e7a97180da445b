/*
 * qemu-cxx/bql.hh - qemu::BqlCell<T>: a device's mutable state, touched only
 * with the Big QEMU Lock held.
 *
 * Upstream's Rust bindings keep device state in a BqlRefCell: every
 * access asserts that the BQL is held and a dynamic borrow flag catches
 * aliasing (a callback re-entering the device while an outer call still
 * holds a mutable borrow). This is the same for C++: borrow() and
 * borrow_mut() return scoped guards; in debug builds (no NDEBUG) they
 * assert the BQL with qemu_shim_assert_bql_held(), and a second borrow
 * that would alias a mutable one aborts with a message naming the line
 * that tried it and the device whose callback was running. Like assert(),
 * the checks compile to nothing with NDEBUG: a release build's register
 * access costs what the C device's does (issue 9). The borrow count
 * stays in the layout either way.
 * A device writes `regs.borrow_mut()->flags |= ...` or keeps the guard
 * for a short member function, and drops it before calling out (e.g.
 * writing to a chardev that may call the device back).
 *
 * The value sits at offset 0 (checked), so migration and property tables
 * can address the fields inside it: QEMU_VMSTATE(regs) lists the fields of
 * the content's own vmstate() in place, QEMU_VMSTATE_IN(regs, flags) one
 * of them (qemu-cxx/vmstate.hh).
 *
 * Example (compiled and run as a test): src/examples/class.cc
 */
#ifndef QEMU_CXX_BQL_HH
#define QEMU_CXX_BQL_HH

#include "qemu/osdep.h"
#include "qemu/main-loop.h"

#include "qemu-cxx/api.hh"

#include <cstddef>
#include <source_location>
#include <type_traits>
#include <utility>

namespace qemu {

namespace detail {

/*
 * Borrow tracking, like assert(), exists only without NDEBUG. The choice
 * is a template argument of borrow(), borrow_mut() and their guards, so
 * that translation units built with and without NDEBUG never share one
 * of these functions (one would take a borrow the other never releases);
 * the counter is in the layout either way.
 */
#ifdef NDEBUG
inline constexpr bool check_borrows = false;
#else
inline constexpr bool check_borrows = true;
#endif

/*
 * Abort naming the borrow that conflicts: the user's line, and the
 * device and callback running (libqemu-cxx, bql.cc).
 */
[[noreturn]] QEMU_CXX_API void borrow_conflict(const char *what,
                                               const char *file,
                                               unsigned line,
                                               const char *function)
    noexcept;

inline void assert_bql() noexcept
{
#ifndef NDEBUG
    qemu_shim_assert_bql_held();
#endif
}

} // namespace detail

template <typename T>
class BqlCell;

/* A shared borrow: reads only, any number at once. */
template <typename T, bool Check = detail::check_borrows>
class BqlRef {
public:
    const T *operator->() const noexcept
    {
        return value_;
    }
    const T &operator*() const noexcept
    {
        return *value_;
    }
    BqlRef(const BqlRef &) = delete;
    BqlRef &operator=(const BqlRef &) = delete;
    ~BqlRef()
    {
        if constexpr (Check) {
            --*state_;
        }
    }

private:
    friend class BqlCell<T>;
    BqlRef(const T *value, int *state) noexcept : value_(value), state_(state)
    {
    }
    const T *value_;
    int *state_;
};

/* The one mutable borrow. */
template <typename T, bool Check = detail::check_borrows>
class BqlRefMut {
public:
    T *operator->() const noexcept
    {
        return value_;
    }
    T &operator*() const noexcept
    {
        return *value_;
    }
    BqlRefMut(const BqlRefMut &) = delete;
    BqlRefMut &operator=(const BqlRefMut &) = delete;
    ~BqlRefMut()
    {
        if constexpr (Check) {
            *state_ = 0;
        }
    }

private:
    friend class BqlCell<T>;
    BqlRefMut(T *value, int *state) noexcept : value_(value), state_(state)
    {
    }
    T *value_;
    int *state_;
};

template <typename T>
class BqlCell {
public:
    using value_type = T;

    /*
     * Value-initialised without arguments: state, not configuration (a
     * qdev property inside a BqlCell would be zeroed: instance_init
     * aborts naming it, qemu-cxx/class.hh).
     */
    template <typename... Args>
    explicit BqlCell(Args &&...args) : value_(std::forward<Args>(args)...)
    {
    }
    BqlCell(const BqlCell &) = delete;
    BqlCell &operator=(const BqlCell &) = delete;

    /* A conflict is reported at the caller's line (@where). */
    template <bool Check = detail::check_borrows>
    [[nodiscard]] BqlRef<T, Check>
    borrow(std::source_location where =
               std::source_location::current()) const noexcept
    {
        detail::assert_bql();
        if constexpr (Check) {
            if (state_ < 0) {
                detail::borrow_conflict("borrowed while mutably borrowed "
                                        "(a callback re-entered the "
                                        "device?)",
                                        where.file_name(), where.line(),
                                        where.function_name());
            }
            ++state_;
        }
        return BqlRef<T, Check>(&value_, &state_);
    }

    /* Const, as RefCell's: the one way a const handler changes state. */
    template <bool Check = detail::check_borrows>
    [[nodiscard]] BqlRefMut<T, Check>
    borrow_mut(std::source_location where =
                   std::source_location::current()) const noexcept
    {
        detail::assert_bql();
        if constexpr (Check) {
            if (state_ != 0) {
                detail::borrow_conflict("mutably borrowed while already "
                                        "borrowed (a callback re-entered "
                                        "the device?)",
                                        where.file_name(), where.line(),
                                        where.function_name());
            }
            state_ = -1;
        }
        return BqlRefMut<T, Check>(&value_, &state_);
    }

    /*
     * The value without checks, for the Property and VMState tables
     * (QEMU_VMSTATE_IN), which QEMU runs under the BQL itself. Device
     * code borrows instead.
     */
    T &unchecked() noexcept
    {
        return value_;
    }

    /* True while a borrow is alive (for tests; always false with NDEBUG). */
    bool borrowed() const noexcept
    {
        return state_ != 0;
    }

private:
    mutable T value_;
    /* > 0: shared borrows; -1: one mutable borrow. */
    mutable int state_ = 0;

    template <typename U>
    friend struct BqlCellLayout;
};

/* BqlCell<T>'s value is at offset 0: state tables can address it. */
template <typename T>
struct BqlCellLayout {
    static constexpr bool value_first()
    {
        return std::is_standard_layout_v<BqlCell<T>> &&
               offsetof(BqlCell<T>, value_) == 0;
    }
};

/* Hold the BQL for a scope, unless the caller already does. */
class BqlGuard {
public:
    BqlGuard() noexcept : taken_(!qemu_mutex_iothread_locked())
    {
        if (taken_) {
            qemu_mutex_lock_iothread();
        }
    }
    ~BqlGuard()
    {
        if (taken_) {
            qemu_mutex_unlock_iothread();
        }
    }
    BqlGuard(const BqlGuard &) = delete;
    BqlGuard &operator=(const BqlGuard &) = delete;

private:
    bool taken_;
};

} // namespace qemu

#endif /* QEMU_CXX_BQL_HH */
