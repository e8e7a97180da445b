/*
 * qapi/qobject-input-visitor.h - an input visitor reading one scalar
 * QObject, strictly typed: a QBool for a bool, a QNum for a number...
 */
#ifndef QOBJECT_INPUT_VISITOR_H
#define QOBJECT_INPUT_VISITOR_H

#include "qapi/visitor.h"
#include "qapi/qmp/qobject.h"

G_BEGIN_DECLS

typedef struct QObjectInputVisitor QObjectInputVisitor;

/* Takes its own reference to @obj. */
Visitor *qobject_input_visitor_new(QObject *obj);

G_END_DECLS

#endif /* QOBJECT_INPUT_VISITOR_H */
