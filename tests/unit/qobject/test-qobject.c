/*
 * QObject (qapi/qmp/qobject.h, qdict.h, qlist.h, the scalars): reference
 * counting, QDict lookups that do not depend on the order of insertion,
 * its iteration order (QEMU's hash buckets), QList order, equality.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qdict.h"
#include "qapi/qmp/qjson.h"
#include "qapi/qmp/qlist.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"

/* The compact JSON text of @obj, to compare with an expected string. */
static char *text(const QObject *obj)
{
    return g_string_free(qobject_to_json(obj), false);
}

START_TEST(test_refcount)
{
    QString *s = qstring_from_str("x");
    QDict *d = qdict_new();

    ck_assert_ptr_eq(qobject_ref(s), s);
    ck_assert_uint_eq(s->base.refcnt, 2);
    qdict_put(d, "s", s);               /* takes one reference */
    ck_assert_uint_eq(s->base.refcnt, 2);
    qobject_unref(d);                   /* drops it */
    ck_assert_uint_eq(s->base.refcnt, 1);
    ck_assert_str_eq(qstring_get_str(s), "x");
    qobject_unref(s);
    qobject_unref(NULL);                /* allowed, as in QEMU */
    ck_assert_ptr_null(qobject_ref((QObject *)NULL));
}
END_TEST

START_TEST(test_qobject_to)
{
    QObject *n = QOBJECT(qnum_from_int(3));

    ck_assert_ptr_eq(qobject_to(QNum, n), n);
    ck_assert_ptr_null(qobject_to(QString, n));
    ck_assert_ptr_null(qobject_to(QDict, n));
    ck_assert_ptr_null(qobject_to(QNum, NULL));
    ck_assert_int_eq(qobject_type(n), QTYPE_QNUM);
    qobject_unref(n);
}
END_TEST

START_TEST(test_qnum)
{
    QNum *neg = qnum_from_int(-1), *big = qnum_from_uint(UINT64_MAX);
    QNum *dbl = qnum_from_double(2.5);
    int64_t i;
    uint64_t u;

    ck_assert(qnum_get_try_int(neg, &i) && i == -1);
    ck_assert(!qnum_get_try_uint(neg, &u));
    ck_assert(!qnum_get_try_int(big, &i));
    ck_assert(qnum_get_try_uint(big, &u) && u == UINT64_MAX);
    ck_assert_uint_eq(qnum_get_uint(big), UINT64_MAX);
    ck_assert_int_eq(qnum_get_int(neg), -1);
    ck_assert(!qnum_get_try_int(dbl, &i) && !qnum_get_try_uint(dbl, &u));
    ck_assert(qnum_get_double(dbl) == 2.5);
    ck_assert(qnum_get_double(big) == 0x1p64);
    qobject_unref(neg);
    qobject_unref(big);
    qobject_unref(dbl);
}
END_TEST

START_TEST(test_qdict_basics)
{
    QDict *d = qdict_new();
    QObject *held;

    ck_assert_uint_eq(qdict_size(d), 0);
    ck_assert_ptr_null(qdict_first(d));
    qdict_put_int(d, "i", -7);
    qdict_put_bool(d, "b", true);
    qdict_put_str(d, "s", "text");
    qdict_put_null(d, "n");
    qdict_put(d, "l", qlist_new());
    qdict_put(d, "d", qdict_new());
    ck_assert_uint_eq(qdict_size(d), 6);
    ck_assert(qdict_haskey(d, "i") && !qdict_haskey(d, "I"));
    ck_assert_int_eq(qdict_get_int(d, "i"), -7);
    ck_assert(qdict_get_double(d, "i") == -7.0);
    ck_assert(qdict_get_bool(d, "b"));
    ck_assert_str_eq(qdict_get_str(d, "s"), "text");
    ck_assert_str_eq(qdict_get_try_str(d, "s"), "text");
    ck_assert_ptr_null(qdict_get_try_str(d, "i"));      /* not a string */
    ck_assert_ptr_null(qdict_get_try_str(d, "missing"));
    ck_assert_int_eq(qdict_get_try_int(d, "i", 5), -7);
    ck_assert_int_eq(qdict_get_try_int(d, "s", 5), 5);
    ck_assert_int_eq(qdict_get_try_int(d, "missing", 5), 5);
    ck_assert(qdict_get_try_bool(d, "b", false));
    ck_assert(!qdict_get_try_bool(d, "s", false));
    ck_assert_ptr_nonnull(qdict_get_qlist(d, "l"));
    ck_assert_ptr_null(qdict_get_qlist(d, "d"));
    ck_assert_ptr_nonnull(qdict_get_qdict(d, "d"));
    ck_assert_int_eq(qobject_type(qdict_get(d, "n")), QTYPE_QNULL);
    ck_assert_ptr_null(qdict_get(d, "missing"));

    /* Replacing a value drops the old one's reference. */
    held = qobject_ref(qdict_get(d, "s"));
    qdict_put_int(d, "s", 1);
    ck_assert_uint_eq(held->base.refcnt, 1);
    ck_assert_uint_eq(qdict_size(d), 6);
    ck_assert_int_eq(qdict_get_int(d, "s"), 1);
    qobject_unref(held);

    qdict_del(d, "i");
    qdict_del(d, "missing");
    ck_assert_uint_eq(qdict_size(d), 5);
    ck_assert(!qdict_haskey(d, "i"));
    qobject_unref(d);
}
END_TEST

/* Lookups and the text do not depend on the order of insertion. */
START_TEST(test_qdict_order)
{
    static const char *const keys[] = {
        "return", "id", "error", "event", "timestamp", "data", "a", "b",
    };
    QDict *fwd = qdict_new(), *rev = qdict_new();
    g_autofree char *t1 = NULL, *t2 = NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        qdict_put_int(fwd, keys[i], i);
        qdict_put_int(rev, keys[G_N_ELEMENTS(keys) - 1 - i],
                      G_N_ELEMENTS(keys) - 1 - i);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        ck_assert_int_eq(qdict_get_int(fwd, keys[i]), i);
        ck_assert_int_eq(qdict_get_int(rev, keys[i]), i);
    }
    ck_assert(qobject_is_equal(QOBJECT(fwd), QOBJECT(rev)));
    t1 = text(QOBJECT(fwd));
    t2 = text(QOBJECT(rev));
    ck_assert_str_eq(t1, t2);
    qobject_unref(fwd);
    qobject_unref(rev);
}
END_TEST

/*
 * The order QEMU 7.2 prints: a reply's "return" before its "id", the
 * "id" before an "error", an event's "timestamp" first; keys of one bucket
 * ("minor" and "micro") newest first, as in QEMU's greeting.
 */
START_TEST(test_qdict_qemu_order)
{
    QDict *ret = qdict_new(), *err = qdict_new(), *ver = qdict_new();
    QDict *ev = qdict_new();
    g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL;

    qdict_put_int(ret, "id", 1);
    qdict_put(ret, "return", qdict_new());
    t1 = text(QOBJECT(ret));
    ck_assert_str_eq(t1, "{\"return\": {}, \"id\": 1}");

    qdict_put(err, "error", qdict_new());
    qdict_put_str(err, "id", "x");
    t2 = text(QOBJECT(err));
    ck_assert_str_eq(t2, "{\"id\": \"x\", \"error\": {}}");

    qdict_put_int(ver, "major", 7);
    qdict_put_int(ver, "minor", 2);
    qdict_put_int(ver, "micro", 0);
    t3 = text(QOBJECT(ver));
    ck_assert_str_eq(t3, "{\"micro\": 0, \"minor\": 2, \"major\": 7}");

    qdict_put_str(ev, "event", "STOP");
    qdict_put(ev, "timestamp", qdict_new());
    t4 = text(QOBJECT(ev));
    ck_assert_str_eq(t4, "{\"timestamp\": {}, \"event\": \"STOP\"}");
    qobject_unref(ret);
    qobject_unref(err);
    qobject_unref(ver);
    qobject_unref(ev);
}
END_TEST

/* Many keys: every one found, iteration visits each once. */
START_TEST(test_qdict_many)
{
    QDict *d = qdict_new();
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    QDict *copy;

    for (int i = 0; i < 5000; i++) {
        g_autofree char *key = g_strdup_printf("key%d", i);

        qdict_put_int(d, key, i);
    }
    ck_assert_uint_eq(qdict_size(d), 5000);
    for (int i = 0; i < 5000; i++) {
        g_autofree char *key = g_strdup_printf("key%d", i);

        ck_assert_int_eq(qdict_get_int(d, key), i);
    }
    for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) {
        ck_assert(g_hash_table_add(seen, (char *)qdict_entry_key(e)));
    }
    ck_assert_uint_eq(g_hash_table_size(seen), 5000);
    copy = qdict_clone_shallow(d);
    ck_assert(qobject_is_equal(QOBJECT(d), QOBJECT(copy)));
    ck_assert_uint_eq(qdict_get(d, "key7")->base.refcnt, 2);   /* shared */
    qobject_unref(copy);
    qobject_unref(d);
}
END_TEST

START_TEST(test_qlist)
{
    QList *l = qlist_new(), *copy;
    QObject *first;
    const QListEntry *e;
    int n = 0;

    ck_assert(qlist_empty(l));
    ck_assert_ptr_null(qlist_pop(l));
    ck_assert_ptr_null(qlist_peek(l));
    qlist_append_int(l, 1);
    qlist_append_str(l, "two");
    qlist_append_bool(l, false);
    qlist_append_null(l);
    qlist_append(l, qdict_new());
    ck_assert_uint_eq(qlist_size(l), 5);
    ck_assert(!qlist_empty(l));
    for (e = qlist_first(l); e; e = qlist_next(e)) {
        n++;
    }
    ck_assert_int_eq(n, 5);
    copy = qlist_copy(l);
    ck_assert(qobject_is_equal(QOBJECT(l), QOBJECT(copy)));
    ck_assert_int_eq(qobject_type(qlist_peek(l)), QTYPE_QNUM);
    first = qlist_pop(l);
    ck_assert_int_eq(qnum_get_int(qobject_to(QNum, first)), 1);
    ck_assert_uint_eq(first->base.refcnt, 2);       /* copy holds it too */
    ck_assert_str_eq(qstring_get_str(qobject_to(QString, qlist_peek(l))),
                     "two");
    ck_assert_uint_eq(qlist_size(l), 4);
    ck_assert(!qobject_is_equal(QOBJECT(l), QOBJECT(copy)));
    qobject_unref(first);
    qobject_unref(copy);
    qobject_unref(l);
}
END_TEST

START_TEST(test_equal)
{
    QObject *i1 = QOBJECT(qnum_from_int(1)), *u1 = QOBJECT(qnum_from_uint(1));
    QObject *d1 = QOBJECT(qnum_from_double(1.0));
    QObject *d15 = QOBJECT(qnum_from_double(1.5));
    QObject *umax = QOBJECT(qnum_from_uint(UINT64_MAX));
    QObject *d64 = QOBJECT(qnum_from_double(0x1p64));
    QObject *s = QOBJECT(qstring_from_str("1")), *n = QOBJECT(qnull());
    QObject *t = QOBJECT(qbool_from_bool(true));
    QObject *f = QOBJECT(qbool_from_bool(false));

    ck_assert(qobject_is_equal(i1, u1));
    ck_assert(qobject_is_equal(i1, d1) && qobject_is_equal(d1, u1));
    ck_assert(!qobject_is_equal(i1, d15));
    ck_assert(!qobject_is_equal(umax, d64));    /* 2^64 is no uint64 */
    ck_assert(!qobject_is_equal(i1, s));
    ck_assert(!qobject_is_equal(t, f) && qobject_is_equal(t, t));
    ck_assert(!qobject_is_equal(n, NULL) && qobject_is_equal(NULL, NULL));
    for (QObject **o = (QObject *[]){ i1, u1, d1, d15, umax, d64, s, n, t, f,
                                      NULL }; *o; o++) {
        qobject_unref(*o);
    }
}
END_TEST

static Suite *qobject_suite(void)
{
    Suite *s = suite_create("qobject");
    TCase *tc = tcase_create("qobject");

    tcase_add_test(tc, test_refcount);
    tcase_add_test(tc, test_qobject_to);
    tcase_add_test(tc, test_qnum);
    tcase_add_test(tc, test_qdict_basics);
    tcase_add_test(tc, test_qdict_order);
    tcase_add_test(tc, test_qdict_qemu_order);
    tcase_add_test(tc, test_qdict_many);
    tcase_add_test(tc, test_qlist);
    tcase_add_test(tc, test_equal);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(qobject_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
