/*
 * qapi/qmp/qstring.h - QEMU 7.2's QString: a JSON string, held as
 * (modified) UTF-8 and NUL-terminated.
 */
#ifndef QSTRING_H
#define QSTRING_H

#include "qapi/qmp/qobject.h"

G_BEGIN_DECLS

struct QString {
    struct QObjectBase_ base;
    const char *string;
};

#define QTYPE_CAST_TO_QString QTYPE_QSTRING

QString *qstring_new(void);
QString *qstring_from_str(const char *str);
/* The bytes [@start, @end) of @str. */
QString *qstring_from_substr(const char *str, size_t start, size_t end);
/* Takes @gstr's buffer and frees @gstr. */
QString *qstring_from_gstring(GString *gstr);
const char *qstring_get_str(const QString *qstring);

G_END_DECLS

#endif /* QSTRING_H */
