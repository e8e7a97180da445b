/*
 * Unit tests for qemu/queue.h: for QLIST, QSLIST, QSIMPLEQ and QTAILQ the
 * insertions, removals (including during a FOREACH_SAFE walk that frees
 * elements), static initializers and accessors; QTAILQ's backward walks;
 * and walks over the qdev lists that QEMU devices use (dev->gpios).
 */
#include "qemu/osdep.h"
#include "qemu/queue.h"
#include "qemu/module.h"
#include "hw/qdev-core.h"
#include "compat-test.h"

typedef struct Item Item;

/* One element that can sit on one list of each kind at the same time. */
struct Item {
    int v;
    QLIST_ENTRY(Item) l;
    QSLIST_ENTRY(Item) sl;
    QSIMPLEQ_ENTRY(Item) sq;
    QTAILQ_ENTRY(Item) tq;
};

static Item *item_new(int v)
{
    Item *it = g_new0(Item, 1);

    it->v = v;
    return it;
}

/* The values of a list walked with @FOREACH, as "1 2 3". */
#define LIST_STR(out, FOREACH, head, field) ({                           \
    Item *it_;                                                          \
    GString *s_ = g_string_new(NULL);                                   \
    FOREACH(it_, head, field) {                                         \
        g_string_append_printf(s_, "%s%d", s_->len ? " " : "", it_->v); \
    }                                                                   \
    g_strlcpy(out, s_->str, sizeof(out));                               \
    g_string_free(s_, TRUE);                                            \
    out; })

static QLIST_HEAD(, Item) static_list = QLIST_HEAD_INITIALIZER(static_list);
static QSLIST_HEAD(, Item) static_slist =
    QSLIST_HEAD_INITIALIZER(static_slist);
static QSIMPLEQ_HEAD(, Item) static_sq = QSIMPLEQ_HEAD_INITIALIZER(static_sq);
static QTAILQ_HEAD(, Item) static_tq = QTAILQ_HEAD_INITIALIZER(static_tq);

START_TEST(test_static_initializers)
{
    Item *a = item_new(1), *b = item_new(2);
    char buf[64];

    ck_assert(QLIST_EMPTY(&static_list));
    ck_assert(QSLIST_EMPTY(&static_slist));
    ck_assert(QSIMPLEQ_EMPTY(&static_sq));
    ck_assert(QTAILQ_EMPTY(&static_tq));
    ck_assert_ptr_null(QTAILQ_LAST(&static_tq));

    /* The tail pointers of the initialized heads must be usable at once. */
    QSIMPLEQ_INSERT_TAIL(&static_sq, a, sq);
    QSIMPLEQ_INSERT_TAIL(&static_sq, b, sq);
    QTAILQ_INSERT_TAIL(&static_tq, a, tq);
    QTAILQ_INSERT_TAIL(&static_tq, b, tq);
    ck_assert_str_eq(LIST_STR(buf, QSIMPLEQ_FOREACH, &static_sq, sq), "1 2");
    ck_assert_str_eq(LIST_STR(buf, QTAILQ_FOREACH, &static_tq, tq), "1 2");
    ck_assert_ptr_eq(QTAILQ_LAST(&static_tq), b);
    g_free(a);
    g_free(b);
}
END_TEST

START_TEST(test_qlist)
{
    QLIST_HEAD(, Item) head;
    Item *a = item_new(1), *b = item_new(2), *c = item_new(3);
    Item *d = item_new(4), *it, *next;
    char buf[64];

    QLIST_INIT(&head);
    ck_assert(QLIST_EMPTY(&head));
    QLIST_INSERT_HEAD(&head, b, l);
    QLIST_INSERT_HEAD(&head, a, l);
    QLIST_INSERT_AFTER(b, d, l);
    QLIST_INSERT_BEFORE(d, c, l);
    ck_assert_str_eq(LIST_STR(buf, QLIST_FOREACH, &head, l), "1 2 3 4");
    ck_assert_ptr_eq(QLIST_FIRST(&head), a);
    ck_assert_ptr_eq(QLIST_NEXT(a, l), b);
    ck_assert(QLIST_IS_INSERTED(c, l));

    /* Removal needs no head, from anywhere. */
    QLIST_REMOVE(c, l);
    ck_assert(!QLIST_IS_INSERTED(c, l));
    QLIST_SAFE_REMOVE(c, l);            /* a no-op off the list */
    QLIST_REMOVE(a, l);
    ck_assert_str_eq(LIST_STR(buf, QLIST_FOREACH, &head, l), "2 4");
    QLIST_INSERT_BEFORE(b, a, l);       /* before the first */
    QLIST_INSERT_AFTER(d, c, l);        /* after the last */
    ck_assert_str_eq(LIST_STR(buf, QLIST_FOREACH, &head, l), "1 2 4 3");

    {
        QLIST_HEAD(, Item) other = QLIST_HEAD_INITIALIZER(other);

        QLIST_SWAP(&other, &head, l);
        ck_assert(QLIST_EMPTY(&head));
        ck_assert_str_eq(LIST_STR(buf, QLIST_FOREACH, &other, l), "1 2 4 3");
        QLIST_REMOVE(a, l);             /* le_prev now points into other */
        ck_assert_ptr_eq(QLIST_FIRST(&other), b);
        QLIST_SWAP(&head, &other, l);
        QLIST_INSERT_HEAD(&head, a, l);
    }

    QLIST_FOREACH_SAFE(it, &head, l, next) {
        QLIST_REMOVE(it, l);
        g_free(it);
    }
    ck_assert(QLIST_EMPTY(&head));
}
END_TEST

START_TEST(test_qslist)
{
    QSLIST_HEAD(, Item) head;
    Item *a = item_new(1), *b = item_new(2), *c = item_new(3);
    Item *d = item_new(4), *it, *next;
    char buf[64];

    QSLIST_INIT(&head);
    ck_assert(QSLIST_EMPTY(&head));
    QSLIST_INSERT_HEAD(&head, c, sl);
    QSLIST_INSERT_HEAD(&head, a, sl);
    QSLIST_INSERT_AFTER(a, b, sl);
    QSLIST_INSERT_AFTER(c, d, sl);
    ck_assert_str_eq(LIST_STR(buf, QSLIST_FOREACH, &head, sl), "1 2 3 4");
    ck_assert_ptr_eq(QSLIST_FIRST(&head), a);
    ck_assert_ptr_eq(QSLIST_NEXT(b, sl), c);

    QSLIST_REMOVE_HEAD(&head, sl);
    ck_assert_ptr_null(QSLIST_NEXT(a, sl));
    QSLIST_REMOVE_AFTER(b, sl);
    ck_assert_str_eq(LIST_STR(buf, QSLIST_FOREACH, &head, sl), "2 4");
    QSLIST_INSERT_HEAD(&head, a, sl);
    QSLIST_INSERT_AFTER(b, c, sl);
    QSLIST_REMOVE(&head, d, Item, sl);  /* the last */
    QSLIST_REMOVE(&head, a, Item, sl);  /* the first */
    ck_assert_str_eq(LIST_STR(buf, QSLIST_FOREACH, &head, sl), "2 3");
    g_free(a);
    g_free(d);

    QSLIST_FOREACH_SAFE(it, &head, sl, next) {
        QSLIST_REMOVE(&head, it, Item, sl);
        g_free(it);
    }
    ck_assert(QSLIST_EMPTY(&head));
}
END_TEST

START_TEST(test_qsimpleq)
{
    QSIMPLEQ_HEAD(, Item) head, more;
    Item *a = item_new(1), *b = item_new(2), *c = item_new(3);
    Item *d = item_new(4), *e = item_new(5), *it, *next;
    char buf[64];

    QSIMPLEQ_INIT(&head);
    QSIMPLEQ_INIT(&more);
    ck_assert(QSIMPLEQ_EMPTY(&head));
    ck_assert_ptr_null(QSIMPLEQ_LAST(&head, Item, sq));
    QSIMPLEQ_INSERT_TAIL(&head, b, sq);
    QSIMPLEQ_INSERT_HEAD(&head, a, sq);
    QSIMPLEQ_INSERT_AFTER(&head, b, d, sq);     /* new last */
    QSIMPLEQ_INSERT_AFTER(&head, b, c, sq);
    ck_assert_str_eq(LIST_STR(buf, QSIMPLEQ_FOREACH, &head, sq), "1 2 3 4");
    ck_assert_ptr_eq(QSIMPLEQ_FIRST(&head), a);
    ck_assert_ptr_eq(QSIMPLEQ_NEXT(c, sq), d);
    ck_assert_ptr_eq(QSIMPLEQ_LAST(&head, Item, sq), d);

    /* Removing the last element must move the tail pointer back. */
    QSIMPLEQ_REMOVE(&head, d, Item, sq);
    ck_assert_ptr_eq(QSIMPLEQ_LAST(&head, Item, sq), c);
    QSIMPLEQ_INSERT_TAIL(&head, d, sq);
    QSIMPLEQ_REMOVE_HEAD(&head, sq);
    ck_assert_ptr_null(QSIMPLEQ_NEXT(a, sq));
    ck_assert_str_eq(LIST_STR(buf, QSIMPLEQ_FOREACH, &head, sq), "2 3 4");

    QSIMPLEQ_INSERT_TAIL(&more, e, sq);
    QSIMPLEQ_CONCAT(&head, &more);
    ck_assert(QSIMPLEQ_EMPTY(&more));
    QSIMPLEQ_INSERT_TAIL(&more, a, sq);
    QSIMPLEQ_PREPEND(&head, &more);
    ck_assert(QSIMPLEQ_EMPTY(&more));
    ck_assert_str_eq(LIST_STR(buf, QSIMPLEQ_FOREACH, &head, sq),
                     "1 2 3 4 5");
    ck_assert_ptr_eq(QSIMPLEQ_LAST(&head, Item, sq), e);

    /* Drain from the head, as a device's request queue does. */
    QSIMPLEQ_FOREACH_SAFE(it, &head, sq, next) {
        QSIMPLEQ_REMOVE_HEAD(&head, sq);
        g_free(it);
    }
    ck_assert(QSIMPLEQ_EMPTY(&head));
    ck_assert_ptr_eq(head.sqh_last, &head.sqh_first);
}
END_TEST

START_TEST(test_qtailq)
{
    QTAILQ_HEAD(, Item) head, more;
    Item *a = item_new(1), *b = item_new(2), *c = item_new(3);
    Item *d = item_new(4), *e = item_new(5), *it, *prev;
    char buf[64];

    QTAILQ_INIT(&head);
    QTAILQ_INIT(&more);
    ck_assert(QTAILQ_EMPTY(&head));
    ck_assert_ptr_null(QTAILQ_LAST(&head));
    QTAILQ_INSERT_TAIL(&head, c, tq);
    QTAILQ_INSERT_HEAD(&head, a, tq);
    QTAILQ_INSERT_AFTER(&head, c, d, tq);       /* new last */
    QTAILQ_INSERT_BEFORE(c, b, tq);
    ck_assert_str_eq(LIST_STR(buf, QTAILQ_FOREACH, &head, tq), "1 2 3 4");
    ck_assert_str_eq(LIST_STR(buf, QTAILQ_FOREACH_REVERSE, &head, tq),
                     "4 3 2 1");
    ck_assert_ptr_eq(QTAILQ_FIRST(&head), a);
    ck_assert_ptr_eq(QTAILQ_LAST(&head), d);
    ck_assert_ptr_eq(QTAILQ_NEXT(b, tq), c);
    ck_assert_ptr_eq(QTAILQ_PREV(c, tq), b);
    ck_assert_ptr_null(QTAILQ_PREV(a, tq));
    ck_assert_ptr_null(QTAILQ_NEXT(d, tq));
    ck_assert(QTAILQ_IN_USE(a, tq));
    ck_assert(!QTAILQ_IN_USE(e, tq));

    QTAILQ_REMOVE(&head, d, tq);                /* the last */
    ck_assert(!QTAILQ_IN_USE(d, tq));
    ck_assert_ptr_eq(QTAILQ_LAST(&head), c);
    QTAILQ_REMOVE(&head, a, tq);                /* the first */
    QTAILQ_INSERT_BEFORE(b, a, tq);             /* before the first */
    QTAILQ_REMOVE(&head, b, tq);                /* in the middle */
    ck_assert_str_eq(LIST_STR(buf, QTAILQ_FOREACH_REVERSE, &head, tq),
                     "3 1");
    QTAILQ_INSERT_AFTER(&head, a, b, tq);

    QTAILQ_INSERT_TAIL(&more, d, tq);
    QTAILQ_INSERT_TAIL(&more, e, tq);
    QTAILQ_CONCAT(&head, &more, tq);
    ck_assert(QTAILQ_EMPTY(&more));
    ck_assert_str_eq(LIST_STR(buf, QTAILQ_FOREACH, &head, tq), "1 2 3 4 5");
    ck_assert_str_eq(LIST_STR(buf, QTAILQ_FOREACH_REVERSE, &head, tq),
                     "5 4 3 2 1");

    /* Free every other element while walking backwards. */
    QTAILQ_FOREACH_REVERSE_SAFE(it, &head, tq, prev) {
        if (it->v % 2) {
            QTAILQ_REMOVE(&head, it, tq);
            g_free(it);
        }
    }
    ck_assert_str_eq(LIST_STR(buf, QTAILQ_FOREACH, &head, tq), "2 4");
    ck_assert_str_eq(LIST_STR(buf, QTAILQ_FOREACH_REVERSE, &head, tq), "4 2");

    QTAILQ_FOREACH_SAFE(it, &head, tq, prev) {
        QTAILQ_REMOVE(&head, it, tq);
        g_free(it);
    }
    ck_assert(QTAILQ_EMPTY(&head));
    ck_assert_ptr_null(QTAILQ_LAST(&head));
}
END_TEST

/* An element on several lists at once: each list has its own links. */
START_TEST(test_many_lists)
{
    QLIST_HEAD(, Item) l = QLIST_HEAD_INITIALIZER(l);
    QTAILQ_HEAD(, Item) tq = QTAILQ_HEAD_INITIALIZER(tq);
    Item *a = item_new(1), *b = item_new(2);
    char buf[64];

    QLIST_INSERT_HEAD(&l, a, l);
    QLIST_INSERT_HEAD(&l, b, l);
    QTAILQ_INSERT_TAIL(&tq, a, tq);
    QTAILQ_INSERT_TAIL(&tq, b, tq);
    ck_assert_str_eq(LIST_STR(buf, QLIST_FOREACH, &l, l), "2 1");
    ck_assert_str_eq(LIST_STR(buf, QTAILQ_FOREACH, &tq, tq), "1 2");
    QLIST_REMOVE(a, l);
    ck_assert_str_eq(LIST_STR(buf, QTAILQ_FOREACH, &tq, tq), "1 2");
    g_free(a);
    g_free(b);
}
END_TEST

#define TYPE_QUEUE_TEST_DEV "queue-test-dev"

static void queue_dev_irq(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    (void)level;
}

static void queue_dev_init(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    qdev_init_gpio_in(dev, queue_dev_irq, 2);
    qdev_init_gpio_in_named(dev, queue_dev_irq, "ctl", 3);
}

static const TypeInfo queue_dev_info = {
    .name = TYPE_QUEUE_TEST_DEV,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(DeviceState),
    .instance_init = queue_dev_init,
};

static void queue_test_register_types(void)
{
    type_register_static(&queue_dev_info);
}

type_init(queue_test_register_types)

/* QEMU code walks a device's GPIO lists with QLIST_FOREACH. */
START_TEST(test_qdev_gpio_list)
{
    size_t live;
    DeviceState *dev;
    NamedGPIOList *ngl;
    GString *seen = g_string_new(NULL);

    module_call_init(MODULE_INIT_QOM);
    live = qemu_shim_live_objects();
    dev = qdev_new(TYPE_QUEUE_TEST_DEV);
    QLIST_FOREACH(ngl, &dev->gpios, node) {
        g_string_append_printf(seen, "%s%s:%d", seen->len ? " " : "",
                               ngl->name ? ngl->name : "-", ngl->num_in);
    }
    ck_assert_str_eq(seen->str, "ctl:3 -:2");
    ck_assert(QLIST_IS_INSERTED(QLIST_FIRST(&dev->gpios), node));
    ck_assert(QLIST_EMPTY(&dev->clocks));
    ck_assert(QLIST_EMPTY(&dev->child_bus));
    g_string_free(seen, TRUE);
    object_unref(OBJECT(dev));
    ck_assert_uint_eq(qemu_shim_live_objects(), live);
}
END_TEST

static Suite *queue_suite(void)
{
    Suite *s = suite_create("queue");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_static_initializers);
    tcase_add_test(tc, test_qlist);
    tcase_add_test(tc, test_qslist);
    tcase_add_test(tc, test_qsimpleq);
    tcase_add_test(tc, test_qtailq);
    tcase_add_test(tc, test_many_lists);
    tcase_add_test(tc, test_qdev_gpio_list);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return compat_test_run(queue_suite());
}
