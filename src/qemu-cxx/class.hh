/*
 * qemu-cxx/class.hh - defining a QOM class in C++: registration, class_init,
 * instance_init/finalize from the constructor/destructor, and the C
 * vtable entries generated from member functions.
 *
 * RFC patches 9-10 (ObjectImpl, DeviceImpl, instance_init/finalize). A
 * class T defined in C++ is the C++ part of its instance only:
 *
 *   | parent's instance (C, or another C++ class's) | T |
 *
 * QOM allocates and initialises the parent part first; the generated
 * instance_init then constructs T alone, after it (bindings.md 5b: a
 * constructor of the whole instance would let -O2's lifetime DSE erase the
 * parent's fields), and instance_finalize runs ~T(). Unlike the RFC, no
 * new QOM hook is needed: T's own members start their life in T's
 * constructor. qdev property defaults are stored before instance_init (as
 * in QEMU), so a property field takes no initializer: instance_init
 * aborts, naming the property, if the constructor changed one.
 *
 * Hooks are public member functions with these documented names; a C
 * vtable entry is set only when T declares one, detected at compile time
 * by a requires-expression, and otherwise the parent's (C or C++) entry
 * stays. When T declares one, the parent's still runs, as QEMU's
 * device_class_set_parent_*() idiom does by hand:
 *
 *   void unparent()                   ObjectClass::unparent, T's first
 *   qemu::Result<void> realize()      DeviceClass::realize, parent's first
 *   void unrealize()                  DeviceClass::unrealize, T's first
 *   void reset_enter(ResetType)       Resettable phases, parent's first
 *   void reset_hold()
 *   void reset_exit()
 *   static void class_init(ClassType &)   anything else (desc, ...)
 *   static void class_init(A::Class &)    an ancestor A's (or T's own)
 *                                         class part (see below)
 *   static constexpr bool abstract = true;
 *   static constexpr qemu::Properties<T> properties()   dc's Property table
 *   static constexpr qemu::VMState<T> vmstate()         dc->vmsd
 *     (constexpr makes the tables data, computed by the compiler as QEMU's
 *     static tables are; without it they are built on first use)
 *
 * An exception escaping a hook aborts naming the type and the hook
 * (qemu-cxx/trampoline.hh), except realize's, which fails the realize with
 * an Error carrying its what().
 *
 * A member with one of these names that is private, protected or has
 * another signature is a compile error naming it, never silently ignored
 * (member-function-pointer detection would miss it, bindings.md 5b).
 * Rust's DeviceImpl spells the same choice as Option<fn> constants.
 *
 * T's class struct may have a part of its own, as a C class's struct
 * extends its parent's: a nested `struct Class` (class-level constants as
 * default member initializers, class methods as function pointers) goes
 * after the parent's class struct, is constructed by the generated
 * class_init and copied into every subclass's class (by QOM's memcpy, so
 * it is trivially copyable). A subclass changes it in a
 * `static void class_init(Parent::Class &)`; instances read it through
 * klass(), per class and not per instance.
 *
 * T's default constructor is protected: QOM alone constructs T (in
 * instance_init, through detail::Instance<T>), so `T t;` does not
 * compile, nor does a T created anywhere but in its QOM instance.
 *
 * T derives from qemu::ObjectImpl<T, Parent>, which holds nothing and
 * gives upcasts (implicit, or parent_obj()); T is declared with
 * QEMU_CXX_DEFINE_TYPE and registered with QEMU_CXX_TYPE_INIT, from the
 * module's static constructors (so the module carries the ABI stamp).
 * No virtual functions: C++ classes are QOM classes, dispatch is QOM's.
 *
 * Example (compiled and run as a test): src/examples/class.cc
 */
#ifndef QEMU_CXX_CLASS_HH
#define QEMU_CXX_CLASS_HH

#include "qemu/osdep.h"
#include "qemu/module.h"
#include "hw/qdev-core.h"
#include "hw/resettable.h"

#include <concepts>
#include <new>
#include <type_traits>

#include "qemu-cxx/device.hh"
#include "qemu-cxx/error.hh"
#include "qemu-cxx/object-core.hh"
#include "qemu-cxx/properties.hh"
#include "qemu-cxx/trampoline.hh"
#include "qemu-cxx/type.hh"
#include "qemu-cxx/vmstate.hh"

namespace qemu {

namespace detail {

/* What a hook name means in a class that does not declare that hook. */
struct NotAHook {
};

template <typename T>
struct ClassOwner;

} // namespace detail

/*
 * The base of a class defined in C++. @Self is the class, @Parent the
 * wrapper (or C++ class) of its QOM parent type. It derives from the
 * parent's methods (SysBusDeviceMethods<Self>, ...), so that
 * `counter.type_name()` and `init_mmio()` work on the class itself.
 */
template <typename Self, typename Parent>
class ObjectImpl : public Parent::template Methods<Self> {
public:
    using parent_type = Parent;

    /*
     * The hook names are T's alone: the wrappers' realize(), unrealize()
     * and unparent() (which act on a device from outside) are hidden
     * here, so that hook detection never takes an inherited one for T's.
     * To realize a C++ device, upcast it (`qemu::SysBusDevice &`).
     */
    static constexpr detail::NotAHook unparent{};
    static constexpr detail::NotAHook realize{};
    static constexpr detail::NotAHook unrealize{};
    static constexpr detail::NotAHook reset_enter{};
    static constexpr detail::NotAHook reset_hold{};
    static constexpr detail::NotAHook reset_exit{};

    /* The parent type's view of this object. */
    Parent &parent_obj() noexcept
    {
        return qemu::upcast<Parent>(self());
    }
    const Parent &parent_obj() const noexcept
    {
        return qemu::upcast<Parent>(self());
    }

    /*
     * The class part (nested `struct Class`) of Self or of its nearest
     * ancestor declaring one, in this object's class: a subclass's
     * changes are seen. (A template, so that an inline member function
     * may call it before QEMU_CXX_DEFINE_TYPE.)
     */
    template <typename S = Self>
    const typename detail::ClassOwner<S>::type::Class &klass() const noexcept;

    ObjectImpl(const ObjectImpl &) = delete;
    ObjectImpl &operator=(const ObjectImpl &) = delete;

protected:
    ObjectImpl() = default;
    ~ObjectImpl() = default;

private:
    Self &self() noexcept
    {
        return static_cast<Self &>(*this);
    }
    const Self &self() const noexcept
    {
        return static_cast<const Self &>(*this);
    }
};

namespace detail {

/* T is a class defined in C++ (not a wrapper of a C type). */
template <typename T>
concept CxxClass = requires { typename T::parent_type; };

/* T declares a class part of its own (a C++ class's `struct Class`). */
template <typename T>
constexpr bool own_class_part() noexcept
{
    if constexpr (CxxClass<T>) {
        return requires { typename T::Class; };
    } else {
        return false;
    }
}

template <typename T>
constexpr size_t class_end() noexcept;

/* Where T's class part starts in the class struct of T and its subclasses. */
template <typename T>
constexpr size_t class_part_offset() noexcept
{
    constexpr size_t align = alignof(typename T::Class);
    return (class_end<typename T::parent_type>() + align - 1) / align * align;
}

/* Where the class struct of T ends (QOM's class_size). */
template <typename T>
constexpr size_t class_end() noexcept
{
    if constexpr (own_class_part<T>()) {
        return class_part_offset<T>() + sizeof(typename T::Class);
    } else if constexpr (CxxClass<T>) {
        return class_end<typename T::parent_type>();
    } else {
        return sizeof(typename QomType<T>::class_type);
    }
}

/* Whether T or a C++ ancestor has a class part. */
template <typename T>
constexpr bool has_class_part() noexcept
{
    if constexpr (own_class_part<T>()) {
        return true;
    } else if constexpr (CxxClass<T>) {
        return has_class_part<typename T::parent_type>();
    } else {
        return false;
    }
}

/* The nearest of T and its ancestors that declares a class part. */
template <typename T>
struct ClassOwner {
    using type = typename ClassOwner<typename T::parent_type>::type;
};
template <typename T>
    requires (own_class_part<T>())
struct ClassOwner<T> {
    using type = T;
};

/* Owner's class part inside class struct @oc (of Owner or a subclass). */
template <typename Owner>
typename Owner::Class &class_part(::ObjectClass *oc) noexcept
{
    return *reinterpret_cast<typename Owner::Class *>(
        reinterpret_cast<char *>(oc) + class_part_offset<Owner>());
}

} // namespace detail

template <typename Self, typename Parent>
template <typename S>
const typename detail::ClassOwner<S>::type::Class &
ObjectImpl<Self, Parent>::klass() const noexcept
{
    using Owner = typename detail::ClassOwner<S>::type;
    return detail::class_part<Owner>(object_get_class(object_ptr(self())));
}

namespace detail {

/*
 * What instance_init constructs and instance_finalize destroys: a T
 * whose constructor is protected (checked by QEMU_CXX_DEFINE_TYPE), so
 * that QOM is the only way to create one; `T t;` does not compile.
 */
template <typename T>
struct Instance : T {
    Instance() = default;
};

/*
 * Whether T's part takes no room: an empty class that QOM need not
 * construct or destroy (a subclass that only changes the class) adds no
 * byte to the instance, where sizeof would add one.
 */
template <typename T>
constexpr bool empty_part() noexcept
{
    if constexpr (std::is_empty_v<T>) {
        return std::is_trivially_default_constructible_v<Instance<T>> &&
               std::is_trivially_destructible_v<T>;
    } else {
        return false;
    }
}

/* Where a type's instance ends: the next level's part starts after it. */
template <typename T>
constexpr size_t instance_end() noexcept
{
    return object_offset<T>() + (empty_part<T>() ? 0 : sizeof(T));
}

template <typename T, typename Parent>
constexpr size_t part_offset() noexcept
{
    constexpr size_t align = alignof(T);
    return (instance_end<Parent>() + align - 1) / align * align;
}

/*
 * Hook detection. ObjectImpl declares every hook name as a NotAHook
 * constant; &T::name is its address exactly when T declares no member of
 * that name, whatever its access or overloads (name lookup happens before
 * access checks; a private or overloaded one makes &T::name ill-formed).
 * has_* say whether T's is public with the right signature; declares_*
 * without has_* is the compile error.
 */
#define QEMU_CXX_HOOK_CONCEPTS(name, ...)                                \
    template <typename T>                                                \
    concept declares_##name = !requires {                                \
        { &T::name } -> std::same_as<const NotAHook *>;                  \
    };                                                                   \
    template <typename T>                                                \
    concept has_##name = requires(T &t) { __VA_ARGS__; }

QEMU_CXX_HOOK_CONCEPTS(unparent, { t.unparent() } -> std::same_as<void>);
QEMU_CXX_HOOK_CONCEPTS(realize,
                       { t.realize() } -> std::same_as<Result<void>>);
QEMU_CXX_HOOK_CONCEPTS(unrealize, { t.unrealize() } -> std::same_as<void>);
QEMU_CXX_HOOK_CONCEPTS(reset_enter,
                       { t.reset_enter(RESET_TYPE_COLD) }
                           -> std::same_as<void>);
QEMU_CXX_HOOK_CONCEPTS(reset_hold, { t.reset_hold() } -> std::same_as<void>);
QEMU_CXX_HOOK_CONCEPTS(reset_exit, { t.reset_exit() } -> std::same_as<void>);
#undef QEMU_CXX_HOOK_CONCEPTS

template <typename T>
concept HasClassInit = requires(typename QomType<T>::class_type &k) {
    T::class_init(k);
};

/*
 * The qdev Property table and VMStateDescription of T, when T declares
 * them (static properties() and vmstate(): qemu-cxx/properties.hh,
 * qemu-cxx/vmstate.hh).
 */
template <typename T>
void device_class_extras(::DeviceClass *dc)
{
    if constexpr (HasProperties<T>) {
        device_class_set_props(dc, property_table<T>());
    }
    if constexpr (HasVmstate<T>) {
        dc->vmsd = vmstate_description<T>();
    }
}

/*
 * The C functions of class T. The parent's entries are saved by T's
 * class_init; subclasses copy T's class, so they reach T's trampolines,
 * which chain to what T's parent had.
 */
template <typename T>
struct QEMU_CXX_LOCAL Trampolines {
    static T &self(::Object *obj) noexcept
    {
        return *from_object<T>(obj);
    }

    static void construct(::Object *obj)
    {
        /* Default-initialisation: no zeroing over qdev's defaults. */
        if constexpr (!empty_part<T>()) {
            ::new (static_cast<void *>(from_object<T>(obj))) Instance<T>;
        }
    }

    static void instance_init(::Object *obj) noexcept
    {
        guard(obj, "instance_init", [&] {
            if constexpr (HasProperties<T>) {
                SavedProperties saved(obj, property_table<T>());
                construct(obj);
                saved.check(obj);
            } else {
                construct(obj);
            }
        });
    }

    /* No guard: a destructor is noexcept (QEMU_CXX_DEFINE_TYPE checks). */
    static void instance_finalize(::Object *obj) noexcept
    {
        if constexpr (!empty_part<T>()) {
            static_cast<Instance<T> *>(&self(obj))->~Instance<T>();
        }
    }

    static inline ObjectUnparent *parent_unparent;
    static void unparent(::Object *obj) noexcept
    {
        guard(obj, "unparent", [&] { self(obj).unparent(); });
        if (parent_unparent) {
            parent_unparent(obj);
        }
    }

    static inline DeviceRealize parent_realize;
    static void realize(::DeviceState *dev, ::Error **errp) noexcept
    {
        ::Object *obj = reinterpret_cast<::Object *>(dev);
        if (parent_realize) {
            ::Error *err = nullptr;
            parent_realize(dev, &err);
            if (err) {
                error_propagate(errp, err);
                return;
            }
        }
        /* A realize that throws fails the realize, as an Error would. */
        try {
            report(self(obj).realize(), errp);
        } catch (...) {
            exception_to_error(obj, "realize", errp);
        }
    }

    static inline DeviceUnrealize parent_unrealize;
    static void unrealize(::DeviceState *dev) noexcept
    {
        ::Object *obj = reinterpret_cast<::Object *>(dev);
        guard(obj, "unrealize", [&] { self(obj).unrealize(); });
        if (parent_unrealize) {
            parent_unrealize(dev);
        }
    }

    static inline ResettablePhases parent_phases;
    static void reset_enter(::Object *obj, ResetType type) noexcept
    {
        if (parent_phases.enter) {
            parent_phases.enter(obj, type);
        }
        guard(obj, "reset_enter", [&] { self(obj).reset_enter(type); });
    }
    static inline DeviceReset parent_legacy_reset;
    static void reset_hold(::Object *obj) noexcept
    {
        if (parent_legacy_reset) {
            parent_legacy_reset(reinterpret_cast<::DeviceState *>(obj));
        } else if (parent_phases.hold) {
            parent_phases.hold(obj);
        }
        if constexpr (has_reset_hold<T>) {
            guard(obj, "reset_hold", [&] { self(obj).reset_hold(); });
        }
    }
    static void reset_exit(::Object *obj) noexcept
    {
        if (parent_phases.exit) {
            parent_phases.exit(obj);
        }
        guard(obj, "reset_exit", [&] { self(obj).reset_exit(); });
    }

    static void class_init(ObjectClass *oc, void *) noexcept
    {
        if constexpr (has_unparent<T>) {
            parent_unparent = oc->unparent;
            oc->unparent = unparent;
        }
        if constexpr (IsA<T, DeviceState>) {
            device_class_init(reinterpret_cast<::DeviceClass *>(oc));
        }
        if constexpr (own_class_part<T>()) {
            using C = typename T::Class;
            static_assert(std::is_trivially_copyable_v<C> &&
                              std::is_trivially_destructible_v<C>,
                          "qemu: a class part (struct Class) must be "
                          "trivially copyable: QOM copies a class struct "
                          "into its subclasses' with memcpy");
            ::new (static_cast<void *>(&class_part<T>(oc))) C();
        }
        if constexpr (HasClassInit<T>) {
            using K = typename QomType<T>::class_type;
            guard(object_class_get_name(oc), "class_init",
                  [&] { T::class_init(*reinterpret_cast<K *>(oc)); });
        }
        class_init_parts<T>(oc);
    }

    /* T::class_init(A::Class &) for T and each ancestor A with a part. */
    template <typename A>
    static void class_init_parts(ObjectClass *oc) noexcept
    {
        if constexpr (CxxClass<A>) {
            if constexpr (own_class_part<A>()) {
                using C = typename A::Class;
                if constexpr (requires(C &k) { T::class_init(k); }) {
                    guard(object_class_get_name(oc), "class_init",
                          [&] { T::class_init(class_part<A>(oc)); });
                }
            }
            class_init_parts<typename A::parent_type>(oc);
        }
    }

    static void device_class_init(::DeviceClass *dc) noexcept
    {
        if constexpr (has_realize<T>) {
            parent_realize = dc->realize;
            dc->realize = realize;
        }
        if constexpr (has_unrealize<T>) {
            parent_unrealize = dc->unrealize;
            dc->unrealize = unrealize;
        }
        if constexpr (has_reset_enter<T> || has_reset_hold<T> ||
                      has_reset_exit<T>) {
            ResettableClass *rc = RESETTABLE_CLASS(dc);
            parent_phases = rc->phases;
            /*
             * A parent with a legacy dc->reset would make qdev skip the
             * phases: run that reset in the hold phase instead, and give
             * dc->reset back TYPE_DEVICE's phase-based one.
             */
            ::DeviceReset phased =
                DEVICE_CLASS(object_class_by_name(TYPE_DEVICE))->reset;
            if (dc->reset != phased) {
                parent_legacy_reset = dc->reset;
                dc->reset = phased;
            }
            if constexpr (has_reset_enter<T>) {
                rc->phases.enter = reset_enter;
            }
            if (has_reset_hold<T> || parent_legacy_reset) {
                rc->phases.hold = reset_hold;
            }
            if constexpr (has_reset_exit<T>) {
                rc->phases.exit = reset_exit;
            }
        }
        /* T::properties() and T::vmstate() are device code too. */
        guard(object_class_get_name(&dc->parent_class), "class_init",
              [&] { device_class_extras<T>(dc); });
    }
};

template <typename T>
consteval bool abstract_type()
{
    if constexpr (requires { T::abstract; }) {
        return T::abstract;
    } else {
        return false;
    }
}

} // namespace detail

/*
 * The QOM instance size of C++ class T: its parent's instance, then T's
 * part (none for an empty part). A constant, so that a device can pin it
 * (`static_assert(qemu::instance_size<PL011>() <= sizeof(PL011State))`).
 */
template <typename T>
constexpr size_t instance_size() noexcept
{
    return detail::instance_end<T>();
}

/* Register the QOM type of C++ class T (call from a type_init function). */
template <typename T>
QEMU_CXX_LOCAL void register_type()
{
    static const TypeInfo info = [] {
        using P = typename QomType<T>::parent;
        TypeInfo i = {};
        i.name = QomType<T>::name;
        i.parent = QomType<P>::name;
        i.instance_size = instance_size<T>();
        i.instance_align = alignof(T) > alignof(::Object) ? alignof(T)
                                                          : alignof(::Object);
        i.instance_init = detail::Trampolines<T>::instance_init;
        i.instance_finalize = detail::Trampolines<T>::instance_finalize;
        i.abstract = detail::abstract_type<T>();
        i.class_init = detail::Trampolines<T>::class_init;
        if constexpr (detail::has_class_part<T>()) {
            i.class_size = detail::class_end<T>();
        }
        return i;
    }();
    type_register_static(&info);
}

template <typename... T>
void register_types()
{
    (register_type<T>(), ...);
}

} // namespace qemu

/*
 * A hook name @Cxx uses must be a usable hook, never silently ignored:
 * the error names the class and the hook, at the user's
 * QEMU_CXX_DEFINE_TYPE.
 */
#define QEMU_CXX_CHECK_HOOK(Cxx, hook, decl)                              \
    static_assert(!::qemu::detail::declares_##hook<Cxx> ||               \
                  ::qemu::detail::has_##hook<Cxx>,                       \
                  #Cxx "::" #hook ": a QOM class's " #hook " hook must "  \
                  "be public and declared as " decl)

/*
 * Declare C++ class @Cxx as QOM type @TYPENAME, child of @Parent (a
 * wrapper of a C type, or another C++ class). Use at global scope, after
 * the class. The class struct is the parent's.
 */
#define QEMU_CXX_DEFINE_TYPE(Cxx, TYPENAME, Parent)                       \
    template <>                                                          \
    struct qemu::QomType<Cxx> {                                          \
        static constexpr const char *name = TYPENAME;                    \
        using parent = Parent;                                           \
        using class_type = ::qemu::QomType<Parent>::class_type;          \
        static constexpr bool is_interface = false;                      \
        static constexpr size_t object_offset =                          \
            ::qemu::detail::part_offset<Cxx, Parent>();                  \
    };                                                                   \
    static_assert(std::is_base_of_v<::qemu::ObjectImpl<Cxx, Parent>, Cxx>, \
                  #Cxx " must derive from qemu::ObjectImpl<" #Cxx ", "   \
                  #Parent ">");                                          \
    static_assert(std::is_empty_v<::qemu::ObjectImpl<Cxx, Parent>>,      \
                  "qemu::ObjectImpl must hold no data");                 \
    static_assert(!std::is_polymorphic_v<Cxx>,                           \
                  #Cxx ": QOM classes have no virtual functions");       \
    static_assert(!std::is_final_v<Cxx>,                                 \
                  #Cxx ": hook detection needs a non-final class");      \
    static_assert(!std::is_default_constructible_v<Cxx> &&               \
                  std::is_default_constructible_v<                       \
                      ::qemu::detail::Instance<Cxx>>,                    \
                  #Cxx ": declare its default constructor protected "    \
                  "(only QOM constructs a QOM object)");                 \
    static_assert(std::is_nothrow_destructible_v<Cxx>,                   \
                  #Cxx ": a QOM class's destructor must be noexcept");    \
    QEMU_CXX_CHECK_HOOK(Cxx, unparent, "void unparent()");               \
    QEMU_CXX_CHECK_HOOK(Cxx, realize, "qemu::Result<void> realize()");   \
    QEMU_CXX_CHECK_HOOK(Cxx, unrealize, "void unrealize()");             \
    QEMU_CXX_CHECK_HOOK(Cxx, reset_enter, "void reset_enter(ResetType)"); \
    QEMU_CXX_CHECK_HOOK(Cxx, reset_hold, "void reset_hold()");           \
    QEMU_CXX_CHECK_HOOK(Cxx, reset_exit, "void reset_exit()");           \
    QEMU_SHIM_MODULE_CXX_CLASSES();                                      \
    static_assert(sizeof(::qemu::detail::Instance<Cxx>) == sizeof(Cxx));  \
    static_assert(::qemu::QomType<Cxx>::object_offset >=                 \
                  ::qemu::detail::instance_end<Parent>(),                \
                  #Cxx " must not overlap its parent's instance")

/*
 * Register the listed C++ classes from the module's static constructors
 * (QEMU's type_init), parents before children.
 */
#define QEMU_CXX_TYPE_INIT(fn, ...)                                       \
    static void fn()                                                     \
    {                                                                    \
        ::qemu::register_types<__VA_ARGS__>();                           \
    }                                                                    \
    type_init(fn)

#endif /* QEMU_CXX_CLASS_HH */
