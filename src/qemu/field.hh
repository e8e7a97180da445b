/*
 * qemu/field.hh - naming a field of a device's state once, for the tables
 * generated from it (qemu/properties.hh, qemu/vmstate.hh).
 *
 * QEMU's C tables name a field by offsetof() and check its type with a
 * macro. Upstream's Rust bindings use offset_of! and the field's type. In
 * C++, offsetof() on a class with a base (every C++ device) is only
 * "conditionally supported", so QEMU_FIELD(path) names the field with a
 * generic accessor instead: the field's type comes from the accessor at
 * compile time, its offset from the accessor applied to storage that is
 * never constructed. The path may go through nested members
 * (QEMU_FIELD(conf.migrate_clk)) and may name private members when used
 * inside the class, as its table functions are.
 */
#ifndef QEMU_CXX_FIELD_HH
#define QEMU_CXX_FIELD_HH

#include "qemu/osdep.h"

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

#include "qemu/api.hh"
#include "qemu/type.hh"

namespace qemu {

/* A field named by QEMU_FIELD: the path as written, and its accessor. */
template <typename Accessor>
struct FieldPath {
    const char *name;
    Accessor access;
};

/* The C++ type of the field @Accessor reaches in a T. */
template <typename T, typename Accessor>
using field_type_t =
    std::remove_reference_t<std::invoke_result_t<Accessor, T &>>;

namespace detail {

/*
 * Raw storage shaped like a T, never constructed: applying a field
 * accessor to it gives the field's address, hence its offset. Static
 * storage because device states can be large; it stays in .bss.
 */
template <typename T>
union FieldProbe {
    constexpr FieldProbe() : bytes{} {}
    ~FieldProbe() {}
    unsigned char bytes[sizeof(T)];
    T object;
};

template <typename T>
QEMU_CXX_LOCAL inline FieldProbe<T> field_probe;

[[noreturn]] inline void bad_field(const char *type_name, const char *path)
{
    fprintf(stderr, "qemu: field '%s' is not stored inside %s\n", path,
            type_name);
    abort();
}

} // namespace detail

/*
 * Where a T starts in the memory its tables describe: a class defined in
 * C++ (qemu/class.hh) sits after its parent's instance, at
 * QomType<T>::object_offset, while qdev and migration address fields from
 * the start of the QOM instance; anything else starts at 0.
 */
template <typename T>
constexpr size_t state_offset() noexcept
{
    if constexpr (requires { QomType<T>::object_offset; }) {
        return QomType<T>::object_offset;
    } else {
        return 0;
    }
}

/* The T inside @opaque, the pointer QEMU hands to qdev and VMState hooks. */
template <typename T>
T &state_from_opaque(void *opaque) noexcept
{
    return *reinterpret_cast<T *>(static_cast<char *>(opaque) +
                                  state_offset<T>());
}

/*
 * The offset of @field from the start of the instance (state_offset()
 * included). Aborts (a bug in a table, found when the class is
 * initialised) if the path leaves T, e.g. through a pointer.
 */
template <typename T, typename Accessor>
size_t field_offset(const FieldPath<Accessor> &field,
                    const char *type_name = "the state")
{
    static_assert(!std::is_polymorphic_v<T>,
                  "qemu: a QOM state cannot have virtual functions (its C "
                  "parent must be at offset 0)");
    T &probe = detail::field_probe<T>.object;
    auto *base = reinterpret_cast<const unsigned char *>(&probe);
    auto *addr = reinterpret_cast<const unsigned char *>(
        &field.access(probe));
    using F = field_type_t<T, Accessor>;

    if (addr < base || addr + sizeof(F) > base + sizeof(T)) {
        detail::bad_field(type_name, field.name);
    }
    return state_offset<T>() + size_t(addr - base);
}

} // namespace qemu

/* Name a field of the state by its path: QEMU_FIELD(conf.migrate_clk). */
#define QEMU_FIELD(path)                                                \
    ::qemu::FieldPath{#path, [](auto &s_) -> auto & { return (s_.path); }}

#endif /* QEMU_CXX_FIELD_HH */
