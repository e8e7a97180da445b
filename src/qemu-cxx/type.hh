/*
 * qemu-cxx/type.hh - declaring QOM types to C++, and casting between them.
 *
 * RFC patches 6-8 (ObjectType, IsA, upcast/downcast). A C++ wrapper is a
 * class layout-identical to the C struct (its only member), so a wrapper
 * reference is reached from the C pointer by a cast, not by allocating a
 * handle. The is-a relation is declared once per type by one macro, which
 * specialises qemu::QomType<T> and checks every layout assumption:
 *
 *   QEMU_CXX_DECLARE_TYPE(qemu::DeviceState, TYPE_DEVICE,
 *                         qemu::Object, parent_obj,
 *                         ::DeviceClass, parent_class);
 *
 * From it:
 *   upcast<To>(obj)          compiles only if To is an ancestor; costs
 *                            nothing (each parent is the C struct's first
 *                            field, checked at compile time), also implicit
 *   downcast<To>(obj)        compiles only if To derives from obj's type;
 *                            checked with object_dynamic_cast(), nullptr
 *                            (or an empty optional for Ref) on failure
 *   interface_cast<I>(obj)   checked cast to an interface
 *   unsafe_cast<To>(obj)     unchecked, under a name that says so
 * Unlike Rust, C++ has no orphan rule, so a device author declares a C type
 * the same way the library does; and where Rust needs a trait per class
 * level to fake inheritance, the method mixins (ObjectMethods <-
 * DeviceMethods <- ...) are plain CRTP base classes.
 *
 * A class defined in C++ (qemu-cxx/class.hh) is only the C++ part of its
 * instance: QOM's parent instance comes first and the class sits after it,
 * at QomType<T>::object_offset. object_ptr() and from_object() apply that
 * offset, so every cast below works unchanged for both kinds of type.
 *
 * Example (compiled and run as a test): src/examples/casts.cc
 */
#ifndef QEMU_CXX_TYPE_HH
#define QEMU_CXX_TYPE_HH

#include "qemu/osdep.h"
#include "qom/object.h"

#include <type_traits>

namespace qemu {

/*
 * What C++ knows about a QOM type T. A specialisation (made by the
 * macros below) provides:
 *   static constexpr const char *name;   the TYPE_ name
 *   using parent = ...;                  the parent's wrapper, or void
 *   using class_type = ...;              the C class struct
 *   static constexpr bool is_interface;
 */
template <typename T>
struct QomType;

/* T is an object type (an instance struct), not an interface. */
template <typename T>
concept QomObject =
    requires { QomType<T>::name; } && !QomType<T>::is_interface;

/* T is an interface type. */
template <typename T>
concept QomInterface =
    requires { QomType<T>::name; } && QomType<T>::is_interface;

namespace detail {

template <typename T, typename Ancestor>
constexpr bool is_a()
{
    if constexpr (std::is_same_v<T, Ancestor>) {
        return true;
    } else if constexpr (std::is_void_v<typename QomType<T>::parent>) {
        return false;
    } else {
        return is_a<typename QomType<T>::parent, Ancestor>();
    }
}

/*
 * The layout checks of a wrapper class: standard layout, its one member
 * the C struct at offset 0, same size and alignment. Friend of every
 * wrapper, since the member is private.
 */
template <typename T>
struct Layout {
    static constexpr bool wraps_c_struct()
    {
        using C = typename T::c_type;
        return std::is_standard_layout_v<T> && sizeof(T) == sizeof(C) &&
               alignof(T) == alignof(C) &&
               std::is_pointer_interconvertible_with_class(&T::c_);
    }
};

} // namespace detail

/* T is To or a subtype of To: upcasts from T to To are valid. */
template <typename T, typename To>
concept IsA = QomObject<T> && QomObject<To> && detail::is_a<T, To>();

namespace detail {

/* Where T starts in its QOM instance: 0 for wrappers of C structs. */
template <typename T>
constexpr size_t object_offset() noexcept
{
    if constexpr (requires { QomType<T>::object_offset; }) {
        return QomType<T>::object_offset;
    } else {
        return 0;
    }
}

} // namespace detail

/* The C Object that @obj is (a wrapper) or is part of (a C++ class). */
template <typename T>
    requires (QomObject<T> || QomInterface<T>)
::Object *object_ptr(const T &obj) noexcept
{
    auto *p = reinterpret_cast<char *>(const_cast<T *>(&obj));
    return reinterpret_cast<::Object *>(p - detail::object_offset<T>());
}

/* The T of a C object known to be a T (NULL stays NULL). */
template <typename T>
    requires (QomObject<T> || QomInterface<T>)
T *from_object(::Object *obj) noexcept
{
    if (!obj) {
        return nullptr;
    }
    auto *p = reinterpret_cast<char *>(obj);
    return reinterpret_cast<T *>(p + detail::object_offset<T>());
}

/* Free upcast: compiles only when To is an ancestor of From. */
template <typename To, typename From>
    requires QomObject<From>
To &upcast(From &obj) noexcept
{
    static_assert(IsA<From, To>,
                  "qemu::upcast: the target type is not an ancestor of the "
                  "source type");
    return *from_object<To>(object_ptr(obj));
}

template <typename To, typename From>
    requires QomObject<From>
const To &upcast(const From &obj) noexcept
{
    static_assert(IsA<From, To>,
                  "qemu::upcast: the target type is not an ancestor of the "
                  "source type");
    return *from_object<To>(object_ptr(obj));
}

/*
 * Checked downcast: nullptr if @obj is not a To. Compiles only if a From
 * can be a To (To derives from From, or From is an interface).
 */
template <typename To, typename From>
    requires QomObject<From> || QomInterface<From>
To *downcast(From &obj) noexcept
{
    static_assert(QomObject<To>, "qemu::downcast: the target is not a QOM "
                  "object type (use interface_cast for interfaces)");
    if constexpr (QomObject<From>) {
        static_assert(IsA<To, From>,
                      "qemu::downcast: the types are unrelated, the target "
                      "type does not derive from the source type");
    }
    ::Object *o = object_dynamic_cast(object_ptr(obj), QomType<To>::name);
    return from_object<To>(o);
}

/* Checked cast to an interface @obj may implement: nullptr if not. */
template <typename I, typename From>
    requires QomObject<From> || QomInterface<From>
I *interface_cast(From &obj) noexcept
{
    static_assert(QomInterface<I>,
                  "qemu::interface_cast: the target is not an interface");
    ::Object *o = object_dynamic_cast(object_ptr(obj), QomType<I>::name);
    return reinterpret_cast<I *>(o);
}

/* Unchecked cast: the caller knows @obj is a To. Prefer the others. */
template <typename To, typename From>
    requires (QomObject<From> || QomInterface<From>) &&
             (QomObject<To> || QomInterface<To>)
To &unsafe_cast(From &obj) noexcept
{
    return *from_object<To>(object_ptr(obj));
}

} // namespace qemu

/*
 * The members every object wrapper has. @CStruct is the QEMU C struct; the
 * wrapper cannot be created, copied or destroyed by C++ code: QOM does
 * that (see qemu-cxx/ref.hh for ownership).
 */
#define QEMU_CXX_WRAPPER(Cxx, CStruct)                                  \
public:                                                                 \
    using c_type = CStruct;                                             \
    c_type *as_ptr() noexcept { return &c_; }                           \
    const c_type *as_ptr() const noexcept { return &c_; }               \
    /* The wrapper of a C pointer (NULL stays NULL). */                 \
    static Cxx *from_ptr(c_type *p) noexcept                            \
    {                                                                   \
        return reinterpret_cast<Cxx *>(p);                              \
    }                                                                   \
    Cxx(const Cxx &) = delete;                                          \
    Cxx &operator=(const Cxx &) = delete;                               \
                                                                        \
protected:                                                              \
    Cxx() = default;                                                    \
    ~Cxx() = default;                                                   \
                                                                        \
private:                                                                \
    c_type c_;                                                          \
    friend struct ::qemu::detail::Layout<Cxx>

/* The members of an interface wrapper: a view of the object itself. */
#define QEMU_CXX_INTERFACE_WRAPPER(Cxx)                                 \
public:                                                                 \
    Cxx(const Cxx &) = delete;                                          \
    Cxx &operator=(const Cxx &) = delete;                               \
                                                                        \
protected:                                                              \
    Cxx() = default;                                                    \
    ~Cxx() = default

/*
 * Declare the C type wrapped by @Cxx to C++: its TYPE_ name, its parent's
 * wrapper and the C field holding the parent, its class struct and the
 * field holding the parent class. Use at global scope.
 */
#define QEMU_CXX_DECLARE_TYPE(Cxx, TYPENAME, Parent, parent_field,      \
                              ClassType, class_parent_field)            \
    template <>                                                         \
    struct qemu::QomType<Cxx> {                                         \
        static constexpr const char *name = TYPENAME;                   \
        using parent = Parent;                                          \
        using class_type = ClassType;                                   \
        static constexpr bool is_interface = false;                     \
    };                                                                  \
    QEMU_CXX_CHECK_LAYOUT(Cxx, Parent, parent_field);                   \
    static_assert(std::is_pointer_interconvertible_with_class(          \
                      &ClassType::class_parent_field) &&                \
                  std::is_same_v<                                       \
                      decltype(ClassType::class_parent_field),          \
                      ::qemu::QomType<Parent>::class_type>,             \
                  #ClassType " must start with its parent class")

/* The same for a type whose class struct is its parent's. */
#define QEMU_CXX_DECLARE_SIMPLE_TYPE(Cxx, TYPENAME, Parent, parent_field) \
    template <>                                                         \
    struct qemu::QomType<Cxx> {                                         \
        static constexpr const char *name = TYPENAME;                   \
        using parent = Parent;                                          \
        using class_type = ::qemu::QomType<Parent>::class_type;         \
        static constexpr bool is_interface = false;                     \
    };                                                                  \
    QEMU_CXX_CHECK_LAYOUT(Cxx, Parent, parent_field)

/* Declare an interface wrapper and its class struct. */
#define QEMU_CXX_DECLARE_INTERFACE(Cxx, TYPENAME, ClassType)            \
    template <>                                                         \
    struct qemu::QomType<Cxx> {                                         \
        static constexpr const char *name = TYPENAME;                   \
        using parent = void;                                            \
        using class_type = ClassType;                                   \
        static constexpr bool is_interface = true;                      \
    };                                                                  \
    static_assert(std::is_empty_v<Cxx>, #Cxx " must hold no data")

/*
 * What makes upcasts free: the wrapper is its C struct, whose first field
 * is the parent's C struct; and the wrapper inherits its parent's methods.
 */
#define QEMU_CXX_CHECK_LAYOUT(Cxx, Parent, parent_field)                \
    static_assert(::qemu::detail::Layout<Cxx>::wraps_c_struct(),        \
                  #Cxx " must be layout-identical to its C struct");    \
    static_assert(std::is_pointer_interconvertible_with_class(          \
                      &Cxx::c_type::parent_field) &&                    \
                  std::is_same_v<decltype(Cxx::c_type::parent_field),   \
                                 Parent::c_type>,                       \
                  #Cxx ": the parent must be the first field");         \
    static_assert(std::is_base_of_v<Parent::Methods<Cxx>, Cxx>,         \
                  #Cxx " must inherit " #Parent "::Methods<" #Cxx ">")

#endif /* QEMU_CXX_TYPE_HH */
