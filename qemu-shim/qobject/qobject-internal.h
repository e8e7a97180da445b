/*
 * What the QObject files share and nobody else sees (as QEMU's
 * qobject/qobject-internal.h).
 */
#ifndef QOBJECT_INTERNAL_H
#define QOBJECT_INTERNAL_H

#include "qapi/qmp/qobject.h"

/* A new object of @type with one reference. */
G_GNUC_INTERNAL void qobject_init(QObject *obj, QType type);

/* Drop every member's reference and free the entries (the last unref). */
G_GNUC_INTERNAL void qdict_destroy_members(QDict *qdict);
G_GNUC_INTERNAL void qlist_destroy_members(QList *qlist);

#endif
