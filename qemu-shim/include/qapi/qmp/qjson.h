/*
 * qapi/qmp/qjson.h - QEMU 7.2's JSON codec for QObjects.
 *
 * Reading is RFC 8259 plus what QEMU's parser accepts: single-quoted
 * strings, "\'" in strings; strings are (modified) UTF-8, "\u0000"
 * becoming the two bytes C0 80. Integers that fit int64, else uint64,
 * become those QNums; other numbers doubles (1e400 is infinity). Objects
 * and arrays nest at most 1024 deep; a key may appear once. Anything
 * else, including a second value after the first, is an Error whose
 * message starts as QEMU's does ("JSON parse error, ..."), never a crash.
 *
 * Writing is QEMU's text: ": " and ", " between members, strings with
 * every byte outside printable ASCII as \uXXXX (surrogate pairs beyond
 * the BMP, U+FFFD for invalid UTF-8), '/' as is, doubles as "%.17g" in
 * the C locale (so a non-finite one as inf or nan, as QEMU prints it).
 */
#ifndef QJSON_H
#define QJSON_H

#include "qapi/qmp/qobject.h"

G_BEGIN_DECLS

/* The value @string holds, or NULL with @errp set. */
QObject *qobject_from_json(const char *string, Error **errp);

/* @obj as JSON text on one line. */
GString *qobject_to_json(const QObject *obj);
/* @pretty: one member per line, indented by four spaces per level. */
GString *qobject_to_json_pretty(const QObject *obj, bool pretty);

G_END_DECLS

#endif /* QJSON_H */
