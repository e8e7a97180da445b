/*
 * qemu-cxx/chardev.hh - qemu::Chardev: character device backends as QOM
 * objects (created from -chardev options, found by id, written to).
 *
 * Part of the RFC's "next steps" (Chardev/CharBackend). This is the
 * backend side; issue 7's CharBackend wrapper binds a device's handlers
 * (can_receive, receive, event) to member functions on top of it.
 *
 * Example (compiled and run as a test): src/examples/device.cc
 */
#ifndef QEMU_CXX_CHARDEV_HH
#define QEMU_CXX_CHARDEV_HH

#include "qemu/osdep.h"
#include "chardev/char.h"

#include <span>
#include <string_view>

#include "qemu-cxx/object.hh"

namespace qemu {

template <typename Self>
class ChardevMethods : public ObjectMethods<Self> {
public:
    template <typename S>
    using Methods = ChardevMethods<S>;

    std::string_view label() const noexcept
    {
        const char *l = chr()->label;
        return l ? l : "";
    }

    /* Write all of @buf (as a frontend would); bytes written or < 0. */
    int write(std::span<const uint8_t> buf) noexcept
    {
        return qemu_chr_write(chr(), buf.data(), int(buf.size()), true);
    }

    int write(std::string_view text) noexcept
    {
        return write(std::span<const uint8_t>(
            reinterpret_cast<const uint8_t *>(text.data()), text.size()));
    }

protected:
    ChardevMethods() = default;
    ~ChardevMethods() = default;

    ::Chardev *chr() const noexcept
    {
        return reinterpret_cast<::Chardev *>(this->obj());
    }
};

class Chardev : public ChardevMethods<Chardev> {
    QEMU_CXX_WRAPPER(Chardev, ::Chardev);

public:
    /*
     * A chardev from -chardev options ("ringbuf,id=c0,size=64"), kept in
     * /chardevs under its id: the result is a new reference of ours.
     */
    static Result<Ref<Chardev>> create(const char *options);

    /* The chardev with id @label, if any. */
    static std::optional<Ref<Chardev>> find(const char *label) noexcept;
};

} // namespace qemu

QEMU_CXX_DECLARE_TYPE(qemu::Chardev, TYPE_CHARDEV, qemu::Object, parent_obj,
                      ::ChardevClass, parent_class);

/* After the declaration: Ref<Chardev> needs qemu::QomType<Chardev>. */
inline qemu::Result<qemu::Ref<qemu::Chardev>>
qemu::Chardev::create(const char *options)
{
    auto chr = call_c(qemu_shim_chr_new_from_opts, options);
    if (!chr) {
        return std::unexpected<Error>(std::move(chr.error()));
    }
    if (!*chr) {
        return failure("no chardev created (help requested)");
    }
    return Ref<Chardev>::borrow(from_ptr(*chr));
}

inline std::optional<qemu::Ref<qemu::Chardev>>
qemu::Chardev::find(const char *label) noexcept
{
    ::Chardev *chr = qemu_chr_find(label);
    return chr ? std::optional<Ref<Chardev>>(Ref<Chardev>::borrow(
                     from_ptr(chr)))
               : std::nullopt;
}

#endif /* QEMU_CXX_CHARDEV_HH */
