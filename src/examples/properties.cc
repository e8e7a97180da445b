// Example for qemu-cxx/properties.hh: a device's qdev properties declared next
// to its fields, the generated table installed by class_init and used
// the way -device and qom-set use it.
#include "qemu-cxx/properties.hh"
#include "qemu-cxx/device.hh"

#include "qemu/units.h"

// The state of a bus-less device, laid out as in C.
struct Widget {
    DeviceState parent_obj;
    struct {
        bool fast;
        uint32_t depth;
    } conf;
    uint64_t size;
    char *label;

    static qemu::Properties<Widget> properties()
    {
        return {
            QEMU_PROP("fast", conf.fast, true),
            QEMU_PROP("depth", conf.depth, 16),
            QEMU_PROP_SIZE("size", size, 4 * KiB),
            QEMU_PROP("label", label),
        };
    }
};

static void widget_class_init(ObjectClass *oc, void *)
{
    device_class_set_props(DEVICE_CLASS(oc), qemu::property_table<Widget>());
}

int main()
{
    module_call_init(MODULE_INIT_QOM);
    TypeInfo info = {};
    info.name = "widget";
    info.parent = TYPE_DEVICE;
    info.instance_size = sizeof(Widget);
    info.class_init = widget_class_init;
    type_register(&info);

    auto dev = qemu::create<qemu::DeviceState>("widget").value();
    Widget *w = reinterpret_cast<Widget *>(dev->as_ptr());
    g_assert(w->conf.fast && w->conf.depth == 16 && w->size == 4096);

    g_assert(dev->property_set("depth", uint32_t(64)));
    Object *obj = qemu::object_ptr(*dev);
    Error *err = nullptr;
    object_property_parse(obj, "size", "1M", &error_abort);
    object_property_parse(obj, "label", "front", &error_abort);
    g_assert(w->conf.depth == 64 && w->size == MiB);
    g_assert(!strcmp(w->label, "front"));

    // Bad strings get QEMU's messages.
    g_assert(!object_property_parse(obj, "fast", "maybe", &err));
    printf("%s\n", error_get_pretty(err));
    error_free(err);
    return 0;
}
