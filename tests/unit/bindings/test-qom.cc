/*
 * Unit tests of the QOM bindings (qemu-cxx/type.hh, ref.hh, object.hh):
 * reference counting read from Object::ref, the RFC's property_add_child
 * gotcha, casts (upcast cost, checked downcasts, interfaces, unchecked),
 * typed properties with Result, and the composition tree. Every test ends
 * with the shim's live-object count back where it started.
 */
#include "qemu-cxx/object.hh"

#include <new>
#include <stdexcept>
#include <string>

#include "bindings-test.h"

/* --- C types, as a C device would write them ---------------------------- */

#define TYPE_TEST_BASE "test-base"
#define TYPE_TEST_DERIVED "test-derived"
#define TYPE_TEST_OTHER "test-other"
#define TYPE_TEST_IFACE "test-iface"

typedef struct TestBaseClass {
    ObjectClass parent_class;
    int answer;
} TestBaseClass;

typedef struct TestBase {
    Object parent_obj;
    int value;
} TestBase;

typedef struct TestDerived {
    TestBase parent_obj;
    uint8_t small;
    int32_t signed32;
    bool flag;
    Object *link;
} TestDerived;

typedef struct TestOther {
    Object parent_obj;
} TestOther;

typedef struct TestIfaceClass {
    InterfaceClass parent_class;
} TestIfaceClass;

static void test_base_class_init(ObjectClass *oc, void *)
{
    reinterpret_cast<TestBaseClass *>(oc)->answer = 42;
}

static void test_base_init(Object *obj)
{
    reinterpret_cast<TestBase *>(obj)->value = 7;
}

static void test_derived_init(Object *obj)
{
    TestDerived *d = reinterpret_cast<TestDerived *>(obj);
    object_property_add_bool(obj, "flag",
        [](Object *o, Error **) {
            return reinterpret_cast<TestDerived *>(o)->flag;
        },
        [](Object *o, bool v, Error **) {
            reinterpret_cast<TestDerived *>(o)->flag = v;
        });
    object_property_add_uint8_ptr(obj, "small", &d->small,
                                  OBJ_PROP_FLAG_READWRITE);
    object_property_add_str(obj, "name",
        [](Object *, Error **) { return g_strdup("derived"); },
        [](Object *, const char *v, Error **errp) {
            if (!*v) {
                error_setg(errp, "empty name");
            }
        });
    object_property_add_link(obj, "link", TYPE_TEST_BASE, &d->link,
                             object_property_allow_set_link,
                             OBJ_PROP_LINK_STRONG);
}

static void register_test_types()
{
    static InterfaceInfo ifaces[] = { { TYPE_TEST_IFACE }, { nullptr } };
    TypeInfo info = {};

    info.name = TYPE_TEST_IFACE;
    info.parent = TYPE_INTERFACE;
    info.class_size = sizeof(TestIfaceClass);
    type_register(&info);

    info = {};
    info.name = TYPE_TEST_BASE;
    info.parent = TYPE_OBJECT;
    info.instance_size = sizeof(TestBase);
    info.instance_init = test_base_init;
    info.class_size = sizeof(TestBaseClass);
    info.class_init = test_base_class_init;
    type_register(&info);

    info = {};
    info.name = TYPE_TEST_DERIVED;
    info.parent = TYPE_TEST_BASE;
    info.instance_size = sizeof(TestDerived);
    info.instance_init = test_derived_init;
    info.interfaces = ifaces;
    type_register(&info);

    info = {};
    info.name = TYPE_TEST_OTHER;
    info.parent = TYPE_OBJECT;
    info.instance_size = sizeof(TestOther);
    type_register(&info);
}

/* --- ... declared to C++ once each -------------------------------------- */

namespace test {

class Base : public qemu::ObjectMethods<Base> {
    QEMU_CXX_WRAPPER(Base, ::TestBase);
};

class Derived : public qemu::ObjectMethods<Derived> {
    QEMU_CXX_WRAPPER(Derived, ::TestDerived);
};

class Other : public qemu::ObjectMethods<Other> {
    QEMU_CXX_WRAPPER(Other, ::TestOther);
};

class Iface {
    QEMU_CXX_INTERFACE_WRAPPER(Iface);
};

} // namespace test

QEMU_CXX_DECLARE_TYPE(test::Base, TYPE_TEST_BASE, qemu::Object, parent_obj,
                      ::TestBaseClass, parent_class);
QEMU_CXX_DECLARE_SIMPLE_TYPE(test::Derived, TYPE_TEST_DERIVED, test::Base,
                             parent_obj);
QEMU_CXX_DECLARE_SIMPLE_TYPE(test::Other, TYPE_TEST_OTHER, qemu::Object,
                             parent_obj);
QEMU_CXX_DECLARE_INTERFACE(test::Iface, TYPE_TEST_IFACE, ::TestIfaceClass);

/* The is-a relation, at compile time. */
static_assert(qemu::IsA<test::Derived, test::Base>);
static_assert(qemu::IsA<test::Derived, qemu::Object>);
static_assert(qemu::IsA<test::Base, test::Base>);
static_assert(!qemu::IsA<test::Base, test::Derived>);
static_assert(!qemu::IsA<test::Other, test::Base>);
static_assert(!qemu::IsA<test::Iface, qemu::Object>);
static_assert(std::is_convertible_v<test::Derived &, qemu::Object &>);
static_assert(std::is_convertible_v<test::Derived &, test::Base &>);
static_assert(!std::is_convertible_v<test::Base &, test::Derived &>);
static_assert(!std::is_convertible_v<test::Other &, test::Base &>);
/* Wrappers hold their C struct and nothing else. */
static_assert(sizeof(test::Derived) == sizeof(::TestDerived));
static_assert(std::is_standard_layout_v<test::Derived>);
static_assert(std::is_empty_v<qemu::ObjectMethods<test::Derived>>);
/* Ownership: a raw pointer or a plain reference is not a Ref. */
static_assert(!std::is_convertible_v<qemu::Object *, qemu::Ref<qemu::Object>>);
static_assert(!std::is_convertible_v<qemu::Object &, qemu::Ref<qemu::Object>>);
static_assert(!std::is_constructible_v<qemu::Ref<qemu::Object>,
                                       qemu::Object *>);
static_assert(std::is_nothrow_move_constructible_v<qemu::Ref<qemu::Object>>);
static_assert(std::is_convertible_v<qemu::Ref<test::Derived>,
                                    qemu::Ref<qemu::Object>>);
static_assert(!std::is_convertible_v<qemu::Ref<qemu::Object>,
                                     qemu::Ref<test::Derived>>);
/* No wrapper on the stack, no copies of QOM objects. */
static_assert(!std::is_default_constructible_v<qemu::Object>);
static_assert(!std::is_copy_constructible_v<test::Derived>);

template <typename T>
static uint32_t refcount(const qemu::Ref<T> &r)
{
    return qemu::object_ptr(*r)->ref;
}

static void setup()
{
    static bool registered;
    if (!registered) {
        register_test_types();
        registered = true;
    }
    bindings_test::setup();
}

static void teardown()
{
    bindings_test::check_no_leak();
}

/* --- Ref ----------------------------------------------------------------- */

START_TEST(test_create_and_unref)
{
    size_t live = qemu_shim_live_objects();
    {
        qemu::Ref<test::Derived> d = qemu::create<test::Derived>();
        ck_assert_uint_eq(refcount(d), 1);
        ck_assert_uint_eq(qemu_shim_live_objects(), live + 1);
        /* instance_init of the C parent ran. */
        ck_assert_int_eq(qemu::upcast<test::Base>(*d).as_ptr()->value, 7);
    }
    ck_assert_uint_eq(qemu_shim_live_objects(), live);
}
END_TEST

START_TEST(test_copy_move)
{
    qemu::Ref<test::Base> a = qemu::create<test::Base>();
    qemu::Ref<test::Base> b = a;
    ck_assert_uint_eq(refcount(a), 2);
    qemu::Ref<test::Base> c = std::move(b);
    ck_assert_uint_eq(refcount(a), 2);
    ck_assert(!b);
    ck_assert_ptr_eq(c.get(), a.get());

    /* Assignment: the old target is released, the new one taken. */
    qemu::Ref<test::Base> d = qemu::create<test::Base>();
    qemu::Ref<test::Base> d2 = d;
    ck_assert_uint_eq(refcount(d), 2);
    c = d;
    ck_assert_uint_eq(refcount(a), 1);
    ck_assert_uint_eq(refcount(d), 3);
    c = std::move(d2);
    ck_assert_uint_eq(refcount(d), 2);
    c = c;
    ck_assert_uint_eq(refcount(d), 2);
}
END_TEST

START_TEST(test_adopt_borrow_release)
{
    Object *raw = object_new(TYPE_TEST_BASE);
    {
        auto borrowed = qemu::Ref<test::Base>::borrow(
            test::Base::from_ptr(reinterpret_cast<TestBase *>(raw)));
        ck_assert_uint_eq(raw->ref, 2);
    }
    ck_assert_uint_eq(raw->ref, 1);

    auto adopted = qemu::Ref<qemu::Object>::adopt(qemu::Object::from_ptr(raw));
    ck_assert_uint_eq(raw->ref, 1);
    qemu::Ref<qemu::Object> again = adopted->ref();
    ck_assert_uint_eq(raw->ref, 2);

    /* release() hands the reference to the caller, e.g. to C. */
    qemu::Object *handed = again.release();
    ck_assert(!again);
    ck_assert_uint_eq(raw->ref, 2);
    object_unref(handed->as_ptr());
    ck_assert_uint_eq(raw->ref, 1);
}
END_TEST

START_TEST(test_upcast_ref)
{
    qemu::Ref<test::Derived> d = qemu::create<test::Derived>();
    qemu::Ref<qemu::Object> copy = d;
    ck_assert_uint_eq(refcount(d), 2);
    ck_assert_ptr_eq(static_cast<void *>(copy.get()), d.get());

    /* Moving up the hierarchy is free too. */
    qemu::Ref<test::Base> moved = std::move(d);
    ck_assert(!d);
    ck_assert_uint_eq(refcount(moved), 2);
}
END_TEST

START_TEST(test_property_add_child_one_reference)
{
    /* The RFC's example: object_property_add_child(obj, "foo",
     * object_new(TYPE_BLAH)) leaks; the C++ spelling does not. */
    qemu::Ref<test::Base> parent = qemu::create<test::Base>();
    ck_assert(parent->property_add_child("foo", qemu::create<test::Base>()));

    Object *child = object_resolve_path_component(qemu::object_ptr(*parent),
                                                  "foo");
    ck_assert_ptr_nonnull(child);
    ck_assert_uint_eq(child->ref, 1);
    ck_assert_ptr_eq(child->parent, qemu::object_ptr(*parent));

    /* A Ref we keep: two references, one ours. */
    qemu::Ref<test::Base> kept = qemu::create<test::Base>();
    ck_assert(parent->property_add_child("bar", kept));
    ck_assert_uint_eq(refcount(kept), 2);

    /* A duplicate name is an Error, and drops nothing extra. */
    auto dup = parent->property_add_child("bar", kept);
    ck_assert(!dup);
    ck_assert_uint_eq(refcount(kept), 2);

    /* Unparenting drops the parent's reference. */
    kept->unparent();
    ck_assert_uint_eq(refcount(kept), 1);
    ck_assert_ptr_null(kept->parent());
}
END_TEST

/* --- casts ---------------------------------------------------------------- */

START_TEST(test_upcast_is_free)
{
    qemu::Ref<test::Derived> d = qemu::create<test::Derived>();
    test::Base &b = qemu::upcast<test::Base>(*d);
    qemu::Object &o = *d;               /* implicit */
    const qemu::Object &co = b;
    /* The same address: no adjustment, no call. */
    ck_assert_ptr_eq(static_cast<void *>(&b), d.get());
    ck_assert_ptr_eq(static_cast<void *>(&o), d.get());
    ck_assert_ptr_eq(static_cast<const void *>(&co), d.get());
    ck_assert_ptr_eq(&d->upcast<qemu::Object>(), &o);
    static_assert(noexcept(qemu::upcast<qemu::Object>(*d)));
}
END_TEST

START_TEST(test_downcast)
{
    qemu::Ref<test::Derived> d = qemu::create<test::Derived>();
    qemu::Ref<test::Base> b = qemu::create<test::Base>();
    qemu::Object &od = *d;
    qemu::Object &ob = *b;

    ck_assert_ptr_eq(qemu::downcast<test::Derived>(od), d.get());
    ck_assert_ptr_eq(qemu::downcast<test::Base>(od),
                     &qemu::upcast<test::Base>(*d));
    ck_assert_ptr_null(qemu::downcast<test::Derived>(ob));
    ck_assert_ptr_null(qemu::downcast<test::Other>(od));
    ck_assert_ptr_eq(ob.downcast<test::Base>(), b.get());

    /* On Refs: an optional new reference. */
    qemu::Ref<qemu::Object> as_obj = d;
    std::optional<qemu::Ref<test::Derived>> back =
        qemu::downcast<test::Derived>(as_obj);
    ck_assert(back && back->get() == d.get());
    ck_assert_uint_eq(refcount(d), 3);
    ck_assert(!qemu::downcast<test::Other>(as_obj));
    ck_assert_uint_eq(refcount(d), 3);

    /* Consuming: the reference moves, no counting. */
    auto moved = qemu::downcast<test::Derived>(std::move(as_obj));
    ck_assert(moved && !as_obj);
    ck_assert_uint_eq(refcount(d), 3);
    qemu::Ref<qemu::Object> kept = b;
    ck_assert(!qemu::downcast<test::Derived>(std::move(kept)));
    ck_assert(kept);                    /* failure leaves it alone */
}
END_TEST

START_TEST(test_interface_cast)
{
    qemu::Ref<test::Derived> d = qemu::create<test::Derived>();
    qemu::Ref<test::Base> b = qemu::create<test::Base>();

    test::Iface *i = qemu::interface_cast<test::Iface>(*d);
    ck_assert_ptr_eq(static_cast<void *>(i), d.get());
    ck_assert_ptr_null(qemu::interface_cast<test::Iface>(*b));

    /* And back from the interface to the object. */
    ck_assert_ptr_eq(qemu::downcast<test::Derived>(*i), d.get());
    ck_assert_ptr_null(qemu::downcast<test::Other>(*i));
    ck_assert_ptr_eq(qemu::object_ptr(*i), qemu::object_ptr(*d));
}
END_TEST

START_TEST(test_unsafe_cast)
{
    qemu::Ref<test::Derived> d = qemu::create<test::Derived>();
    qemu::Object &o = *d;
    test::Derived &again = qemu::unsafe_cast<test::Derived>(o);
    ck_assert_ptr_eq(&again, d.get());
}
END_TEST

START_TEST(test_class_and_typename)
{
    qemu::Ref<test::Derived> d = qemu::create<test::Derived>();
    ck_assert(d->type_name() == TYPE_TEST_DERIVED);
    /* Methods of every superclass on the subclass handle. */
    qemu::Object &o = *d;
    ck_assert(o.type_name() == TYPE_TEST_DERIVED);
    TestBaseClass *klass = qemu::upcast<test::Base>(*d).get_class();
    ck_assert_int_eq(klass->answer, 42);
    static_assert(std::is_same_v<decltype(o.get_class()), ObjectClass *>);
}
END_TEST

/* --- properties ---------------------------------------------------------- */

START_TEST(test_properties)
{
    qemu::Ref<test::Derived> d = qemu::create<test::Derived>();

    ck_assert(d->has_property("flag"));
    ck_assert(!d->has_property("nope"));
    ck_assert(d->property_type("flag").value() == "bool");

    ck_assert(d->property_set("flag", true));
    ck_assert(d->as_ptr()->flag);
    ck_assert(d->property_get<bool>("flag").value());

    ck_assert(d->property_set("small", 200u));
    ck_assert_uint_eq(d->as_ptr()->small, 200);
    ck_assert_uint_eq(d->property_get<uint8_t>("small").value(), 200);
    ck_assert_int_eq(d->property_get<int>("small").value(), 200);
    /* Out of range for the requested type: an Error, not truncation. */
    auto narrow = d->property_get<int8_t>("small");
    ck_assert(!narrow);
    ck_assert(narrow.error().message().find("does not fit") !=
              std::string_view::npos);
    /* Out of range for the property: the shim's Error. */
    ck_assert(!d->property_set("small", 300));

    ck_assert(d->property_get<std::string>("name").value() == "derived");
    ck_assert(d->property_set("name", std::string("x")));
    ck_assert(d->property_set("name", std::string_view("y")));
    auto empty = d->property_set("name", "");
    ck_assert(!empty && empty.error().message() == "empty name");

    ck_assert(d->property_parse("flag", "off"));
    ck_assert(!d->as_ptr()->flag);
    ck_assert(!d->property_parse("flag", "maybe"));

    /* Wrong type and missing property: Errors. */
    ck_assert(!d->property_get<bool>("name"));
    auto missing = d->property_get<int>("missing");
    ck_assert(!missing);
    ck_assert(!missing.error().message().empty());
}
END_TEST

START_TEST(test_link_property)
{
    qemu::Ref<test::Derived> d = qemu::create<test::Derived>();
    qemu::Ref<test::Base> target = qemu::create<test::Base>();
    ck_assert(qemu::root().property_add_child("link-target", target));
    ck_assert(qemu::root().property_add_child("link-owner", d));

    ck_assert(!d->property_get<qemu::Ref<test::Base>>("link"));
    ck_assert(d->property_set("link", *target));
    auto got = d->property_get<qemu::Ref<test::Base>>("link");
    ck_assert(got && got->get() == target.get());
    ck_assert(!d->property_get<qemu::Ref<test::Derived>>("link"));

    /* A link to an object of the wrong type: the shim's Error. */
    qemu::Ref<test::Other> other = qemu::create<test::Other>();
    ck_assert(qemu::root().property_add_child("link-other", other));
    ck_assert(!d->property_set("link", *other));

    other->unparent();
    d->unparent();      /* drops the strong link too */
    target->unparent();
}
END_TEST

/* --- the composition tree ------------------------------------------------ */

START_TEST(test_tree)
{
    qemu::Ref<qemu::Object> top =
        qemu::create<qemu::Object>(TYPE_CONTAINER).value();
    ck_assert(!top->path());
    ck_assert(qemu::root().property_add_child("bindings-top", top));
    ck_assert(top->path() == "/bindings-top");
    ck_assert(top->path_component() == "bindings-top");
    ck_assert_ptr_eq(top->parent(), &qemu::root());

    ck_assert(top->property_add_child("a", qemu::create<test::Base>()));
    ck_assert(top->property_add_child("b", qemu::create<test::Derived>()));

    auto a = top->resolve("a");
    ck_assert(a && (*a)->type_name() == TYPE_TEST_BASE);
    ck_assert(!top->resolve("zzz"));
    auto b = qemu::resolve_path<test::Derived>("/bindings-top/b");
    ck_assert(b && (*b)->path() == "/bindings-top/b");
    ck_assert(!qemu::resolve_path<test::Derived>("/bindings-top/a"));

    std::vector<std::string> names;
    for (auto &child : top->children()) {
        names.push_back(std::string(*child->path_component()));
    }
    std::sort(names.begin(), names.end());
    ck_assert(names == (std::vector<std::string>{ "a", "b" }));

    a.reset();
    b.reset();
    top->unparent();
    ck_assert_uint_eq(refcount(top), 1);
}
END_TEST

START_TEST(test_create_by_name)
{
    auto c = qemu::create<qemu::Object>(TYPE_CONTAINER);
    ck_assert(c && (*c)->type_name() == TYPE_CONTAINER);
    ck_assert_uint_eq(refcount(*c), 1);

    auto d = qemu::create<test::Base>(TYPE_TEST_DERIVED);
    ck_assert(d && (*d)->downcast<test::Derived>());

    /* Bad names are Errors, not aborts. */
    auto unknown = qemu::create<qemu::Object>("no-such-type");
    ck_assert(!unknown && unknown.error().message() ==
              "unknown type 'no-such-type'");
    auto abstract = qemu::create<qemu::Object>(TYPE_OBJECT);
    ck_assert(!abstract && abstract.error().message() ==
              "type 'object' is abstract");
    auto wrong = qemu::create<test::Base>(TYPE_TEST_OTHER);
    ck_assert(!wrong && wrong.error().message() ==
              "type 'test-other' is not a test-base");
}
END_TEST

/*
 * Section 3's layout rule, at -O2 (this file is built with it): QOM has
 * already initialised the parent part when instance_init runs, so only the
 * C++-owned part may be constructed. A constructor of the whole object
 * would let GCC's lifetime DSE drop the parent's stores; constructing the
 * member alone keeps them. Issue 7's class definitions rely on this.
 */
struct CxxPart {
    std::string name = "constructed";
    int counter = 3;
};

struct TestCxx {
    TestBase parent_obj;
    CxxPart part;
};

static int cxx_finalized;

static void test_cxx_init(Object *obj)
{
    new (&reinterpret_cast<TestCxx *>(obj)->part) CxxPart();
}

static void test_cxx_finalize(Object *obj)
{
    reinterpret_cast<TestCxx *>(obj)->part.~CxxPart();
    cxx_finalized++;
}

START_TEST(test_cxx_part_keeps_parent_fields)
{
    TypeInfo info = {};
    info.name = "test-cxx";
    info.parent = TYPE_TEST_BASE;
    info.instance_size = sizeof(TestCxx);
    info.instance_align = alignof(TestCxx);
    info.instance_init = test_cxx_init;
    info.instance_finalize = test_cxx_finalize;
    type_register(&info);

    Object *obj = object_new("test-cxx");
    TestCxx *t = reinterpret_cast<TestCxx *>(obj);
    ck_assert_int_eq(t->parent_obj.value, 7);       /* the parent's init */
    ck_assert_ptr_nonnull(obj->klass);              /* QOM's own fields */
    ck_assert_uint_eq(obj->ref, 1);
    ck_assert(t->part.name == "constructed");
    ck_assert_int_eq(t->part.counter, 3);
    object_unref(obj);
    ck_assert_int_eq(cxx_finalized, 1);
}
END_TEST

START_TEST(test_exception_safety)
{
    /* A Ref unwinding through C++ code releases its reference. */
    size_t live = qemu_shim_live_objects();
    try {
        qemu::Ref<test::Base> b = qemu::create<test::Base>();
        throw std::runtime_error("unwind");
    } catch (const std::runtime_error &) {
    }
    ck_assert_uint_eq(qemu_shim_live_objects(), live);
}
END_TEST

int main()
{
    Suite *s = suite_create("bindings-qom");
    TCase *tc = tcase_create("qom");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_create_and_unref);
    tcase_add_test(tc, test_copy_move);
    tcase_add_test(tc, test_adopt_borrow_release);
    tcase_add_test(tc, test_upcast_ref);
    tcase_add_test(tc, test_property_add_child_one_reference);
    tcase_add_test(tc, test_upcast_is_free);
    tcase_add_test(tc, test_downcast);
    tcase_add_test(tc, test_interface_cast);
    tcase_add_test(tc, test_unsafe_cast);
    tcase_add_test(tc, test_class_and_typename);
    tcase_add_test(tc, test_properties);
    tcase_add_test(tc, test_link_property);
    tcase_add_test(tc, test_tree);
    tcase_add_test(tc, test_create_by_name);
    tcase_add_test(tc, test_cxx_part_keeps_parent_fields);
    tcase_add_test(tc, test_exception_safety);
    suite_add_tcase(s, tc);
    return bindings_test::run(s);
}
