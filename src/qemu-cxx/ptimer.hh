/*
 * qemu-cxx/ptimer.hh - qemu::PTimer, QEMU's countdown timer (hw/ptimer.h)
 * with a member-function callback and scoped transactions.
 *
 * The ptimer_state stays QEMU's (opaque, allocated by ptimer_init), so a
 * module uses the ptimer of whichever QEMU loads it. Every change goes
 * through a Transaction, whose constructor begins and destructor commits:
 *
 *   timer.init<&Dev::expired>(*this, PTIMER_POLICY_LEGACY);
 *   {
 *       auto t = timer.transaction();
 *       t.set_freq(1000000);
 *       t.set_limit(100, true);
 *       t.run_periodic();
 *   }   // committed: the deadline is set, the callback may have run
 *
 * The callback runs inside QEMU's own transaction; it changes the timer
 * through callback_changes(), which begins and commits nothing. The
 * field migrates as VMSTATE_PTIMER (qemu-cxx/vmstate.hh).
 */
#ifndef QEMU_CXX_PTIMER_HH
#define QEMU_CXX_PTIMER_HH

#include "qemu/osdep.h"
#include "hw/ptimer.h"

#include <type_traits>

#include "qemu-cxx/trampoline.hh"
#include "qemu-cxx/type.hh"
#include "qemu-cxx/vmstate.hh"

namespace qemu {

class PTimer {
public:
    /* The changes of hw/ptimer.h; valid only inside a transaction. */
    class Changes {
    public:
        void set_period(int64_t ns) noexcept { ptimer_set_period(p_, ns); }
        void set_freq(uint32_t hz) noexcept { ptimer_set_freq(p_, hz); }
        void set_period_from_clock(const ::Clock *clk,
                                   unsigned divisor) noexcept
        {
            ptimer_set_period_from_clock(p_, clk, divisor);
        }
        /* @reload: the counter takes the new limit too. */
        void set_limit(uint64_t limit, bool reload) noexcept
        {
            ptimer_set_limit(p_, limit, reload);
        }
        void set_count(uint64_t count) noexcept
        {
            ptimer_set_count(p_, count);
        }
        void run(bool oneshot) noexcept { ptimer_run(p_, oneshot); }
        void run_periodic() noexcept { run(false); }
        void run_oneshot() noexcept { run(true); }
        void stop() noexcept { ptimer_stop(p_); }

    protected:
        friend class PTimer;
        explicit Changes(::ptimer_state *p) noexcept : p_(p) {}
        Changes(const Changes &) = delete;
        Changes &operator=(const Changes &) = delete;

        ::ptimer_state *p_;
    };

    /* begin on construction, commit on destruction (may call back). */
    class [[nodiscard]] Transaction : public Changes {
    public:
        ~Transaction() { ptimer_transaction_commit(p_); }

    private:
        friend class PTimer;
        explicit Transaction(::ptimer_state *p) noexcept : Changes(p)
        {
            ptimer_transaction_begin(p_);
        }
    };

    PTimer() noexcept = default;
    PTimer(const PTimer &) = delete;
    PTimer &operator=(const PTimer &) = delete;

    ~PTimer()
    {
        if (p_) {
            ptimer_free(p_);
        }
    }

    /* Call (owner.*Callback)() at each expiry; @policy: PTIMER_POLICY_*. */
    template <auto Callback, typename T>
    void init(T &owner, uint8_t policy) noexcept
    {
        static_assert(exact_method<Callback, T, void>,
                      "qemu: a ptimer callback must be declared as "
                      "void T::f() const");
        p_ = ptimer_init(expired<T, Callback>, &owner, policy);
    }

    Transaction transaction() const noexcept { return Transaction(p_); }

    /* Only from the callback, which runs inside a transaction already. */
    Changes callback_changes() const noexcept { return Changes(p_); }

    uint64_t count() const noexcept { return ptimer_get_count(p_); }
    uint64_t limit() const noexcept { return ptimer_get_limit(p_); }

    ::ptimer_state *as_ptr() noexcept { return p_; }

private:
    template <typename T, auto Callback>
    static void expired(void *opaque) noexcept
    {
        /* Not const T &: callbacks of either constness are called. */
        T &owner = *static_cast<T *>(opaque);
        guard(object_ptr(owner), "ptimer", [&] { (owner.*Callback)(); });
    }

    ::ptimer_state *p_ = nullptr;
};

static_assert(sizeof(PTimer) == sizeof(::ptimer_state *) &&
                  std::is_standard_layout_v<PTimer>,
              "PTimer is a ptimer_state pointer and nothing else");

/* A PTimer field migrates as VMSTATE_PTIMER. */
template <>
struct VMStateStructPointer<PTimer> {
    static constexpr const VMStateDescription *vmsd()
    {
        return &vmstate_ptimer;
    }
};

} // namespace qemu

#endif /* QEMU_CXX_PTIMER_HH */
