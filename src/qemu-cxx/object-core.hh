/*
 * qemu-cxx/object-core.hh - qemu::Object and ObjectMethods<Self>, the
 * methods of QOM's Object that every wrapper inherits; without <string>,
 * which a device's other headers do not need (issue 18: it was a third
 * of their parse time). The methods that return a std::string
 * (property_type, property_get<std::string>, path) and children()'s
 * std::vector are templates, so only their callers need the complete
 * types: qemu-cxx/object.hh gives them.
 *
 * RFC patches 7-8 (ObjectMethods). Each C type's wrapper derives from the
 * method mixin of its C type, which derives from its parent's:
 * ObjectMethods<Self> <- DeviceMethods<Self> <- SysBusDeviceMethods<Self>.
 * The mixins are empty CRTP bases, so a wrapper holds nothing but its C
 * struct, and `uart.typename()` resolves at compile time, with no virtual
 * call. Rust needs a blanket trait implementation per level for the same
 * effect. Fallible methods return qemu::Result; strings cross as
 * std::string / std::string_view, objects as Ref<T> (owning) or T &.
 *
 * Example (compiled and run as a test): src/examples/object.cc
 */
#ifndef QEMU_CXX_OBJECT_CORE_HH
#define QEMU_CXX_OBJECT_CORE_HH

#include "qemu/osdep.h"
#include "qom/object.h"

#include <concepts>
#include <iosfwd> /* declares std::string (libstdc++) */
#include <limits>
#include <optional>
#include <source_location>
#include <string_view>
#include <type_traits>

#include "qemu-cxx/error.hh"
#include "qemu-cxx/ref.hh"
#include "qemu-cxx/type.hh"

namespace qemu {

/* The root of every type, declared first: the mixins below name it. */
class Object;

namespace detail {

/*
 * children()'s result, std::vector<Ref<Object>>: qemu-cxx/object.hh
 * specialises this for every S with <vector>, which a device's headers go
 * without. S (the caller's Self) keeps it unevaluated until a call.
 */
struct ObjectListTag;
template <typename S, typename Tag = ObjectListTag>
struct ObjectList {
    static_assert(!std::is_same_v<S, S>,
                  "qemu: children() needs #include \"qemu-cxx/object.hh\"");
};

} // namespace detail

template <>
struct QomType<Object> {
    static constexpr const char *name = TYPE_OBJECT;
    using parent = void;
    using class_type = ::ObjectClass;
    static constexpr bool is_interface = false;
};


/* Values a QOM property can be set from and read as. */
template <typename T>
concept PropertyInteger = std::integral<T> && !std::same_as<T, bool>;

template <typename Self>
class ObjectMethods {
public:
    /* What a subclass's wrapper derives from to get these methods. */
    template <typename S>
    using Methods = ObjectMethods<S>;

    /* --- identity and casts ----------------------------------------- */

    /*
     * The QOM type name (QEMU's object_get_typename(); `typename` itself is
     * a C++ keyword).
     */
    std::string_view type_name() const noexcept
    {
        return object_get_typename(obj());
    }

    /* The class struct of the object's dynamic type, as Self's class. */
    template <typename S = Self>
    typename QomType<S>::class_type *get_class() const noexcept
    {
        return reinterpret_cast<typename QomType<S>::class_type *>(
            object_get_class(obj()));
    }

    /* Implicit upcasts: `qemu::Object &o = device;` */
    template <typename To>
        requires IsA<Self, To> && (!std::same_as<To, Self>)
    operator To &() noexcept
    {
        return qemu::upcast<To>(self());
    }

    template <typename To>
        requires IsA<Self, To> && (!std::same_as<To, Self>)
    operator const To &() const noexcept
    {
        return qemu::upcast<To>(self());
    }

    template <typename To>
    To &upcast() noexcept
    {
        return qemu::upcast<To>(self());
    }

    template <typename To>
    To *downcast() noexcept
    {
        return qemu::downcast<To>(self());
    }

    /* A new owning reference to this object. */
    [[nodiscard]] Ref<Self> ref() noexcept
    {
        return Ref<Self>::borrow(self());
    }

    /* --- properties -------------------------------------------------- */

    bool has_property(const char *name) const noexcept
    {
        return object_property_find(obj(), name) != nullptr;
    }

    /*
     * The property's type string ("bool", "child<device>", ...). S is
     * always std::string: a template parameter so that only a caller, who
     * has <string>, needs the complete type (as in path()).
     */
    template <typename S = std::string>
    Result<S> property_type(const char *name) const
    {
        auto type = call_c(object_property_get_type, obj(), name);
        if (!type) {
            return std::unexpected<Error>(std::move(type.error()));
        }
        return S(*type);
    }

    Result<> property_set(const char *name, bool value)
    {
        return call_c(object_property_set_bool, obj(), name, value);
    }

    template <PropertyInteger T>
    Result<> property_set(const char *name, T value)
    {
        if constexpr (std::is_signed_v<T>) {
            return call_c(object_property_set_int, obj(), name,
                          int64_t(value));
        } else {
            return call_c(object_property_set_uint, obj(), name,
                          uint64_t(value));
        }
    }

    Result<> property_set(const char *name, std::string_view value)
    {
        CString c_value{g_strndup(value.data(), value.size())};
        return call_c(object_property_set_str, obj(), name, c_value.p);
    }

    Result<> property_set(const char *name, const char *value)
    {
        return call_c(object_property_set_str, obj(), name, value);
    }

    /* A link property: @target must be in the composition tree. */
    template <typename T>
        requires QomObject<T>
    Result<> property_set(const char *name, T &target)
    {
        return call_c(object_property_set_link, obj(), name,
                      object_ptr(target));
    }

    /* Set from a string as on the command line ("on", "0x10", "4k"). */
    Result<> property_parse(const char *name, const char *value)
    {
        return call_c(object_property_parse, obj(), name, value);
    }

    /*
     * Read a property as T: bool, an integer type (range-checked),
     * std::string, or Ref<U> for a link.
     */
    template <typename T>
    Result<T> property_get(const char *name) const
    {
        if constexpr (std::same_as<T, bool>) {
            return call_c_value(object_property_get_bool, obj(), name);
        } else if constexpr (PropertyInteger<T>) {
            return get_integer<T>(name);
        } else if constexpr (std::same_as<T, std::string>) {
            auto str = call_c(object_property_get_str, obj(), name);
            if (!str) {
                return std::unexpected<Error>(std::move(str.error()));
            }
            CString owned{*str};
            return T(owned.p);
        } else {
            static_assert(is_ref<T>::value, "property_get<T>: T must be "
                          "bool, an integer, std::string or Ref<U>");
            return get_link<typename is_ref<T>::target>(name);
        }
    }

    /* --- the composition tree ---------------------------------------- */

    /*
     * Make @child the child @name of this object: the parent takes its own
     * reference, and @child's is dropped when the argument dies.
     */
    template <typename T>
        requires QomObject<T>
    Result<> property_add_child(const char *name, Ref<T> child)
    {
        auto prop = call_c(object_property_try_add_child, obj(), name,
                           object_ptr(*child));
        if (!prop) {
            return std::unexpected<Error>(std::move(prop.error()));
        }
        return {};
    }

    /* Remove this object from its parent (which drops its reference). */
    void unparent() noexcept
    {
        object_unparent(obj());
    }

    /* The parent in the composition tree, if any (borrowed). */
    Object *parent() const noexcept
    {
        return reinterpret_cast<Object *>(obj()->parent);
    }

    /* The canonical path, or nothing if not in the tree. */
    template <typename S = std::string>
    std::optional<S> path() const
    {
        CString p{object_get_canonical_path(obj())};
        return p.p ? std::optional<S>(p.p) : std::nullopt;
    }

    /* The name in the parent, or nothing if not in the tree. */
    std::optional<std::string_view> path_component() const noexcept
    {
        const char *c = object_get_canonical_path_component(obj());
        return c ? std::optional<std::string_view>(c) : std::nullopt;
    }

    /* The object at @path relative to this one (or absolute). */
    std::optional<Ref<Object>> resolve(const char *path) const noexcept
    {
        ::Object *o = object_resolve_path_at(obj(), path);
        return o ? std::optional<Ref<Object>>(
                       Ref<Object>::borrow(reinterpret_cast<Object *>(o)))
                 : std::nullopt;
    }

    /*
     * The children, in no particular order; each Ref keeps one alive. V is
     * always std::vector<Ref<Object>> (template parameters, as for path()).
     */
    template <typename S = Self,
              typename V = typename detail::ObjectList<S>::type>
    V children() const
    {
        V v;
        object_child_foreach(obj(), [](::Object *child, void *opaque) noexcept {
            auto *out = static_cast<V *>(opaque);
            out->push_back(Ref<Object>::borrow(
                reinterpret_cast<Object *>(child)));
            return 0;
        }, &v);
        return v;
    }

protected:
    ObjectMethods() = default;
    ~ObjectMethods() = default;

    Self &self() noexcept
    {
        return static_cast<Self &>(*this);
    }
    const Self &self() const noexcept
    {
        return static_cast<const Self &>(*this);
    }
    ::Object *obj() const noexcept
    {
        return object_ptr(self());
    }

private:
    /* A g_malloc'ed string from C, freed once (qemu::COwned without
     * <memory>, which qemu-cxx/conversions.hh brings). */
    struct CString {
        char *p;
        explicit CString(char *owned) noexcept : p(owned)
        {
        }
        CString(const CString &) = delete;
        CString &operator=(const CString &) = delete;
        ~CString()
        {
            g_free(p);
        }
    };

    template <typename T>
    struct is_ref : std::false_type {
    };
    template <typename T>
    struct is_ref<Ref<T>> : std::true_type {
        using target = T;
    };

    template <typename T>
    Result<T> get_integer(const char *name) const
    {
        auto wide = [&] {
            if constexpr (std::is_signed_v<T>) {
                return call_c(object_property_get_int, obj(), name);
            } else {
                return call_c(object_property_get_uint, obj(), name);
            }
        }();
        if (!wide) {
            return std::unexpected<Error>(std::move(wide.error()));
        }
        if (!std::in_range<T>(*wide)) {
            return detail::failure_printf(
                std::source_location::current(),
                "property '%s' does not fit the requested integer type",
                name);
        }
        return T(*wide);
    }

    template <typename T>
    Result<Ref<T>> get_link(const char *name) const
    {
        Result<::Object *> o = call_c(object_property_get_link, obj(), name);
        if (!o) {
            return std::unexpected<Error>(std::move(o.error()));
        }
        if (!*o) {
            return detail::failure_printf(std::source_location::current(),
                                          "link '%s' is not set", name);
        }
        T *t = qemu::downcast<T>(*reinterpret_cast<Object *>(*o));
        if (!t) {
            return detail::failure_printf(std::source_location::current(),
                                          "link '%s' is not a %s", name,
                                          QomType<T>::name);
        }
        return Ref<T>::borrow(t);
    }
};

/* QOM's Object: the root of every type. */
class Object : public ObjectMethods<Object> {
    QEMU_CXX_WRAPPER(Object, ::Object);
};

static_assert(detail::Layout<Object>::wraps_c_struct());
static_assert(sizeof(Ref<Object>) == sizeof(void *), "a Ref is a pointer");

/* The object at @path (absolute, or partial if unambiguous) as a T. */
template <typename T = Object>
    requires QomObject<T>
std::optional<Ref<T>> resolve_path(const char *path) noexcept
{
    ::Object *o = object_resolve_path_type(path, QomType<T>::name, nullptr);
    return o ? std::optional<Ref<T>>(Ref<T>::borrow(from_object<T>(o)))
             : std::nullopt;
}

/* "/", the root of the composition tree (borrowed). */
inline Object &root() noexcept
{
    return *Object::from_ptr(object_get_root());
}

} // namespace qemu

#endif /* QEMU_CXX_OBJECT_CORE_HH */
