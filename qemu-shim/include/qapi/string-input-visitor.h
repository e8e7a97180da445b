/*
 * qapi/string-input-visitor.h - an input visitor reading one scalar from
 * a string, as QEMU's command line writes it: "on"/"off", "0x10", "4k".
 */
#ifndef STRING_INPUT_VISITOR_H
#define STRING_INPUT_VISITOR_H

#include "qapi/visitor.h"

G_BEGIN_DECLS

typedef struct StringInputVisitor StringInputVisitor;

/* @str must outlive the visitor. */
Visitor *string_input_visitor_new(const char *str);

G_END_DECLS

#endif /* STRING_INPUT_VISITOR_H */
