/*
 * QOM types and objects: registration (and its errors), class creation
 * order and inheritance, instance lifecycle order, abstract types,
 * interfaces, checked casts, reference counting.
 */
#include "qemu/osdep.h"
#include <signal.h>
#include <sys/wait.h>
#include <check.h>
#include "qapi/error.h"
#include "qom/object.h"

/* --- Test types -------------------------------------------------------- */

#define TYPE_ANIMAL "animal"
#define TYPE_DOG "dog"
#define TYPE_PUPPY "puppy"
#define TYPE_PET "pet"
#define TYPE_LOUD_PET "loud-pet"
#define TYPE_CAT "cat"

typedef struct Animal {
    Object parent_obj;
    int legs;
} Animal;

typedef struct AnimalClass {
    ObjectClass parent_class;
    int sound;
    int base_inits;     /* incremented by animal's class_base_init */
    const char *class_data;
} AnimalClass;

typedef struct Dog {
    Animal parent_obj;
    int bones;
} Dog;

typedef struct DogClass {
    AnimalClass parent_class;
    int tricks;
} DogClass;

typedef struct PetInterface PetInterface;
typedef struct PetClass {
    InterfaceClass parent_class;
    int (*cuddle)(Object *obj);
} PetClass;

DECLARE_INSTANCE_CHECKER(Animal, ANIMAL, TYPE_ANIMAL)
DECLARE_CLASS_CHECKERS(AnimalClass, ANIMAL, TYPE_ANIMAL)
DECLARE_OBJ_CHECKERS(Dog, DogClass, DOG, TYPE_DOG)
DECLARE_CLASS_CHECKERS(PetClass, PET, TYPE_PET)
#define PET(obj) INTERFACE_CHECK(PetInterface, (obj), TYPE_PET)

/* Every lifecycle hook appends a word here, to check their order. */
static GString *trace;

static void log_event(const char *event)
{
    if (!trace) {
        trace = g_string_new(NULL);
    }
    g_string_append_printf(trace, "%s%s", trace->len ? " " : "", event);
}

static void animal_class_init(ObjectClass *oc, void *data)
{
    AnimalClass *ac = ANIMAL_CLASS(oc);

    log_event("animal_class_init");
    ac->sound = 1;
    ac->class_data = data;
}

static void animal_class_base_init(ObjectClass *oc, void *data)
{
    AnimalClass *ac = ANIMAL_CLASS(oc);

    log_event("animal_class_base_init");
    ac->base_inits++;
    ac->class_data = data;
}

static void animal_init(Object *obj)
{
    log_event("animal_init");
    ANIMAL(obj)->legs = 4;
}

static void animal_post_init(Object *obj)
{
    (void)obj;
    log_event("animal_post_init");
}

static void animal_finalize(Object *obj)
{
    (void)obj;
    log_event("animal_finalize");
}

static void dog_class_init(ObjectClass *oc, void *data)
{
    (void)data;
    log_event("dog_class_init");
    DOG_CLASS(oc)->tricks = 3;
}

static void dog_init(Object *obj)
{
    Dog *dog = DOG(obj);

    log_event("dog_init");
    /* The parent's instance_init has run already. */
    dog->bones = ANIMAL(obj)->legs * 10;
}

static void dog_post_init(Object *obj)
{
    (void)obj;
    log_event("dog_post_init");
}

static void dog_finalize(Object *obj)
{
    (void)obj;
    log_event("dog_finalize");
}

static void puppy_class_init(ObjectClass *oc, void *data)
{
    (void)data;
    log_event("puppy_class_init");
    ANIMAL_CLASS(oc)->sound = 7;
}

static int dog_cuddle(Object *obj)
{
    return DOG(obj)->bones;
}

static void pet_dog_class_init(ObjectClass *oc, void *data)
{
    PetClass *pc = PET_CLASS(oc);

    dog_class_init(oc, data);
    pc->cuddle = dog_cuddle;
}

static const char puppy_data[] = "puppy data";
static InterfaceInfo pet_interfaces[] = { { TYPE_PET }, { NULL } };
static InterfaceInfo loud_pet_interfaces[] = { { TYPE_LOUD_PET }, { NULL } };

static const TypeInfo test_types[] = {
    {
        .name = TYPE_ANIMAL,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Animal),
        .instance_init = animal_init,
        .instance_post_init = animal_post_init,
        .instance_finalize = animal_finalize,
        .abstract = true,
        .class_size = sizeof(AnimalClass),
        .class_init = animal_class_init,
        .class_base_init = animal_class_base_init,
    }, {
        .name = TYPE_PET,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(PetClass),
    }, {
        .name = TYPE_LOUD_PET,
        .parent = TYPE_PET,
        .class_size = sizeof(PetClass),
    }, {
        .name = TYPE_DOG,
        .parent = TYPE_ANIMAL,
        .instance_size = sizeof(Dog),
        .instance_init = dog_init,
        .instance_post_init = dog_post_init,
        .instance_finalize = dog_finalize,
        .class_size = sizeof(DogClass),
        .class_init = pet_dog_class_init,
        .interfaces = pet_interfaces,
    }, {
        .name = TYPE_PUPPY,
        .parent = TYPE_DOG,
        .class_init = puppy_class_init,
        .class_data = (void *)puppy_data,
    }, {
        .name = TYPE_CAT,
        .parent = TYPE_ANIMAL,
        .interfaces = loud_pet_interfaces,
    },
};

/* Types defined and registered the QEMU way, by a module constructor. */
#define TYPE_BIRD "bird"
OBJECT_DECLARE_TYPE(Bird, BirdClass, BIRD)

struct Bird {
    Object parent_obj;
    int wings;
};

struct BirdClass {
    ObjectClass parent_class;
    bool flies;
};

#define TYPE_BIG_BIRD "big-bird"
OBJECT_DECLARE_SIMPLE_TYPE(BigBird, BIG_BIRD)

struct BigBird {
    Bird parent_obj;
    char feathers[64] QEMU_ALIGNED(256);
};

OBJECT_DEFINE_TYPE(Bird, bird, BIRD, OBJECT)

static void bird_init(Object *obj)
{
    BIRD(obj)->wings = 2;
}

static void bird_finalize(Object *obj)
{
    (void)obj;
}

static void bird_class_init(ObjectClass *oc, void *data)
{
    (void)data;
    BIRD_CLASS(oc)->flies = true;
}

static const TypeInfo big_bird_types[] = {
    {
        .name = TYPE_BIG_BIRD,
        .parent = TYPE_BIRD,
        .instance_size = sizeof(BigBird),
        .instance_align = __alignof__(BigBird),
    },
};

DEFINE_TYPES(big_bird_types)

static size_t live_at_start;

static void setup(void)
{
    live_at_start = qemu_shim_live_objects();
    if (trace) {
        g_string_truncate(trace, 0);
    }
}

static void teardown(void)
{
    ck_assert_uint_eq(qemu_shim_live_objects(), live_at_start);
}

/* --- Classes ------------------------------------------------------------ */

START_TEST(test_class_init_order)
{
    ObjectClass *oc = object_class_by_name(TYPE_PUPPY);

    ck_assert_ptr_nonnull(oc);
    /*
     * Parents first; each ancestor's class_base_init runs for each
     * subclass (dog, then puppy) before the subclass's class_init.
     */
    ck_assert_str_eq(trace->str,
                     "animal_class_init "
                     "animal_class_base_init dog_class_init "
                     "animal_class_base_init puppy_class_init");
}
END_TEST

START_TEST(test_class_inheritance)
{
    AnimalClass *animal = ANIMAL_CLASS(object_class_by_name(TYPE_ANIMAL));
    DogClass *dog = DOG_CLASS(object_class_by_name(TYPE_DOG));
    AnimalClass *puppy = ANIMAL_CLASS(object_class_by_name(TYPE_PUPPY));

    ck_assert_int_eq(animal->sound, 1);
    ck_assert_int_eq(animal->base_inits, 0);
    /* The dog class starts as a copy of the animal class... */
    ck_assert_int_eq(dog->parent_class.sound, 1);
    ck_assert_int_eq(dog->parent_class.base_inits, 1);
    ck_assert_int_eq(dog->tricks, 3);
    /* ...and puppy as a copy of dog, which it then changes. */
    ck_assert_int_eq(puppy->sound, 7);
    ck_assert_int_eq(puppy->base_inits, 2);
    ck_assert_int_eq(DOG_CLASS(puppy)->tricks, 3);
    ck_assert_ptr_eq(puppy->class_data, puppy_data);
    /* Changing the child never touches the parent. */
    ck_assert_int_eq(dog->parent_class.sound, 1);

    ck_assert_str_eq(object_class_get_name(OBJECT_CLASS(puppy)), TYPE_PUPPY);
    ck_assert_ptr_eq(object_class_get_parent(OBJECT_CLASS(puppy)),
                     OBJECT_CLASS(dog));
    ck_assert(object_class_is_abstract(OBJECT_CLASS(animal)));
    ck_assert(!object_class_is_abstract(OBJECT_CLASS(dog)));
    ck_assert_ptr_null(object_class_by_name("no-such-type"));
    ck_assert_uint_eq(object_type_get_instance_size(TYPE_PUPPY), sizeof(Dog));
}
END_TEST

static void count_class(ObjectClass *oc, void *opaque)
{
    (void)oc;
    (*(int *)opaque)++;
}

START_TEST(test_class_list)
{
    GSList *list = object_class_get_list(TYPE_ANIMAL, false);
    GSList *sorted = object_class_get_list_sorted(TYPE_ANIMAL, true);
    int n = 0;

    /* dog, puppy, cat; animal itself is abstract. */
    ck_assert_int_eq(g_slist_length(list), 3);
    ck_assert_int_eq(g_slist_length(sorted), 4);
    ck_assert_str_eq(object_class_get_name(sorted->data), TYPE_ANIMAL);
    ck_assert_str_eq(object_class_get_name(sorted->next->data), TYPE_CAT);
    g_slist_free(list);
    g_slist_free(sorted);

    object_class_foreach(count_class, TYPE_PET, false, &n);
    ck_assert_int_eq(n, 3);
}
END_TEST

/* --- Instances ---------------------------------------------------------- */

START_TEST(test_instance_lifecycle_order)
{
    Object *obj = object_new(TYPE_DOG);

    ck_assert_int_eq(DOG(obj)->bones, 40);
    ck_assert_str_eq(object_get_typename(obj), TYPE_DOG);
    g_string_truncate(trace, 0);
    object_unref(obj);
    ck_assert_str_eq(trace->str, "dog_finalize animal_finalize");
}
END_TEST

START_TEST(test_instance_init_order)
{
    Object *obj;

    object_class_by_name(TYPE_DOG);
    g_string_truncate(trace, 0);
    obj = object_new(TYPE_DOG);
    /* instance_init parent first; post_init after all inits, child first. */
    ck_assert_str_eq(trace->str,
                     "animal_init dog_init dog_post_init animal_post_init");
    object_unref(obj);
}
END_TEST

START_TEST(test_refcount_finalize_once)
{
    Object *obj = object_new(TYPE_DOG);

    ck_assert_uint_eq(qemu_shim_live_objects(), live_at_start + 1);
    ck_assert_ptr_eq(object_ref(obj), obj);
    ck_assert_uint_eq(obj->ref, 2);
    object_unref(obj);
    ck_assert_ptr_null(strstr(trace->str, "finalize"));
    object_unref(obj);
    ck_assert_str_eq(strstr(trace->str, "dog_finalize"),
                     "dog_finalize animal_finalize");
    object_unref(NULL);
    ck_assert_ptr_null(object_ref(NULL));
}
END_TEST

START_TEST(test_object_initialize_embedded)
{
    Dog dog;

    object_initialize(&dog, sizeof(dog), TYPE_DOG);
    ck_assert_uint_eq(qemu_shim_live_objects(), live_at_start + 1);
    ck_assert_ptr_null(OBJECT(&dog)->free);
    ck_assert_int_eq(dog.bones, 40);
    object_unref(&dog);
}
END_TEST

START_TEST(test_autoptr)
{
    {
        g_autoptr(Object) obj = object_new(TYPE_DOG);

        ck_assert_uint_eq(qemu_shim_live_objects(), live_at_start + 1);
    }
    ck_assert_uint_eq(qemu_shim_live_objects(), live_at_start);
}
END_TEST

START_TEST(test_abstract_refused)
{
    object_new(TYPE_ANIMAL);
}
END_TEST

START_TEST(test_unknown_type_refused)
{
    object_new("no-such-type");
}
END_TEST

START_TEST(test_initialize_too_small)
{
    Animal animal;

    object_initialize(&animal, sizeof(animal), TYPE_DOG);
}
END_TEST

START_TEST(test_unref_too_often)
{
    Object *obj = object_new(TYPE_DOG);

    object_ref(obj);
    obj->ref = 0;
    object_unref(obj);
}
END_TEST

/* --- Casts and interfaces ---------------------------------------------- */

START_TEST(test_casts)
{
    Object *obj = object_new(TYPE_PUPPY);

    ck_assert_ptr_eq(object_dynamic_cast(obj, TYPE_OBJECT), obj);
    ck_assert_ptr_eq(object_dynamic_cast(obj, TYPE_ANIMAL), obj);
    ck_assert_ptr_eq(object_dynamic_cast(obj, TYPE_DOG), obj);
    ck_assert_ptr_null(object_dynamic_cast(obj, TYPE_CAT));
    ck_assert_ptr_null(object_dynamic_cast(obj, "no-such-type"));
    ck_assert_ptr_null(object_dynamic_cast(NULL, TYPE_DOG));
    ck_assert_ptr_eq(DOG(obj), (Dog *)obj);
    ck_assert_ptr_eq(ANIMAL(obj), (Animal *)obj);
    ck_assert_ptr_null(DOG(NULL));
    ck_assert_ptr_eq(DOG_GET_CLASS(obj), object_class_by_name(TYPE_PUPPY));
    ck_assert_ptr_eq(OBJECT_CHECK(Dog, obj, TYPE_PUPPY), (Dog *)obj);
    ck_assert_ptr_null(object_class_dynamic_cast(
                           object_class_by_name(TYPE_DOG), TYPE_PUPPY));
    object_unref(obj);
}
END_TEST

START_TEST(test_module_types)
{
    Object *obj = object_new(TYPE_BIG_BIRD);

    /* Registered by module_call_init() in main(). */
    ck_assert(BIRD_GET_CLASS(obj)->flies);
    ck_assert_int_eq(BIRD(obj)->wings, 2);
    ck_assert_ptr_eq(BIG_BIRD(obj), (BigBird *)obj);
    ck_assert_uint_eq((uintptr_t)obj % 256, 0);
    object_unref(obj);
}
END_TEST

static void bad_cast(void)
{
    Object *obj = object_new(TYPE_CAT);

    DOG(obj);
}

START_TEST(test_bad_cast_message)
{
    FILE *f = tmpfile();
    char out[512] = "";
    int status;
    pid_t pid;

    ck_assert_ptr_nonnull(f);
    fflush(stderr);
    pid = fork();
    if (pid == 0) {
        dup2(fileno(f), STDERR_FILENO);
        bad_cast();
        _exit(0);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    rewind(f);
    ck_assert(fread(out, 1, sizeof(out) - 1, f) > 0);
    fclose(f);
    /* FILE:LINE:FUNC: Object 0x... (type 'cat') is not ... type dog */
    ck_assert_msg(strstr(out, "test-qom-types.c:") && strstr(out, ":DOG: ") &&
                  strstr(out, " (type 'cat') is not an instance of type dog"),
                  "message: %s", out);
}
END_TEST

START_TEST(test_bad_cast_aborts)
{
    Object *obj = object_new(TYPE_CAT);

    DOG(obj);
}
END_TEST

START_TEST(test_bad_class_cast_aborts)
{
    DOG_CLASS(object_class_by_name(TYPE_CAT));
}
END_TEST

START_TEST(test_bad_interface_cast_aborts)
{
    Object *obj = object_new(TYPE_CONTAINER);

    PET(obj);
}
END_TEST

/*
 * The checked casts remember the type names that cast a class to itself
 * (the class's cast caches): a remembered cast answers at once, any other
 * is still checked, and what one class remembered never lets another pass.
 */
static void cast_after_cached(void)
{
    Object *puppy = object_new(TYPE_PUPPY);
    Object *cat = object_new(TYPE_CAT);

    for (int i = 0; i < 2 * OBJECT_CLASS_CAST_CACHE; i++) {
        ck_assert_ptr_eq(DOG(puppy), (Dog *)puppy);
        ck_assert_ptr_eq(ANIMAL(cat), (Animal *)cat);
        ck_assert_ptr_eq(DOG_CLASS(object_get_class(puppy)),
                         (DogClass *)object_get_class(puppy));
        ck_assert_ptr_eq(ANIMAL_CLASS(object_get_class(cat)),
                         (AnimalClass *)object_get_class(cat));
    }
    /* An interface class cast gives another class: not remembered. */
    ck_assert_ptr_ne(PET_CLASS(object_get_class(puppy)),
                     (PetClass *)object_get_class(puppy));
    ck_assert_ptr_ne(PET_CLASS(object_get_class(puppy)),
                     (PetClass *)object_get_class(puppy));
    object_unref(puppy);
    object_unref(cat);
}

START_TEST(test_cached_cast_object_still_checked)
{
    cast_after_cached();
    DOG(object_new(TYPE_CAT));
}
END_TEST

START_TEST(test_cached_cast_class_still_checked)
{
    cast_after_cached();
    DOG_CLASS(object_class_by_name(TYPE_CAT));
}
END_TEST

START_TEST(test_cached_cast_same_answers)
{
    cast_after_cached();
}
END_TEST

START_TEST(test_interfaces)
{
    Object *dog = object_new(TYPE_PUPPY);
    Object *cat = object_new(TYPE_CAT);
    PetClass *pc;
    ObjectClass *ic;

    /* Casting an object to an interface gives the object itself. */
    ck_assert_ptr_eq(PET(dog), (PetInterface *)dog);
    ck_assert_ptr_eq(object_dynamic_cast(cat, TYPE_PET), cat);
    ck_assert_ptr_eq(object_dynamic_cast(cat, TYPE_LOUD_PET), cat);
    ck_assert_ptr_null(object_dynamic_cast(dog, TYPE_LOUD_PET));

    /* The class cast gives the interface class, inherited by puppy. */
    pc = PET_GET_CLASS(dog);
    ck_assert_ptr_nonnull(pc->cuddle);
    ck_assert_int_eq(pc->cuddle(dog), 40);
    ck_assert_ptr_eq(pc->parent_class.concrete_class, object_get_class(dog));
    ic = object_class_dynamic_cast(object_get_class(cat), TYPE_INTERFACE);
    ck_assert_ptr_nonnull(ic);
    ck_assert_ptr_eq(INTERFACE_CLASS(ic)->concrete_class,
                     object_get_class(cat));
    ck_assert_ptr_null(object_class_dynamic_cast(object_get_class(cat),
                                                 TYPE_DOG));
    ck_assert(object_class_is_abstract(OBJECT_CLASS(pc)));
    object_unref(dog);
    object_unref(cat);
}
END_TEST

START_TEST(test_interface_not_instantiable)
{
    object_new(TYPE_PET);
}
END_TEST

/* --- Registration errors ----------------------------------------------- */

START_TEST(test_register_duplicate)
{
    static const TypeInfo dup = {
        .name = TYPE_DOG,
        .parent = TYPE_OBJECT,
    };
    Error *err;

    ck_assert_ptr_null(qemu_shim_take_type_error());
    ck_assert_ptr_null(type_register_static(&dup));
    err = qemu_shim_take_type_error();
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(error_get_pretty(err),
                     "Registering type 'dog' which already exists");
    error_free(err);
    ck_assert_ptr_null(qemu_shim_take_type_error());
    /* The first registration is untouched. */
    ck_assert_int_eq(DOG_CLASS(object_class_by_name(TYPE_DOG))->tricks, 3);
}
END_TEST

static void check_bad_type(const TypeInfo *info, const char *msg)
{
    Error *err = NULL;

    ck_assert(qemu_shim_type_check_all(&error_abort));
    ck_assert_ptr_nonnull(type_register(info));
    ck_assert(!qemu_shim_type_check_all(&err));
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(error_get_pretty(err), msg);
    error_free(err);
    /* A broken type has no class, and is reported rather than crashing. */
    ck_assert_ptr_null(object_class_by_name(info->name));
}

START_TEST(test_register_unknown_parent)
{
    static const TypeInfo info = {
        .name = "orphan",
        .parent = "no-such-parent",
        .instance_size = sizeof(Object),
    };

    check_bad_type(&info,
                   "Type 'orphan' has unknown parent type 'no-such-parent'");
}
END_TEST

START_TEST(test_register_small_instance)
{
    static const TypeInfo info = {
        .name = "small-dog",
        .parent = TYPE_DOG,
        .instance_size = sizeof(Animal),
    };
    g_autofree char *msg = g_strdup_printf(
        "Type 'small-dog' has instance_size %zu, smaller than the instance "
        "size %zu of its parent 'dog'", sizeof(Animal), sizeof(Dog));

    check_bad_type(&info, msg);
}
END_TEST

START_TEST(test_register_small_class)
{
    static const TypeInfo info = {
        .name = "small-class-puppy",
        .parent = TYPE_PUPPY,
        .class_size = sizeof(AnimalClass),
    };
    g_autofree char *msg = g_strdup_printf(
        "Type 'small-class-puppy' has class_size %zu, smaller than the class "
        "size %zu of its parent 'puppy'", sizeof(AnimalClass),
        sizeof(DogClass));

    check_bad_type(&info, msg);
}
END_TEST

START_TEST(test_register_unknown_interface)
{
    static InterfaceInfo bad[] = { { "no-such-interface" }, { NULL } };
    static const TypeInfo info = {
        .name = "dog-with-bad-interface",
        .parent = TYPE_DOG,
        .interfaces = bad,
    };

    ck_assert_ptr_nonnull(type_register_static(&info));
    ck_assert_ptr_null(object_class_by_name(info.name));
}
END_TEST

START_TEST(test_register_array)
{
    static const TypeInfo infos[] = {
        { .name = "array-a", .parent = TYPE_DOG },
        { .name = "array-b", .parent = "array-a" },
    };
    Object *obj;

    type_register_static_array(infos, ARRAY_SIZE(infos));
    obj = object_new("array-b");
    ck_assert_ptr_nonnull(DOG(obj));
    ck_assert_ptr_null(qemu_shim_take_type_error());
    object_unref(obj);
}
END_TEST

static Suite *qom_types_suite(void)
{
    Suite *s = suite_create("qom-types");
    TCase *tc;

    tc = tcase_create("classes");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_class_init_order);
    tcase_add_test(tc, test_class_inheritance);
    tcase_add_test(tc, test_class_list);
    suite_add_tcase(s, tc);

    tc = tcase_create("instances");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_instance_lifecycle_order);
    tcase_add_test(tc, test_instance_init_order);
    tcase_add_test(tc, test_refcount_finalize_once);
    tcase_add_test(tc, test_object_initialize_embedded);
    tcase_add_test(tc, test_autoptr);
    tcase_add_test_raise_signal(tc, test_abstract_refused, SIGABRT);
    tcase_add_test_raise_signal(tc, test_unknown_type_refused, SIGABRT);
    tcase_add_test_raise_signal(tc, test_initialize_too_small, SIGABRT);
    tcase_add_test_raise_signal(tc, test_unref_too_often, SIGABRT);
    suite_add_tcase(s, tc);

    tc = tcase_create("casts");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_casts);
    tcase_add_test(tc, test_interfaces);
    tcase_add_test(tc, test_module_types);
    tcase_add_test(tc, test_bad_cast_message);
    tcase_add_test_raise_signal(tc, test_bad_cast_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_bad_class_cast_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_bad_interface_cast_aborts, SIGABRT);
    tcase_add_test(tc, test_cached_cast_same_answers);
    tcase_add_test_raise_signal(tc, test_cached_cast_object_still_checked,
                                SIGABRT);
    tcase_add_test_raise_signal(tc, test_cached_cast_class_still_checked,
                                SIGABRT);
    tcase_add_test_raise_signal(tc, test_interface_not_instantiable, SIGABRT);
    suite_add_tcase(s, tc);

    tc = tcase_create("registration");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_register_duplicate);
    tcase_add_test(tc, test_register_unknown_parent);
    tcase_add_test(tc, test_register_small_instance);
    tcase_add_test(tc, test_register_small_class);
    tcase_add_test(tc, test_register_unknown_interface);
    tcase_add_test(tc, test_register_array);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(qom_types_suite());
    int failed;

    /* Registered before forking: every test sees the same type table. */
    type_register_static_array(test_types, ARRAY_SIZE(test_types));
    module_call_init(MODULE_INIT_QOM);

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
