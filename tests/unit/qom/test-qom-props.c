/*
 * QOM properties and the composition tree: typed properties and their
 * errors, string parsing and printing, class properties and defaults,
 * children, links, aliases, canonical paths and path resolution.
 */
#include "qemu/osdep.h"
#include <signal.h>
#include <check.h>
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qom/object.h"
#include "qom/qom-qobject.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"

#define TYPE_GADGET "gadget"
#define TYPE_WIDGET "widget"

typedef struct Gadget {
    Object parent_obj;
    bool flag;
    char *label;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    bool init_saw_flag;     /* class default applied before instance_init */
    Object *link;
    Object *class_link;
    int finalized;
} Gadget;

typedef struct Widget {
    Gadget parent_obj;
    Gadget part;            /* an embedded child */
} Widget;

OBJECT_DECLARE_SIMPLE_TYPE(Gadget, GADGET)
OBJECT_DECLARE_SIMPLE_TYPE(Widget, WIDGET)

static bool gadget_get_flag(Object *obj, Error **errp)
{
    (void)errp;
    return GADGET(obj)->flag;
}

static void gadget_set_flag(Object *obj, bool value, Error **errp)
{
    (void)errp;
    GADGET(obj)->flag = value;
}

static char *gadget_get_label(Object *obj, Error **errp)
{
    (void)errp;
    return g_strdup(GADGET(obj)->label);
}

static void gadget_set_label(Object *obj, const char *value, Error **errp)
{
    Gadget *g = GADGET(obj);

    if (g_str_equal(value, "forbidden")) {
        error_setg(errp, "label 'forbidden' is not allowed");
        return;
    }
    g_free(g->label);
    g->label = g_strdup(value);
}

static void check_not_widget(const Object *obj, const char *name,
                             Object *val, Error **errp)
{
    (void)obj;
    if (val && object_dynamic_cast(val, TYPE_WIDGET)) {
        error_setg(errp, "'%s' cannot link to a widget", name);
    }
}

static void gadget_class_init(ObjectClass *oc, void *data)
{
    ObjectProperty *op;

    (void)data;
    op = object_class_property_add_bool(oc, "flag", gadget_get_flag,
                                        gadget_set_flag);
    object_property_set_default_bool(op, true);
    object_class_property_set_description(oc, "flag", "a flag");
    object_class_property_add_str(oc, "label", gadget_get_label,
                                  gadget_set_label);
    object_class_property_add_link(oc, "class-link", TYPE_GADGET,
                                   offsetof(Gadget, class_link),
                                   object_property_allow_set_link,
                                   OBJ_PROP_LINK_STRONG);
}

static void gadget_init(Object *obj)
{
    Gadget *g = GADGET(obj);

    g->init_saw_flag = g->flag;
    g->label = g_strdup("none");
    object_property_add_uint8_ptr(obj, "u8", &g->u8, OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint16_ptr(obj, "u16", &g->u16,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "u32", &g->u32,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint64_ptr(obj, "u64", &g->u64, OBJ_PROP_FLAG_READ);
    object_property_add_link(obj, "link", TYPE_GADGET, &g->link,
                             check_not_widget, OBJ_PROP_LINK_STRONG);
}

static void gadget_finalize(Object *obj)
{
    g_free(GADGET(obj)->label);
}

static void widget_init(Object *obj)
{
    object_initialize_child(obj, "part", &WIDGET(obj)->part, TYPE_GADGET);
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_GADGET,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Gadget),
        .instance_init = gadget_init,
        .instance_finalize = gadget_finalize,
        .class_init = gadget_class_init,
    }, {
        .name = TYPE_WIDGET,
        .parent = TYPE_GADGET,
        .instance_size = sizeof(Widget),
        .instance_init = widget_init,
    },
};

static size_t live_at_start;

static void setup(void)
{
    live_at_start = qemu_shim_live_objects();
}

static void teardown(void)
{
    ck_assert_uint_eq(qemu_shim_live_objects(), live_at_start);
}

/* Expect @err to hold @msg, and free it. */
static void check_error(Error **errp, const char *msg)
{
    ck_assert_ptr_nonnull(*errp);
    ck_assert_str_eq(error_get_pretty(*errp), msg);
    error_free(*errp);
    *errp = NULL;
}

/* --- Typed properties -------------------------------------------------- */

START_TEST(test_bool_and_str)
{
    Object *obj = object_new(TYPE_GADGET);
    Error *err = NULL;
    char *s;

    /* The class default was set before instance_init ran. */
    ck_assert(GADGET(obj)->init_saw_flag);
    ck_assert(object_property_get_bool(obj, "flag", &error_abort));
    ck_assert(object_property_set_bool(obj, "flag", false, &error_abort));
    ck_assert(!GADGET(obj)->flag);

    ck_assert(object_property_set_str(obj, "label", "hello", &error_abort));
    s = object_property_get_str(obj, "label", &error_abort);
    ck_assert_str_eq(s, "hello");
    g_free(s);

    /* A setter's own error comes through. */
    ck_assert(!object_property_set_str(obj, "label", "forbidden", &err));
    check_error(&err, "label 'forbidden' is not allowed");
    ck_assert_str_eq(GADGET(obj)->label, "hello");

    ck_assert_str_eq(object_property_get_type(obj, "flag", &error_abort),
                     "bool");
    ck_assert_str_eq(object_property_get_type(obj, "label", &error_abort),
                     "string");
    ck_assert_str_eq(object_property_find(obj, "flag")->description,
                     "a flag");
    object_unref(obj);
}
END_TEST

START_TEST(test_wrong_types)
{
    Object *obj = object_new(TYPE_GADGET);
    Error *err = NULL;

    ck_assert(!object_property_set_int(obj, "flag", 1, &err));
    check_error(&err, "Invalid parameter type for 'flag', expected: boolean");
    ck_assert(!object_property_set_bool(obj, "label", true, &err));
    check_error(&err, "Invalid parameter type for 'label', expected: string");
    ck_assert(!object_property_set_str(obj, "u8", "1", &err));
    check_error(&err, "Parameter 'u8' expects uint64");

    ck_assert_int_eq(object_property_get_int(obj, "label", &err), -1);
    check_error(&err, "Invalid parameter type for 'label', expected: int");
    ck_assert(!object_property_get_bool(obj, "u8", &err));
    check_error(&err, "Invalid parameter type for 'u8', expected: boolean");
    ck_assert_ptr_null(object_property_get_str(obj, "flag", &err));
    check_error(&err, "Invalid parameter type for 'flag', expected: string");

    ck_assert(!object_property_set_bool(obj, "nope", true, &err));
    check_error(&err, "Property 'gadget.nope' not found");
    ck_assert_ptr_null(object_property_get_type(obj, "nope", &err));
    check_error(&err, "Property 'gadget.nope' not found");
    ck_assert_ptr_null(object_property_find(obj, "nope"));
    object_unref(obj);
}
END_TEST

START_TEST(test_uint_ptr)
{
    Object *obj = object_new(TYPE_GADGET);
    Gadget *g = GADGET(obj);
    Error *err = NULL;

    ck_assert(object_property_set_uint(obj, "u8", 255, &error_abort));
    ck_assert_uint_eq(g->u8, 255);
    ck_assert(!object_property_set_uint(obj, "u8", 256, &err));
    check_error(&err, "Parameter 'u8' expects uint8_t");
    ck_assert_uint_eq(g->u8, 255);
    ck_assert(!object_property_set_int(obj, "u16", 70000, &err));
    check_error(&err, "Parameter 'u16' expects uint16_t");
    ck_assert(object_property_set_int(obj, "u32", 0xffffffff, &error_abort));
    ck_assert_uint_eq(g->u32, 0xffffffffu);
    ck_assert(!object_property_set_int(obj, "u32", -1, &err));
    check_error(&err, "Parameter 'u32' expects uint32_t");

    g->u64 = UINT64_MAX;
    ck_assert_uint_eq(object_property_get_uint(obj, "u64", &error_abort),
                      UINT64_MAX);
    /* Too big for an int. */
    ck_assert_int_eq(object_property_get_int(obj, "u64", &err), -1);
    check_error(&err, "Invalid parameter type for 'u64', expected: int");
    /* Read-only. */
    ck_assert(!object_property_set_uint(obj, "u64", 1, &err));
    check_error(&err, "Insufficient permission to perform this operation");
    ck_assert_str_eq(object_property_get_type(obj, "u16", &error_abort),
                     "uint16");
    object_unref(obj);
}
END_TEST

START_TEST(test_parse_and_print)
{
    Object *obj = object_new(TYPE_GADGET);
    Gadget *g = GADGET(obj);
    Error *err = NULL;
    char *s;

    ck_assert(object_property_parse(obj, "flag", "off", &error_abort));
    ck_assert(!g->flag);
    ck_assert(object_property_parse(obj, "flag", "yes", &error_abort));
    ck_assert(g->flag);
    ck_assert(!object_property_parse(obj, "flag", "maybe", &err));
    check_error(&err, "Parameter 'flag' expects 'on' or 'off'");

    ck_assert(object_property_parse(obj, "u16", "0x1234", &error_abort));
    ck_assert_uint_eq(g->u16, 0x1234);
    ck_assert(object_property_parse(obj, "u8", "200", &error_abort));
    ck_assert_uint_eq(g->u8, 200);
    ck_assert(!object_property_parse(obj, "u8", "300", &err));
    check_error(&err, "Parameter 'u8' expects uint8_t");
    ck_assert(!object_property_parse(obj, "u8", "12abc", &err));
    check_error(&err, "Parameter 'u8' expects integer");
    ck_assert(!object_property_parse(obj, "u8", "", &err));
    check_error(&err, "Parameter 'u8' expects integer");
    ck_assert_uint_eq(g->u8, 200);

    ck_assert(object_property_parse(obj, "label", "a,b c", &error_abort));
    ck_assert_str_eq(g->label, "a,b c");

    s = object_property_print(obj, "u16", false, &error_abort);
    ck_assert_str_eq(s, "4660");
    g_free(s);
    s = object_property_print(obj, "u16", true, &error_abort);
    ck_assert_str_eq(s, "4660 (0x1234)");
    g_free(s);
    s = object_property_print(obj, "flag", false, &error_abort);
    ck_assert_str_eq(s, "true");
    g_free(s);
    s = object_property_print(obj, "label", true, &error_abort);
    ck_assert_str_eq(s, "\"a,b c\"");
    g_free(s);
    ck_assert_ptr_null(object_property_print(obj, "nope", false, &err));
    check_error(&err, "Property 'gadget.nope' not found");
    object_unref(obj);
}
END_TEST

START_TEST(test_qobject_access)
{
    Object *obj = object_new(TYPE_GADGET);
    QObject *q;
    QNum *qn;
    uint64_t u;

    qn = qnum_from_uint(42);
    ck_assert(object_property_set_qobject(obj, "u32", QOBJECT(qn),
                                          &error_abort));
    qobject_unref(qn);
    q = object_property_get_qobject(obj, "u32", &error_abort);
    ck_assert(qnum_get_try_uint(qobject_to(QNum, q), &u));
    ck_assert_uint_eq(u, 42);
    qobject_unref(q);
    q = object_property_get_qobject(obj, "type", &error_abort);
    ck_assert_str_eq(qstring_get_str(qobject_to(QString, q)), TYPE_GADGET);
    qobject_unref(q);
    object_unref(obj);
}
END_TEST

START_TEST(test_add_and_iterate)
{
    Object *obj = object_new(TYPE_GADGET);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Error *err = NULL;
    int n = 0;
    uint8_t a, b;

    ck_assert_ptr_null(object_property_try_add(obj, "u8", "uint8", NULL,
                                               NULL, NULL, NULL, &err));
    check_error(&err, "attempt to add duplicate property 'u8' to object "
                "(type 'gadget')");
    /* A class property's name is taken too. */
    ck_assert_ptr_null(object_property_try_add(obj, "flag", "bool", NULL,
                                               NULL, NULL, NULL, &err));
    check_error(&err, "attempt to add duplicate property 'flag' to object "
                "(type 'gadget')");

    prop = object_property_add_uint8_ptr(obj, "slot[*]", &a,
                                         OBJ_PROP_FLAG_READ);
    ck_assert_str_eq(prop->name, "slot[0]");
    prop = object_property_add_uint8_ptr(obj, "slot[*]", &b,
                                         OBJ_PROP_FLAG_READ);
    ck_assert_str_eq(prop->name, "slot[1]");

    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        n++;
    }
    /* u8 u16 u32 u64 link slot[0] slot[1] + flag label class-link type */
    ck_assert_int_eq(n, 11);

    object_property_del(obj, "slot[0]");
    ck_assert_ptr_null(object_property_find(obj, "slot[0]"));
    n = 0;
    object_class_property_iter_init(&iter, object_get_class(obj));
    while ((prop = object_property_iter_next(&iter))) {
        n++;
    }
    ck_assert_int_eq(n, 4);
    ck_assert_ptr_nonnull(object_class_property_find(object_get_class(obj),
                                                     "type"));
    ck_assert_ptr_null(object_class_property_find_err(object_get_class(obj),
                                                      "u8", &err));
    check_error(&err, "Property 'gadget.u8' not found");
    object_unref(obj);
}
END_TEST

START_TEST(test_duplicate_add_aborts)
{
    Object *obj = object_new(TYPE_GADGET);
    uint8_t v;

    object_property_add_uint8_ptr(obj, "u8", &v, OBJ_PROP_FLAG_READ);
}
END_TEST

/* --- Children and paths ------------------------------------------------ */

static int collect_child(Object *child, void *opaque)
{
    g_ptr_array_add(opaque, object_get_canonical_path(child));
    return 0;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_children)
{
    Object *root = object_get_root();
    Object *box = container_get(root, "/test/box");
    Object *a = object_new(TYPE_GADGET);
    Object *b = object_new(TYPE_GADGET);
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
    char *path;

    object_property_add_child(box, "a", a);
    ck_assert_uint_eq(a->ref, 2);
    ck_assert_ptr_eq(a->parent, box);
    object_unref(a);
    object_property_add_child(a, "b", b);
    object_unref(b);

    path = object_get_canonical_path(b);
    ck_assert_str_eq(path, "/test/box/a/b");
    g_free(path);
    ck_assert_str_eq(object_get_canonical_path_component(b), "b");
    ck_assert_str_eq(object_property_get_type(box, "a", &error_abort),
                     "child<gadget>");
    path = object_property_get_str(box, "a", &error_abort);
    ck_assert_str_eq(path, "/test/box/a");
    g_free(path);

    object_child_foreach_recursive(object_resolve_path("/test", NULL),
                                   collect_child, paths);
    g_ptr_array_sort(paths, cmp_str);
    ck_assert_uint_eq(paths->len, 3);
    ck_assert_str_eq(g_ptr_array_index(paths, 0), "/test/box");
    ck_assert_str_eq(g_ptr_array_index(paths, 2), "/test/box/a/b");

    /* Unparenting drops the parent's reference: both are finalized. */
    object_unparent(a);
    ck_assert_ptr_null(object_resolve_path("/test/box/a", NULL));
    object_unparent(object_resolve_path("/test", NULL));
}
END_TEST

START_TEST(test_try_add_child_errors)
{
    Object *p = object_new(TYPE_GADGET);
    Object *c = object_new(TYPE_GADGET);
    Error *err = NULL;

    object_property_add_child(p, "c", c);
    ck_assert_ptr_null(object_property_try_add_child(p, "d", c, &err));
    check_error(&err, "cannot add object of type 'gadget' as child 'd' of "
                "'gadget': it already has a parent");
    object_unref(c);
    /* The parent's finalization releases its children. */
    object_unref(p);
}
END_TEST

START_TEST(test_resolve)
{
    Object *machine = container_get(object_get_root(), "/machine");
    Object *x = object_new(TYPE_GADGET);
    Object *y = object_new(TYPE_WIDGET);
    Object *z = object_new(TYPE_GADGET);
    bool ambiguous = true;

    object_property_add_child(container_get(machine, "/peripheral"), "x", x);
    object_property_add_child(container_get(machine, "/unattached"),
                              "device[*]", y);
    object_property_add_child(container_get(machine, "/peripheral"), "z", z);
    object_unref(x);
    object_unref(y);
    object_unref(z);

    ck_assert_ptr_eq(object_resolve_path("/machine/peripheral/x", &ambiguous),
                     x);
    ck_assert(!ambiguous);
    ck_assert_ptr_eq(object_resolve_path("/machine/unattached/device[0]",
                                         NULL), y);
    ck_assert_ptr_eq(object_resolve_path("/", NULL), object_get_root());
    ck_assert_ptr_null(object_resolve_path("/machine/nope", NULL));

    /* Partial paths match anywhere, if unique. */
    ck_assert_ptr_eq(object_resolve_path("x", &ambiguous), x);
    ck_assert(!ambiguous);
    ck_assert_ptr_eq(object_resolve_path("peripheral/z", &ambiguous), z);
    /* y's embedded child "part" is a gadget too. */
    ck_assert_ptr_eq(object_resolve_path("device[0]/part", NULL),
                     OBJECT(&WIDGET(y)->part));
    ck_assert_ptr_eq(object_resolve_path_type("", TYPE_WIDGET, &ambiguous),
                     y);
    ck_assert(!ambiguous);
    ck_assert_ptr_null(object_resolve_path_type("", TYPE_GADGET, &ambiguous));
    ck_assert(ambiguous);
    ck_assert_ptr_null(object_resolve_path_type("x", TYPE_WIDGET, NULL));

    ck_assert_ptr_eq(object_resolve_path_at(machine, "peripheral/x"), x);
    ck_assert_ptr_eq(object_resolve_path_component(machine, "peripheral"),
                     object_resolve_path("/machine/peripheral", NULL));
    ck_assert_ptr_null(object_resolve_path_component(x, "flag"));

    object_unparent(machine);
}
END_TEST

START_TEST(test_initialize_child)
{
    Object *w = object_new(TYPE_WIDGET);
    Gadget *part = &WIDGET(w)->part;
    char *path;

    ck_assert_uint_eq(qemu_shim_live_objects(), live_at_start + 2);
    /* The parent holds the embedded child's only reference. */
    ck_assert_uint_eq(OBJECT(part)->ref, 1);
    ck_assert_ptr_eq(OBJECT(part)->parent, w);
    ck_assert_ptr_null(object_get_canonical_path(OBJECT(part)));
    object_property_add_child(object_get_root(), "w", w);
    path = object_get_canonical_path(OBJECT(part));
    ck_assert_str_eq(path, "/w/part");
    g_free(path);
    object_unref(w);
    object_unparent(w);
}
END_TEST

START_TEST(test_new_with_props)
{
    Object *parent = object_get_objects_root();
    Error *err = NULL;
    Object *obj;

    obj = object_new_with_props(TYPE_GADGET, parent, "g1", &error_abort,
                                "u8", "7", "label", "x", NULL);
    ck_assert_ptr_eq(object_resolve_path("/objects/g1", NULL), obj);
    ck_assert_uint_eq(GADGET(obj)->u8, 7);
    ck_assert_str_eq(GADGET(obj)->label, "x");
    object_unparent(obj);

    ck_assert_ptr_null(object_new_with_props(TYPE_GADGET, parent, "g2", &err,
                                             "u8", "many", NULL));
    check_error(&err, "Parameter 'u8' expects integer");
    ck_assert_ptr_null(object_new_with_props("nope", parent, "g3", &err,
                                             NULL));
    check_error(&err, "invalid object type: nope");
    ck_assert_ptr_null(object_new_with_props(TYPE_OBJECT, parent, "g4", &err,
                                             NULL));
    check_error(&err, "object type 'object' is abstract");
    ck_assert_ptr_null(object_resolve_path("/objects/g2", NULL));
}
END_TEST

/* --- Links and aliases ------------------------------------------------- */

START_TEST(test_links)
{
    Object *root = object_get_root();
    Object *a = object_new(TYPE_GADGET);
    Object *b = object_new(TYPE_GADGET);
    Object *w = object_new(TYPE_WIDGET);
    Object *loose = object_new(TYPE_GADGET);
    Error *err = NULL;

    object_property_add_child(root, "la", a);
    object_property_add_child(root, "lb", b);
    object_property_add_child(root, "lw", w);
    object_unref(a);
    object_unref(b);
    object_unref(w);

    /* A strong link holds a reference. */
    ck_assert(object_property_set_link(a, "link", b, &error_abort));
    ck_assert_ptr_eq(GADGET(a)->link, b);
    ck_assert_uint_eq(b->ref, 2);
    ck_assert_ptr_eq(object_property_get_link(a, "link", &error_abort), b);
    ck_assert_ptr_eq(object_resolve_path("/la/link", NULL), b);
    ck_assert_str_eq(object_property_get_type(a, "link", &error_abort),
                     "link<gadget>");

    /* Set by path, as -device would. */
    ck_assert(object_property_set_str(b, "link", "/la", &error_abort));
    ck_assert_ptr_eq(GADGET(b)->link, a);

    ck_assert(!object_property_set_str(a, "link", "/nowhere", &err));
    check_error(&err, "Device '/nowhere' not found");
    ck_assert(!object_property_set_link(a, "link", w, &err));
    check_error(&err, "'link' cannot link to a widget");
    ck_assert(!object_property_set_link(a, "link", loose, &err));
    check_error(&err, "cannot link property 'gadget.link' to an object of "
                "type 'gadget' that is not in the composition tree");
    ck_assert_ptr_eq(GADGET(a)->link, b);

    /* A class link property, stored at an offset in the instance. */
    ck_assert(object_property_set_link(w, "class-link", a, &error_abort));
    ck_assert_ptr_eq(GADGET(w)->class_link, a);

    /* Clearing drops the reference. */
    ck_assert(object_property_set_link(a, "link", NULL, &error_abort));
    ck_assert_ptr_null(GADGET(a)->link);
    ck_assert_uint_eq(b->ref, 1);
    ck_assert_ptr_null(object_property_get_link(a, "link", &error_abort));

    object_unref(loose);
    object_unparent(w);     /* releases its class link to a */
    object_unparent(a);     /* b's link still holds a */
    object_unparent(b);
}
END_TEST

START_TEST(test_link_wrong_type)
{
    Object *root = object_get_root();
    Object *a = object_new(TYPE_GADGET);
    Error *err = NULL;

    object_property_add_child(root, "a", a);
    object_unref(a);
    ck_assert(!object_property_set_str(a, "link", "/objects", &err));
    check_error(&err, "Invalid parameter type for 'link', expected: gadget");
    object_unparent(a);
}
END_TEST

START_TEST(test_alias_and_const_link)
{
    Object *a = object_new(TYPE_GADGET);
    Object *w = object_new(TYPE_WIDGET);
    ObjectProperty *op;

    op = object_property_add_alias(a, "other-u8", w, "u8");
    ck_assert_str_eq(op->type, "uint8");
    ck_assert(object_property_set_uint(a, "other-u8", 9, &error_abort));
    ck_assert_uint_eq(GADGET(w)->u8, 9);
    op = object_property_add_alias(a, "w-part", w, "part");
    ck_assert_str_eq(op->type, "link<gadget>");
    ck_assert_ptr_eq(object_resolve_path_component(a, "w-part"),
                     OBJECT(&WIDGET(w)->part));

    object_property_add_const_link(a, "fixed", w);
    ck_assert_ptr_eq(object_resolve_path_component(a, "fixed"), w);
    ck_assert_ptr_null(object_property_find(a, "fixed")->set);
    object_unref(a);
    object_unref(w);
}
END_TEST

static Suite *qom_props_suite(void)
{
    Suite *s = suite_create("qom-props");
    TCase *tc;

    tc = tcase_create("typed");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_bool_and_str);
    tcase_add_test(tc, test_wrong_types);
    tcase_add_test(tc, test_uint_ptr);
    tcase_add_test(tc, test_parse_and_print);
    tcase_add_test(tc, test_qobject_access);
    tcase_add_test(tc, test_add_and_iterate);
    tcase_add_test_raise_signal(tc, test_duplicate_add_aborts, SIGABRT);
    suite_add_tcase(s, tc);

    tc = tcase_create("tree");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_children);
    tcase_add_test(tc, test_try_add_child_errors);
    tcase_add_test(tc, test_resolve);
    tcase_add_test(tc, test_initialize_child);
    tcase_add_test(tc, test_new_with_props);
    suite_add_tcase(s, tc);

    tc = tcase_create("links");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_links);
    tcase_add_test(tc, test_link_wrong_type);
    tcase_add_test(tc, test_alias_and_const_link);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(qom_props_suite());
    int failed;

    type_register_static_array(test_types, ARRAY_SIZE(test_types));
    /* The root containers live forever: create them before counting. */
    object_get_objects_root();

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
