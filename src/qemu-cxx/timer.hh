/*
 * qemu-cxx/timer.hh - qemu::Timer, a timer on the virtual clock whose
 * callback is a member function.
 *
 * The RFC's next steps (timers). The QEMUTimer lives inside the device, as
 * in C; init<&Dev::expired>(*this) binds the callback, and destruction
 * deletes a pending timer, so a finalized device never fires. Upstream
 * Rust's Timer::init_full() takes a closure type; here the member
 * function is a template argument, so the C callback is generated and no
 * void * appears in device code. Times are nanoseconds of
 * QEMU_CLOCK_VIRTUAL.
 */
#ifndef QEMU_CXX_TIMER_HH
#define QEMU_CXX_TIMER_HH

#include "qemu/osdep.h"
#include "qemu/timer.h"

#include <type_traits>

#include "qemu-cxx/trampoline.hh"
#include "qemu-cxx/type.hh"

namespace qemu {

class Timer {
public:
    Timer() noexcept = default;
    Timer(const Timer &) = delete;
    Timer &operator=(const Timer &) = delete;

    ~Timer()
    {
        if (t_.cb) {
            timer_del(&t_);
        }
    }

    /* Call (owner.*Callback)() when the timer expires. */
    template <auto Callback, typename T>
    void init(T &owner) noexcept
    {
        static_assert(exact_method<Callback, T, void>,
                      "qemu: a timer callback must be declared as "
                      "void T::f() const");
        timer_init_ns(&t_, QEMU_CLOCK_VIRTUAL, expired<T, Callback>, &owner);
    }

    /* Fire at virtual time @expire_ns (absolute). */
    void mod_ns(int64_t expire_ns) const noexcept
    {
        timer_mod_ns(&t_, expire_ns);
    }

    /*
     * Fire @delay_ns from now. QEMU builds with -fwrapv, so a C device's
     * "now + delay" near the end of time wraps; so does this, without the
     * signed overflow (a clock_set close to INT64_MAX reaches it).
     */
    void mod_in_ns(int64_t delay_ns) const noexcept
    {
        timer_mod_ns(&t_, int64_t(uint64_t(now_ns()) + uint64_t(delay_ns)));
    }

    void del() const noexcept
    {
        timer_del(&t_);
    }

    bool pending() const noexcept
    {
        return timer_pending(&t_);
    }

    /* The expiry time, or -1 if not pending. */
    int64_t expire_time_ns() const noexcept
    {
        return pending() ? int64_t(timer_expire_time_ns(&t_)) : -1;
    }

    static int64_t now_ns() noexcept
    {
        return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    }

    /* The C timer, e.g. for VMSTATE_TIMER. */
    QEMUTimer *as_ptr() noexcept
    {
        return &t_;
    }

private:
    template <typename T, auto Callback>
    static void expired(void *opaque) noexcept
    {
        const T &owner = *static_cast<const T *>(opaque);
        guard(object_ptr(owner), "timer", [&] { (owner.*Callback)(); });
    }

    /* Mutable: const handlers re-arm it, as through Rust's &self. */
    mutable QEMUTimer t_ = {};
};

static_assert(sizeof(Timer) == sizeof(QEMUTimer) &&
                  std::is_standard_layout_v<Timer>,
              "Timer is a QEMUTimer field and nothing else");

} // namespace qemu

#endif /* QEMU_CXX_TIMER_HH */
