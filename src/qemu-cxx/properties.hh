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
 *   static qemu::Properties<PL011> properties()
 *   {
 *       return {
 *           QEMU_PROP("chardev", chr),
 *           QEMU_PROP("migrate-clk", conf.migrate_clk, true),
 *       };
 *   }
 *
 * qemu::property_table<T>() builds the C table once, for the life of the
 * process, for device_class_set_props(); each property's PropertyInfo and
 * default are a constant, the builder is not a template. The forms
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

/*
 * The type-independent part of qemu::Properties<T>, in libqemu-cxx
 * (properties.cc), as VMStateBuilder is.
 */
class QEMU_CXX_API PropertiesBuilder {
public:
    PropertiesBuilder() noexcept;
    PropertiesBuilder(const PropertiesBuilder &other) noexcept;
    PropertiesBuilder &operator=(const PropertiesBuilder &) = delete;
    ~PropertiesBuilder();

    void add(const Property &format, const char *name, ptrdiff_t offset,
             const char *link_type) noexcept;

    /*
     * The end-of-list terminated C table, allocated for the life of the
     * process; aborts on the mistakes QEMU would abort on, but now.
     */
    Property *release() const noexcept;

private:
    GArray *props_;
};

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
    Properties(const Specs &...specs) noexcept
    {
        (add(specs), ...);
    }

private:
    template <HasProperties U>
    friend Property *property_table();

    template <typename Kind, typename Locator, auto... Default>
    void add(const PropertySpec<Kind, Locator, Default...> &spec) noexcept
    {
        using F = field_type_t<T, Locator>;
        b_.add(detail::property_proto<Kind, F, Default...>, spec.name,
               ptrdiff_t(field_offset<T>(spec.field)), spec.link_type);
    }

    detail::PropertiesBuilder b_;
};

/*
 * T's Property table, built from T::properties() on first use and kept
 * for the life of the process; end-of-list terminated, for
 * device_class_set_props() (which, as in QEMU 7.2, takes it non-const).
 * Not inlined: class_init and instance_init (the property check) both
 * call it, and one copy of the builder calls is enough.
 */
template <HasProperties T>
[[gnu::noinline]] Property *property_table()
{
    static Property *const table = T::properties().b_.release();
    return table;
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
