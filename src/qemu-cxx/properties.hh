/*
 * qemu-cxx/properties.hh - a device's qdev properties (the Property table)
 * generated from a list of its fields.
 *
 * Section 4 of bindings.md. Upstream's Rust bindings declare properties
 * with declare_properties!/define_property!, each naming a field and its
 * PropertyInfo; here the field's C++ type picks the PropertyInfo at compile
 * time, and a default that does not fit the field is a narrowing error. A
 * class T lists its properties in a public static member function, next
 * to the fields it configures:
 *
 *   static constexpr qemu::Properties<PL011> properties()
 *   {
 *       return {
 *           QEMU_PROP("chardev", chr),
 *           QEMU_PROP("migrate-clk", conf.migrate_clk, true),
 *       };
 *   }
 *
 * qemu::property_table<T>() is the C table for device_class_set_props():
 * with properties() constexpr, as here, data computed by the compiler (no
 * code in the module), else built on first use and kept for the life of
 * the process (static_assert(qemu::ConstexprProperties<PL011>) keeps it
 * data). Each property's PropertyInfo and default are a constant;
 * a name missing or given twice aborts when the table is first used. The
 * forms
 * (QEMU's DEFINE_PROP_* in brackets):
 *   QEMU_PROP(name, field)           a string or chardev (_STRING, _CHR)
 *   QEMU_PROP(name, field, default)  with a default (_BOOL, _UINT8.., _INT32)
 *   QEMU_PROP(name, field, qemu::no_default)  an integer without (_NODEFAULT)
 *   QEMU_PROP_SIZE(name, field, default)  a uint64_t size (_SIZE)
 *   QEMU_PROP_LINK(name, field, TYPE_X)   an object pointer (_LINK)
 * What a field's type gives: bool, uint8/16/32/64_t, int32/64_t, char *
 * (a string, g_free'd by qdev), CharBackend (a chardev id). A default must
 * be a constant expression; a bool or integer field names its default or
 * says qemu::no_default (two arguments do not silently mean "none").
 * QOM stores the defaults before instance_init, so a property field takes
 * no initializer: the generated instance_init saves the property bytes
 * before the constructor and aborts, naming the property, if the
 * constructor changed one (then writes them back, so that the value is
 * stored within the field's lifetime).
 *
 * Example (compiled and run as a test): src/examples/properties.cc
 */
#ifndef QEMU_CXX_PROPERTIES_HH
#define QEMU_CXX_PROPERTIES_HH

#include "qemu/osdep.h"
#include "chardev/char-fe.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"

#include <concepts>
#include <cstring>
#include <type_traits>

#include "qemu-cxx/api.hh"
#include "qemu-cxx/field.hh"

namespace qemu {

template <typename T>
class Properties;

QEMU_CXX_MEMBER_PROBE(properties)

namespace detail {

template <typename T>
constexpr bool has_properties()
{
    static_assert(!declares_properties<T> || requires { T::properties(); },
                  "qemu: a class's properties() must be public and static");
    return requires {
        { T::properties() } -> std::same_as<Properties<T>>;
    };
}

} // namespace detail

/*
 * T lists its qdev properties: `static Properties<T> properties()`. A
 * private one is a compile error, never silently ignored; one inherited
 * from a base class lists the base's (QOM's class copy keeps them).
 */
template <typename T>
concept HasProperties = detail::has_properties<T>();

template <HasProperties T>
QEMU_CXX_LOCAL Property *property_table();

namespace detail {
class PropertyList;
} // namespace detail

/* The third argument of QEMU_PROP for an integer without a default. */
struct NoDefault {};
inline constexpr NoDefault no_default{};

/* How a property's PropertyInfo is chosen. */
namespace prop_kind {
struct deduce {};   /* from the field's type */
struct size {};     /* qdev_prop_size */
struct link {};     /* qdev_prop_link */
} // namespace prop_kind

/* One property, before it is bound to the state type. */
template <typename Kind, typename Locator, auto... Default>
struct PropertySpec {
    static_assert(sizeof...(Default) <= 1, "qemu: one default at most");
    const char *name;
    FieldPath<Locator> field;
    const char *link_type;
};

template <typename Kind, auto... Default, typename Locator>
constexpr PropertySpec<Kind, Locator, Default...>
property(const char *name, FieldPath<Locator> field,
         const char *link_type = nullptr)
{
    return { name, field, link_type };
}

namespace detail {

template <typename F>
constexpr bool no_property_type = false;

/* The info of a property whose kind comes from the field's type. */
template <typename F>
constexpr const PropertyInfo *deduced_info()
{
    if constexpr (std::is_same_v<F, bool>) {
        return &qdev_prop_bool;
    } else if constexpr (std::is_integral_v<F> && std::is_unsigned_v<F> &&
                         sizeof(F) == 1) {
        return &qdev_prop_uint8;
    } else if constexpr (std::is_integral_v<F> && std::is_unsigned_v<F> &&
                         sizeof(F) == 2) {
        return &qdev_prop_uint16;
    } else if constexpr (std::is_integral_v<F> && std::is_unsigned_v<F> &&
                         sizeof(F) == 4) {
        return &qdev_prop_uint32;
    } else if constexpr (std::is_integral_v<F> && std::is_unsigned_v<F> &&
                         sizeof(F) == 8) {
        return &qdev_prop_uint64;
    } else if constexpr (std::is_integral_v<F> && std::is_signed_v<F> &&
                         sizeof(F) == 4) {
        return &qdev_prop_int32;
    } else if constexpr (std::is_integral_v<F> && std::is_signed_v<F> &&
                         sizeof(F) == 8) {
        return &qdev_prop_int64;
    } else if constexpr (std::is_same_v<F, char *>) {
        return &qdev_prop_string;
    } else if constexpr (std::is_same_v<F, ::CharBackend>) {
        return &qdev_prop_chr;
    } else {
        static_assert(no_property_type<F>,
                      "qemu: no qdev property type for this field's type "
                      "(object pointers use QEMU_PROP_LINK)");
        return nullptr;
    }
}

/* Store the default as DEFINE_PROP_SIGNED/_UNSIGNED/_BOOL do. */
template <typename F, auto D>
constexpr void set_default(Property &p)
{
    static_assert(std::is_integral_v<F>,
                  "qemu: only boolean and integer properties have defaults");
    constexpr F value{D};   /* narrowing: the default must fit the field */

    p.set_default = true;
    if constexpr (std::is_signed_v<F>) {
        p.defval.i = int64_t(value);
    } else {
        p.defval.u = uint64_t(value);
    }
}

/*
 * What a property of kind Kind on a field of type F with Default gives
 * its Property, fixed at compile time (all but name, offset, link type).
 */
template <typename Kind, typename F, auto... Default>
constexpr Property property_format()
{
    static_assert(!std::is_const_v<F>, "qemu: a property cannot be const");

    Property p{};
    if constexpr (std::is_same_v<Kind, prop_kind::size>) {
        static_assert(std::is_same_v<F, uint64_t>,
                      "qemu: a size property's field is a uint64_t");
        p.info = &qdev_prop_size;
    } else if constexpr (std::is_same_v<Kind, prop_kind::link>) {
        static_assert(std::is_pointer_v<F> &&
                      std::is_class_v<std::remove_pointer_t<F>>,
                      "qemu: a link property's field is an object pointer");
        static_assert(sizeof...(Default) == 0,
                      "qemu: a link property has no default");
        p.info = &qdev_prop_link;
    } else {
        p.info = deduced_info<F>();
    }
    if constexpr (sizeof...(Default) == 1) {
        if constexpr (!(std::is_same_v<std::remove_cv_t<decltype(Default)>,
                                       NoDefault> || ...)) {
            set_default<F, Default...>(p);
        }
    } else if constexpr (std::is_same_v<Kind, prop_kind::deduce>) {
        static_assert(!std::is_integral_v<F>,
                      "qemu: QEMU_PROP(name, field) on a bool or integer "
                      "field: give its default, or qemu::no_default");
    }
    return p;
}

template <typename Kind, typename F, auto... Default>
QEMU_CXX_LOCAL inline constexpr Property property_proto =
    property_format<Kind, F, Default...>();

/* A mistake QEMU would abort on later: the message, then abort(). */
[[noreturn]] QEMU_CXX_API void bad_properties(const char *name,
                                              const char *what) noexcept;

constexpr bool same_name(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++, b++;
    }
    return *a == *b;
}

/*
 * The type-independent part of qemu::Properties<T>: the list, collected
 * and checked by constexpr code. When T's properties() is constexpr the
 * C table is emitted at compile time (property_storage<T>, data as
 * QEMU's static table: no code, no guard); otherwise release()
 * (properties.cc) copies it into memory kept for the life of the
 * process, on first use. A mistake calls bad_properties(): at compile
 * time that is not a constant (so the table is built at run time, and
 * the same message aborts there). Run outside a constant evaluation, the
 * operations call their copies in libqemu-cxx (properties.cc, the same
 * code), so that a module whose properties() is not constexpr carries
 * calls, not the loops.
 */
class PropertyList {
public:
    constexpr PropertyList() noexcept = default;

    constexpr PropertyList(const PropertyList &other) noexcept
    {
        if consteval {
            copy(other);
        } else {
            copy_at_run_time(other);
        }
    }

    PropertyList &operator=(const PropertyList &) = delete;

    constexpr ~PropertyList()
    {
        if consteval {
            delete[] props_;
        } else {
            clear_at_run_time();
        }
    }

    constexpr void add(const Property &format, const char *name,
                       ptrdiff_t offset, bool link,
                       const char *link_type) noexcept
    {
        if consteval {
            add_here(format, name, offset, link, link_type);
        } else {
            add_at_run_time(format, name, offset, link, link_type);
        }
    }

    /* Every field @offset bytes further. */
    constexpr void move_by(ptrdiff_t offset) noexcept
    {
        if consteval {
            move_by_here(offset);
        } else {
            move_by_at_run_time(offset);
        }
    }

    /* The table's length with DEFINE_PROP_END_OF_LIST. */
    constexpr size_t size() const noexcept
    {
        return len_ + 1;
    }

    /* Write the table into @out, size() entries, zeroed. */
    constexpr void emit(Property *out) const noexcept
    {
        for (size_t i = 0; i < len_; i++) {
            out[i] = props_[i];
        }
    }

    /* The table, allocated for the life of the process. */
    QEMU_CXX_API Property *release() const noexcept;

private:
    QEMU_CXX_API void copy_at_run_time(const PropertyList &other) noexcept;
    QEMU_CXX_API void clear_at_run_time() noexcept;
    QEMU_CXX_API void add_at_run_time(const Property &format,
                                      const char *name, ptrdiff_t offset,
                                      bool link, const char *link_type)
        noexcept;
    QEMU_CXX_API void move_by_at_run_time(ptrdiff_t offset) noexcept;

    constexpr void copy(const PropertyList &other) noexcept
    {
        len_ = other.len_;
        props_ = new Property[len_ + 1]();
        for (size_t i = 0; i < len_; i++) {
            props_[i] = other.props_[i];
        }
    }

    constexpr void add_here(const Property &format, const char *name,
                            ptrdiff_t offset, bool link,
                            const char *link_type) noexcept
    {
        Property p = format;
        p.name = name;
        p.offset = offset;
        p.link_type = link_type;
        check(p, link, link_type);
        Property *props = new Property[len_ + 2]();
        for (size_t i = 0; i < len_; i++) {
            props[i] = props_[i];
        }
        props[len_++] = p;
        delete[] props_;
        props_ = props;
    }

    constexpr void move_by_here(ptrdiff_t offset) noexcept
    {
        for (size_t i = 0; i < len_; i++) {
            props_[i].offset += offset;
        }
    }

    /* The mistakes QEMU would abort on, but now. */
    constexpr void check(const Property &p, bool link,
                         const char *link_type) const noexcept
    {
        if (!p.name || !*p.name) {
            bad_properties(p.name, "a property needs a name");
        }
        if (link && (!link_type || !*link_type)) {
            bad_properties(p.name, "a link needs a QOM type");
        }
        for (size_t i = 0; i < len_; i++) {
            if (same_name(props_[i].name, p.name)) {
                bad_properties(p.name, "declared twice");
            }
        }
    }

    Property *props_ = nullptr;
    size_t len_ = 0;
};

template <typename T>
QEMU_CXX_LOCAL constexpr PropertyList property_list();

/*
 * The bytes of an instance's property fields, saved before the
 * constructor runs: check() aborts if the constructor changed one (a
 * field initializer over qdev's default), then stores them back.
 */
class QEMU_CXX_API SavedProperties {
public:
    SavedProperties(const ::Object *obj, const Property *table) noexcept;
    SavedProperties(const SavedProperties &) = delete;
    SavedProperties &operator=(const SavedProperties &) = delete;
    ~SavedProperties();
    void check(::Object *obj) const noexcept;

private:
    const Property *table_;
    GByteArray *bytes_;
};

} // namespace detail

/* The properties of a T, in the order `device-list-properties` shows. */
template <typename T>
class Properties {
public:
    template <typename... Specs>
        requires (!std::is_same_v<Specs, Properties> && ...)
    constexpr Properties(const Specs &...specs) noexcept
    {
        (add(specs), ...);
    }

private:
    template <typename U>
    friend constexpr detail::PropertyList detail::property_list();

    template <typename Kind, typename Locator, auto... Default>
    constexpr void add(const PropertySpec<Kind, Locator, Default...> &spec)
        noexcept
    {
        using F = field_type_t<T, Locator>;
        /* The kind, not the info's address: no constant with sanitizers. */
        b_.add(detail::property_proto<Kind, F, Default...>, spec.name,
               ptrdiff_t(field_offset<T>(spec.field)),
               std::is_same_v<Kind, prop_kind::link>, spec.link_type);
    }

    detail::PropertyList b_;
};

namespace detail {

/* T's list, its offsets from the start of the instance. */
template <typename T>
QEMU_CXX_LOCAL constexpr PropertyList property_list()
{
    PropertyList list = T::properties().b_;
    list.move_by(ptrdiff_t(state_offset<T>()));
    return list;
}

/* Whether T's table is a constant: its properties() is constexpr. */
template <typename T>
concept ConstantProperties = requires {
    typename std::integral_constant<size_t, property_list<T>().size()>;
};

template <size_t N>
struct PropertyTable {
    Property props[N];
};

template <typename T, size_t N>
QEMU_CXX_LOCAL constexpr PropertyTable<N> emit_properties()
{
    PropertyTable<N> out{};
    property_list<T>().emit(out.props);
    return out;
}

/*
 * T's table, data. Not const: device_class_set_props() takes it
 * non-const, as QEMU's static Property arrays are.
 */
template <ConstantProperties T>
QEMU_CXX_LOCAL inline constinit PropertyTable<property_list<T>().size()>
    property_storage =
        emit_properties<T, property_list<T>().size()>();

/*
 * T's table built from a properties() that is not constexpr, once. Not
 * inlined: class_init and instance_init (the property check) both call
 * it, and one copy of the builder calls is enough.
 */
template <typename T>
[[gnu::noinline]] QEMU_CXX_LOCAL Property *built_properties()
{
    static Property *const table = property_list<T>().release();
    return table;
}

} // namespace detail

/*
 * Whether T's table is data: T::properties() is constexpr and valid (a
 * device can static_assert it, so that its table never silently becomes
 * code).
 */
template <typename T>
concept ConstexprProperties =
    HasProperties<T> && detail::ConstantProperties<T>;

/*
 * T's Property table, end-of-list terminated, for
 * device_class_set_props() (which, as in QEMU 7.2, takes it non-const):
 * data when T::properties() is constexpr, else built from it on first
 * use and kept for the life of the process.
 */
template <HasProperties T>
Property *property_table()
{
    if constexpr (detail::ConstantProperties<T>) {
        return detail::property_storage<T>.props;
    } else {
        return detail::built_properties<T>();
    }
}

} // namespace qemu

/* A property whose type is the field's: QEMU_PROP("fifo", fifo, true). */
#define QEMU_PROP(name, path, ...)                                      \
    ::qemu::property<::qemu::prop_kind::deduce __VA_OPT__(, )           \
                     __VA_ARGS__>(name, QEMU_FIELD(path))

/* A size ("4k", "1M") in a uint64_t field, with its default. */
#define QEMU_PROP_SIZE(name, path, default_value)                       \
    ::qemu::property<::qemu::prop_kind::size, default_value>(           \
        name, QEMU_FIELD(path))

/* A link to an object of QOM type @type_name (or a subtype). */
#define QEMU_PROP_LINK(name, path, type_name)                           \
    ::qemu::property<::qemu::prop_kind::link>(name, QEMU_FIELD(path),   \
                                              type_name)

#endif /* QEMU_CXX_PROPERTIES_HH */
