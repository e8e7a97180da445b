// Example for qemu-cxx/ref.hh: owning references, and the RFC's
// property_add_child() gotcha done right.
#include "qemu-cxx/object.hh"

// Containers are the simplest concrete QOM type.
static qemu::Ref<qemu::Object> new_container()
{
    return qemu::create<qemu::Object>(TYPE_CONTAINER).value();
}

int main()
{
    module_call_init(MODULE_INIT_QOM);
    qemu::Ref<qemu::Object> parent = new_container();

    // create() returns the only reference; the parent takes its own and
    // the temporary Ref drops the creation reference.
    g_assert(parent->property_add_child("foo", new_container()));
    auto child = parent->resolve("foo");
    g_assert(child && (*child)->as_ptr()->ref == 2);    // parent + `child`

    // Copies count, moves do not.
    qemu::Ref<qemu::Object> copy = *child;
    g_assert(copy->as_ptr()->ref == 3);
    qemu::Ref<qemu::Object> moved = std::move(copy);
    g_assert(moved->as_ptr()->ref == 3);

    // From a raw pointer, say which: adopt() or borrow().
    Object *raw = object_new(TYPE_CONTAINER);
    qemu::Ref<qemu::Object> adopted =
        qemu::Ref<qemu::Object>::adopt(qemu::Object::from_ptr(raw));
    g_assert(raw->ref == 1);
    return 0;
}
