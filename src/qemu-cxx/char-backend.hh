/*
 * qemu-cxx/char-backend.hh - qemu::CharBackend, a device's end of a chardev,
 * with its handlers bound to member functions.
 *
 * The RFC's next steps (CharBackend). The field a qdev "chardev" property
 * fills; set_handlers<&Dev::can_receive, &Dev::receive, &Dev::event>(*this)
 * generates the C callbacks (pass nullptr for one the device does not
 * need): no void * or C callback in device code. Handlers receive a
 * std::span of the bytes.
 *
 * Re-entrancy: a handler may write to the backend (an echo) and a write
 * may make the backend deliver input at once; the wrapper holds no state
 * of its own across calls, so that is safe as long as the device does not
 * hold a mutable borrow of its state while it writes (BqlCell aborts with
 * a message if it does: qemu-cxx/bql.hh). RFC thread: "methods on the Chardev
 * call back into the device and the callback needs mutable access".
 */
#ifndef QEMU_CXX_CHAR_BACKEND_HH
#define QEMU_CXX_CHAR_BACKEND_HH

#include "qemu/osdep.h"
#include "chardev/char-fe.h"
#include "chardev/char-serial.h"

#include <span>
#include <type_traits>

#include "qemu-cxx/field.hh"
#include "qemu-cxx/trampoline.hh"
#include "qemu-cxx/type.hh"

namespace qemu {

class CharBackend {
public:
    CharBackend() noexcept = default;
    CharBackend(const CharBackend &) = delete;
    CharBackend &operator=(const CharBackend &) = delete;

    /*
     * Route the backend's input to @owner: CanReceive is
     * `int (T::*)()` (how many bytes it takes now), Receive
     * `void (T::*)(std::span<const uint8_t>)`, Event
     * `void (T::*)(QEMUChrEvent)`.
     */
    template <auto CanReceive, auto Receive, auto Event = nullptr,
              typename T>
    void set_handlers(T &owner) noexcept
    {
        qemu_chr_fe_set_handlers(&be_, can_receive_fn<T, CanReceive>(),
                                 receive_fn<T, Receive>(),
                                 event_fn<T, Event>(), nullptr, &owner,
                                 nullptr, true);
    }

    /* Stop delivering input and events. */
    void clear_handlers() noexcept
    {
        qemu_chr_fe_set_handlers(&be_, nullptr, nullptr, nullptr, nullptr,
                                 nullptr, nullptr, true);
    }

    bool connected() const noexcept
    {
        return qemu_chr_fe_backend_connected(&be_);
    }

    /* Write what the backend takes now; bytes written or < 0. */
    int write(std::span<const uint8_t> buf) const noexcept
    {
        return qemu_chr_fe_write(&be_, buf.data(), int(buf.size()));
    }

    /* Write all of @buf, blocking; bytes written or < 0. */
    int write_all(std::span<const uint8_t> buf) const noexcept
    {
        return qemu_chr_fe_write_all(&be_, buf.data(), int(buf.size()));
    }

    int write_all(uint8_t byte) const noexcept
    {
        return write_all(std::span<const uint8_t>(&byte, 1));
    }

    /* The device can take input again: the backend resumes delivery. */
    void accept_input() const noexcept
    {
        qemu_chr_fe_accept_input(&be_);
    }

    /* Start or stop sending a break (CHR_IOCTL_SERIAL_SET_BREAK). */
    int send_break(bool enable) const noexcept
    {
        int arg = enable;
        return qemu_chr_fe_ioctl(&be_, CHR_IOCTL_SERIAL_SET_BREAK, &arg);
    }

    ::CharBackend *as_ptr() noexcept
    {
        return &be_;
    }

private:
    template <typename T, auto F>
    static IOCanReadHandler *can_receive_fn() noexcept
    {
        if constexpr (std::is_null_pointer_v<decltype(F)>) {
            return nullptr;
        } else {
            static_assert(exact_method<F, T, int>,
                          "qemu: can_receive must be declared as "
                          "int T::can_receive() const");
            return [](void *opaque) noexcept {
                const T &t = *static_cast<const T *>(opaque);
                return guard(object_ptr(t), "can_receive",
                             [&] { return int((t.*F)()); });
            };
        }
    }

    template <typename T, auto F>
    static IOReadHandler *receive_fn() noexcept
    {
        if constexpr (std::is_null_pointer_v<decltype(F)>) {
            return nullptr;
        } else {
            static_assert(exact_method<F, T, void, std::span<const uint8_t>>,
                          "qemu: receive must be declared as "
                          "void T::receive(std::span<const uint8_t>) "
                          "const");
            return [](void *opaque, const uint8_t *buf, int size) noexcept {
                const T &t = *static_cast<const T *>(opaque);
                guard(object_ptr(t), "receive", [&] {
                    (t.*F)(std::span<const uint8_t>(buf, size_t(size)));
                });
            };
        }
    }

    template <typename T, auto F>
    static IOEventHandler *event_fn() noexcept
    {
        if constexpr (std::is_null_pointer_v<decltype(F)>) {
            return nullptr;
        } else {
            static_assert(exact_method<F, T, void, QEMUChrEvent>,
                          "qemu: event must be declared as "
                          "void T::event(QEMUChrEvent) const");
            return [](void *opaque, QEMUChrEvent event) noexcept {
                const T &t = *static_cast<const T *>(opaque);
                guard(object_ptr(t), "event", [&] { (t.*F)(event); });
            };
        }
    }

    /* Mutable: const handlers write to it, as through Rust's &self. */
    mutable ::CharBackend be_ = {};
};

static_assert(sizeof(CharBackend) == sizeof(::CharBackend) &&
                  std::is_standard_layout_v<CharBackend>,
              "CharBackend is a C CharBackend field and nothing else");

/* In the tables, a CharBackend field is its C one: QEMU_PROP("chardev", chr). */
template <>
struct CField<CharBackend> {
    using type = ::CharBackend;
};

} // namespace qemu

#endif /* QEMU_CXX_CHAR_BACKEND_HH */
