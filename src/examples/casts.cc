// Example for qemu-cxx/type.hh: declaring C QOM types to C++ once, then
// casting between them.
#include "qemu-cxx/object.hh"

// Two C types, as a C device would define them.
typedef struct Animal {
    Object parent_obj;
    int legs;
} Animal;

typedef struct Dog {
    Animal parent_obj;
    bool good;
} Dog;

static void register_example_types()
{
    TypeInfo animal = {};
    animal.name = "example-animal";
    animal.parent = TYPE_OBJECT;
    animal.instance_size = sizeof(Animal);
    type_register(&animal);

    TypeInfo dog = {};
    dog.name = "example-dog";
    dog.parent = "example-animal";
    dog.instance_size = sizeof(Dog);
    type_register(&dog);
}

// Their C++ wrappers: each holds exactly its C struct ...
namespace example {
class Animal : public qemu::ObjectMethods<Animal> {
    QEMU_CXX_WRAPPER(Animal, ::Animal);
};
class Dog : public qemu::ObjectMethods<Dog> {
    QEMU_CXX_WRAPPER(Dog, ::Dog);
};
} // namespace example

// ... and the is-a relation is declared once per type.
QEMU_CXX_DECLARE_SIMPLE_TYPE(example::Animal, "example-animal",
                             qemu::Object, parent_obj);
QEMU_CXX_DECLARE_SIMPLE_TYPE(example::Dog, "example-dog",
                             example::Animal, parent_obj);

int main()
{
    module_call_init(MODULE_INIT_QOM);
    register_example_types();

    qemu::Ref<example::Dog> dog = qemu::create<example::Dog>();

    // Upcasts are implicit and free: the same address.
    qemu::Object &obj = *dog;
    example::Animal &animal = qemu::upcast<example::Animal>(*dog);
    g_assert(static_cast<void *>(&obj) == dog.get());
    g_assert(animal.as_ptr()->legs == 0);

    // Downcasts are checked at run time.
    g_assert(qemu::downcast<example::Dog>(obj) == dog.get());
    qemu::Ref<example::Animal> plain = qemu::create<example::Animal>();
    g_assert(qemu::downcast<example::Dog>(*plain) == nullptr);

    // qemu::downcast<example::Dog>(some_clock) would not compile: a Clock
    // can never be a Dog.
    return 0;
}
