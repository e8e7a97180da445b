/*
 * qapi/qobject-output-visitor.h - an output visitor producing one scalar
 * QObject.
 */
#ifndef QOBJECT_OUTPUT_VISITOR_H
#define QOBJECT_OUTPUT_VISITOR_H

#include "qapi/visitor.h"
#include "qapi/qmp/qobject.h"

G_BEGIN_DECLS

typedef struct QObjectOutputVisitor QObjectOutputVisitor;

/* visit_complete(v, @result) stores a new reference in *@result. */
Visitor *qobject_output_visitor_new(QObject **result);

G_END_DECLS

#endif /* QOBJECT_OUTPUT_VISITOR_H */
