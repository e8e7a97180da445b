/*
 * qapi/qmp/qnull.h - QEMU 7.2's QNull: JSON null.
 */
#ifndef QNULL_H
#define QNULL_H

#include "qapi/qmp/qobject.h"

G_BEGIN_DECLS

struct QNull {
    struct QObjectBase_ base;
};

#define QTYPE_CAST_TO_QNull QTYPE_QNULL

/* A new reference to a null (QEMU shares one; here each is its own). */
QNull *qnull(void);

G_END_DECLS

#endif /* QNULL_H */
