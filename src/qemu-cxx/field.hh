/*
 * qemu-cxx/field.hh - naming a field of a device's state once, for the tables
 * generated from it (qemu-cxx/properties.hh, qemu-cxx/vmstate.hh).
 *
 * QEMU's C tables name a field by offsetof() and check its type with a
 * macro; upstream's Rust bindings use offset_of! and the field's type.
 * QEMU_FIELD(path) does the same: for the state type S it is given, the
 * field's type is decltype of the path and its offset is offsetof(S,
 * path), both constants. offsetof() on a class with bases or mixed access
 * (every C++ device) is "conditionally supported"; GCC supports it, and
 * warns (-Winvalid-offsetof) since a virtual base would make it
 * meaningless: QOM classes have no virtual functions or bases (checked
 * by QEMU_CXX_DEFINE_TYPE and below), so the warning is silenced for that
 * one expression (QEMU_CXX_OFFSETOF), as peel does. A path may go through
 * nested members and array elements with constant indices
 * (QEMU_FIELD(conf.migrate_clk), t[1].limit) and may name private members
 * when used inside the class, as its table functions are; a path that
 * leaves the state (through a pointer, a member function) does not
 * compile.
 */
#ifndef QEMU_CXX_FIELD_HH
#define QEMU_CXX_FIELD_HH

#include "qemu/osdep.h"

#include <cstddef>
#include <type_traits>

#include "qemu-cxx/type.hh"

namespace qemu {

/*
 * QEMU_CXX_MEMBER_PROBE(name) defines detail::declares_<name><T>: whether
 * T has a member called name, whatever its access: naming it through a
 * class that also inherits another is then ambiguous (name lookup happens
 * before access checks; bindings.md 5b). properties() and vmstate() use it
 * to make a private or protected one a compile error rather than ignored.
 * A final T cannot be probed and counts as declaring none.
 */
#define QEMU_CXX_MEMBER_PROBE(name)                                      \
    namespace detail {                                                   \
    struct name##_name {                                                 \
        static void name();                                              \
    };                                                                   \
    template <typename T>                                                \
    struct name##_probe : T, name##_name {                               \
    };                                                                   \
    template <typename T>                                                \
    concept declares_##name = std::is_class_v<T> && !std::is_final_v<T> \
                              && !requires { &name##_probe<T>::name; };  \
    }

/* What QEMU_FIELD(path) gives for a state type: the field's type, offset. */
template <typename F, size_t Offset>
struct FieldAt {
    using type = F;
    static constexpr size_t offset = Offset;
};

/* A field named by QEMU_FIELD: the path as written, and its FieldAt. */
template <typename Locator>
struct FieldPath {
    const char *name;
    Locator locate;
};

/*
 * The C field a wrapper field stands for in the tables: a wrapper that
 * holds a C field and nothing else (qemu::CharBackend, qemu::ClockIn)
 * specialises this, so that QEMU_PROP("chardev", chr) is a chardev
 * property and QEMU_VMSTATE(clk) a VMSTATE_CLOCK.
 */
template <typename W>
struct CField {
    using type = W;
};

template <typename T, typename Locator>
using field_at_t = std::invoke_result_t<Locator, std::type_identity<T>>;

/* The C++ type of the field @Locator names in a T (wrappers as C). */
template <typename T, typename Locator>
using field_type_t = typename CField<typename field_at_t<T, Locator>::type>::type;

/*
 * Where a T starts in the memory its tables describe: a class defined in
 * C++ (qemu-cxx/class.hh) sits after its parent's instance, at
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
 * The offset of @field from the start of a T, a constant. The tables add
 * state_offset<T>() when they are made, not here: a table function
 * defined in T's class body is compiled before QEMU_CXX_DEFINE_TYPE
 * (after the class) says where T starts.
 */
template <typename T, typename Locator>
constexpr size_t field_offset(const FieldPath<Locator> &) noexcept
{
    static_assert(!std::is_polymorphic_v<T>,
                  "qemu: a QOM state cannot have virtual functions (its C "
                  "parent must be at offset 0)");
    return field_at_t<T, Locator>::offset;
}

} // namespace qemu

/*
 * The FieldAt of a field of S_ at offset @offset (an expression in S_,
 * offsetof() on a QOM class: see the top of this file), of the type of
 * @expr (an expression in s_(), an S_ &); the rest are static_asserts
 * about F_, reported at the user's line.
 */
#define QEMU_CXX_FIELD_LOCATOR(offset, expr, ...)                       \
    []<typename S_>(std::type_identity<S_>) {                           \
        _Pragma("GCC diagnostic push")                                  \
        _Pragma("GCC diagnostic ignored \"-Winvalid-offsetof\"")        \
        constexpr size_t off_ = offset;                                 \
        _Pragma("GCC diagnostic pop")                                   \
        [[maybe_unused]] S_ &(*s_)() = nullptr;                         \
        using F_ = std::remove_reference_t<decltype((expr))>;           \
        __VA_ARGS__;                                                    \
        return ::qemu::FieldAt<F_, off_>{};                             \
    }

/* Name a field of the state by its path: QEMU_FIELD(conf.migrate_clk). */
#define QEMU_FIELD(path)                                                \
    ::qemu::FieldPath{#path, QEMU_CXX_FIELD_LOCATOR(                    \
        offsetof(S_, path), s_().path)}

#endif /* QEMU_CXX_FIELD_HH */
