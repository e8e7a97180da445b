// Example for qemu-cxx/object.hh: properties, the composition tree and paths.
#include "qemu-cxx/object.hh"

int main()
{
    module_call_init(MODULE_INIT_QOM);
    auto box = qemu::create<qemu::Object>(TYPE_CONTAINER).value();
    g_assert(box->type_name() == TYPE_CONTAINER);

    // A C property, used from C++ with typed, fallible accessors.
    static uint32_t answer = 42;
    object_property_add_uint32_ptr(box->as_ptr(), "answer", &answer,
                                   OBJ_PROP_FLAG_READ);
    g_assert(box->property_get<uint32_t>("answer").value() == 42);
    g_assert(!box->property_get<uint8_t>("missing"));
    g_assert(!box->property_set("answer", 1));          // read-only

    // Into the tree, and back out by path.
    g_assert(qemu::root().property_add_child("example-box", box));
    g_assert(box->path() == "/example-box");
    g_assert(qemu::resolve_path("/example-box")->get() == box.get());
    box->unparent();
    g_assert(!box->path());
    return 0;
}
