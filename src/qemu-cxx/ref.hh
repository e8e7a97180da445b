/*
 * qemu-cxx/ref.hh - qemu::Ref<T>, an owning reference to a QOM object.
 *
 * RFC patch 6 (Owned<T>). Copying a Ref is object_ref(), destroying it is
 * object_unref(), moving it costs nothing. A raw pointer becomes a Ref
 * only by saying how: Ref<T>::adopt(p) takes over the reference the caller
 * holds (object_new()'s), Ref<T>::borrow(p) takes a new one. Non-owning
 * references are plain T & / T *, so "forgot to take a reference" does
 * not compile. A moved-from Ref is empty, and only assignment or
 * destruction may touch it. Unlike Rust's Owned<T>, copies are implicit
 * (a copy constructor is the idiomatic C++ spelling of clone()), and
 * moves need no unsafe code: the moved-from Ref is simply empty.
 *
 * The RFC's gotcha: property_add_child("foo", Blah::create()) takes the
 * child's Ref by value; the parent takes its own reference and the
 * temporary drops the creation reference, so exactly one is left.
 *
 * Example (compiled and run as a test): src/examples/ref.cc
 */
#ifndef QEMU_CXX_REF_HH
#define QEMU_CXX_REF_HH

#include "qemu/osdep.h"
#include "qom/object.h"

#include <optional>
#include <source_location>
#include <utility>

#include "qemu-cxx/error.hh"
#include "qemu-cxx/type.hh"

namespace qemu {

template <typename T>
class Ref {
public:
    static_assert(QomObject<T> || QomInterface<T>, "Ref<T>: T must be a "
                  "wrapper declared with QEMU_CXX_DECLARE_TYPE");

    /* Take over the reference the caller owns (e.g. from object_new). */
    [[nodiscard]] static Ref adopt(T *obj) noexcept
    {
        g_assert(obj);
        return Ref(obj);
    }

    /* Take a new reference to an object the caller only borrows. */
    [[nodiscard]] static Ref borrow(T *obj) noexcept
    {
        g_assert(obj);
        object_ref(object_ptr(*obj));
        return Ref(obj);
    }

    [[nodiscard]] static Ref borrow(T &obj) noexcept
    {
        return borrow(&obj);
    }

    Ref(const Ref &other) noexcept : obj_(other.obj_)
    {
        if (obj_) {
            object_ref(object_ptr(*obj_));
        }
    }

    Ref(Ref &&other) noexcept : obj_(std::exchange(other.obj_, nullptr))
    {
    }

    /* Upcasts: implicit, and a move is still free. */
    template <typename U>
        requires IsA<U, T> && (!std::is_same_v<U, T>)
    Ref(const Ref<U> &other) noexcept
        : Ref(other ? borrow(&upcast<T>(*other)) : Ref(nullptr))
    {
    }

    template <typename U>
        requires IsA<U, T> && (!std::is_same_v<U, T>)
    Ref(Ref<U> &&other) noexcept
        : obj_(other ? &upcast<T>(*other.release()) : nullptr)
    {
    }

    Ref &operator=(Ref other) noexcept
    {
        std::swap(obj_, other.obj_);
        return *this;
    }

    ~Ref()
    {
        if (obj_) {
            object_unref(object_ptr(*obj_));
        }
    }

    T *get() const noexcept
    {
        return obj_;
    }

    T *operator->() const noexcept
    {
        g_assert(obj_);
        return obj_;
    }

    T &operator*() const noexcept
    {
        g_assert(obj_);
        return *obj_;
    }

    /* False only for a moved-from Ref. */
    explicit operator bool() const noexcept
    {
        return obj_ != nullptr;
    }

    /*
     * Hand the reference to C (e.g. to qdev_realize_and_unref()); the Ref
     * becomes empty.
     */
    [[nodiscard]] T *release() noexcept
    {
        return std::exchange(obj_, nullptr);
    }

private:
    explicit Ref(T *obj) noexcept : obj_(obj)
    {
    }

    template <typename U>
    friend class Ref;

    T *obj_;
};

/* Checked downcast of an owning reference: a new Ref, or nothing. */
template <typename To, typename From>
std::optional<Ref<To>> downcast(const Ref<From> &ref) noexcept
{
    To *to = downcast<To>(*ref);
    return to ? std::optional<Ref<To>>(Ref<To>::borrow(to)) : std::nullopt;
}

/* The same, consuming @ref: no reference counting on success. */
template <typename To, typename From>
std::optional<Ref<To>> downcast(Ref<From> &&ref) noexcept
{
    To *to = downcast<To>(*ref);
    if (!to) {
        return std::nullopt;
    }
    (void)ref.release();
    return Ref<To>::adopt(to);
}

/*
 * A new object of type T: one reference, owned by the result. T must not
 * be abstract (QOM aborts, naming the type, as object_new() does).
 */
template <typename T>
    requires QomObject<T>
[[nodiscard]] Ref<T> create()
{
    return Ref<T>::adopt(from_object<T>(object_new(QomType<T>::name)));
}

/*
 * A new object of the type named @type_name, which must be a concrete T
 * (or a subtype): an Error otherwise, never an abort.
 */
template <typename T>
    requires QomObject<T>
[[nodiscard]] Result<Ref<T>> create(const char *type_name)
{
    auto here = std::source_location::current();
    ObjectClass *klass = object_class_by_name(type_name);
    if (!klass) {
        return detail::failure_printf(here, "unknown type '%s'", type_name);
    }
    if (object_class_is_abstract(klass)) {
        return detail::failure_printf(here, "type '%s' is abstract",
                                      type_name);
    }
    if (!object_class_dynamic_cast(klass, QomType<T>::name)) {
        return detail::failure_printf(here, "type '%s' is not a %s",
                                      type_name, QomType<T>::name);
    }
    return Ref<T>::adopt(from_object<T>(object_new(type_name)));
}

} // namespace qemu

#endif /* QEMU_CXX_REF_HH */
