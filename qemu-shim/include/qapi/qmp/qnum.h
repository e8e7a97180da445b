/*
 * qapi/qmp/qnum.h - QEMU 7.2's QNum: a JSON number, kept as the int64,
 * uint64 or double it was made from (the parser picks the first that
 * holds the text exactly), so that 2^64 - 1 survives a round trip.
 */
#ifndef QNUM_H
#define QNUM_H

#include "qapi/qmp/qobject.h"

G_BEGIN_DECLS

typedef enum {
    QNUM_I64,
    QNUM_U64,
    QNUM_DOUBLE
} QNumKind;

struct QNum {
    struct QObjectBase_ base;
    QNumKind kind;
    union {
        int64_t i64;
        uint64_t u64;
        double dbl;
    } u;
};

#define QTYPE_CAST_TO_QNum QTYPE_QNUM

QNum *qnum_from_int(int64_t value);
QNum *qnum_from_uint(uint64_t value);
QNum *qnum_from_double(double value);

/* false if the value is a double or does not fit. */
bool qnum_get_try_int(const QNum *qn, int64_t *val);
bool qnum_get_try_uint(const QNum *qn, uint64_t *val);
/* As the _try_ ones, which must succeed. */
int64_t qnum_get_int(const QNum *qn);
uint64_t qnum_get_uint(const QNum *qn);
/* Any kind, converted. */
double qnum_get_double(const QNum *qn);

G_END_DECLS

#endif /* QNUM_H */
