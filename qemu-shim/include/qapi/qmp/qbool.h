/*
 * qapi/qmp/qbool.h - QEMU 7.2's QBool: JSON true and false.
 */
#ifndef QBOOL_H
#define QBOOL_H

#include "qapi/qmp/qobject.h"

G_BEGIN_DECLS

struct QBool {
    struct QObjectBase_ base;
    bool value;
};

#define QTYPE_CAST_TO_QBool QTYPE_QBOOL

QBool *qbool_from_bool(bool value);
bool qbool_get_bool(const QBool *qb);

G_END_DECLS

#endif /* QBOOL_H */
