/*
 * libFuzzer target: bytes as JSON text for qobject_from_json(). A finding:
 * a crash, a leak, an error without a message, or accepted text whose
 * written form (compact and pretty) does not parse back to an equal value.
 * Values holding inf or nan are not written back: QEMU writes those as
 * the non-JSON "inf"/"nan", which its parser refuses too.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp/qdict.h"
#include "qapi/qmp/qjson.h"
#include "qapi/qmp/qlist.h"
#include "qapi/qmp/qnum.h"
#include <math.h>

static bool finite_only(const QObject *obj)
{
    const QNum *num = qobject_to(QNum, obj);
    const QDict *dict = qobject_to(QDict, obj);
    const QList *list = qobject_to(QList, obj);

    if (num) {
        return num->kind != QNUM_DOUBLE || isfinite(num->u.dbl);
    }
    for (const QDictEntry *e = dict ? qdict_first(dict) : NULL; e;
         e = qdict_next(dict, e)) {
        if (!finite_only(qdict_entry_value(e))) {
            return false;
        }
    }
    for (const QListEntry *e = list ? qlist_first(list) : NULL; e;
         e = qlist_next(e)) {
        if (!finite_only(qlist_entry_obj(e))) {
            return false;
        }
    }
    return true;
}

static void round_trip(const QObject *obj, bool pretty)
{
    g_autoptr(GString) text = qobject_to_json_pretty(obj, pretty);
    Error *err = NULL;
    QObject *back = qobject_from_json(text->str, &err);

    if (!back || !qobject_is_equal(obj, back)) {
        fprintf(stderr, "FUZZ FINDING: %s does not read back: %s\n",
                text->str, err ? error_get_pretty(err) : "another value");
        abort();
    }
    qobject_unref(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = g_strndup((const char *)data, size);
    Error *err = NULL;
    QObject *obj = qobject_from_json(text, &err);

    if (!obj) {
        if (!err || !*error_get_pretty(err)) {
            fprintf(stderr, "FUZZ FINDING: refused without a message\n");
            abort();
        }
        error_free(err);
        return 0;
    }
    if (finite_only(obj)) {
        round_trip(obj, false);
        round_trip(obj, true);
    }
    qobject_unref(obj);
    return 0;
}
