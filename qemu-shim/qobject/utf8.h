/*
 * Modified UTF-8 (UTF-8, with U+0000 as the two bytes C0 80 so that
 * strings stay NUL-terminated), as QEMU's JSON code reads and writes it.
 */
#ifndef QOBJECT_UTF8_H
#define QOBJECT_UTF8_H

#include "qemu/osdep.h"

/*
 * The code point at @s, at most @n bytes, and in *@end where the next one
 * starts; -1 for an invalid sequence (overlong but C0 80, surrogate,
 * noncharacter, beyond U+10FFFF, truncated), *@end then past the bytes
 * that belong to it.
 */
G_GNUC_INTERNAL int mod_utf8_next(const char *s, size_t n, const char **end);

/* @cp in @buf, NUL-terminated; -1 (and nothing) if not a valid character. */
G_GNUC_INTERNAL int mod_utf8_put(char buf[5], int cp);

#endif
