/*
 * qapi/string-output-visitor.h - an output visitor printing one scalar as
 * a string; @human adds detail ("16 (0x10)", quotes around strings).
 */
#ifndef STRING_OUTPUT_VISITOR_H
#define STRING_OUTPUT_VISITOR_H

#include "qapi/visitor.h"

G_BEGIN_DECLS

typedef struct StringOutputVisitor StringOutputVisitor;

/* visit_complete(v, @result) stores a new string in *@result. */
Visitor *string_output_visitor_new(bool human, char **result);

G_END_DECLS

#endif /* STRING_OUTPUT_VISITOR_H */
