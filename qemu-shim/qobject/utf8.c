/*
 * Modified UTF-8 (utf8.h): the rules of QEMU 7.2's util/unicode.c.
 */
#include "utf8.h"

static bool valid_code_point(uint32_t cp)
{
    return cp <= 0x10FFFF &&
           !(cp >= 0xFDD0 && cp <= 0xFDEF) &&   /* noncharacters */
           (cp & 0xFFFE) != 0xFFFE &&
           !(cp >= 0xD800 && cp <= 0xDFFF);     /* surrogates */
}

int mod_utf8_next(const char *s, size_t n, const char **end)
{
    static const uint32_t shortest[] = { 0x80, 0x800, 0x10000, 0x200000,
                                         0x4000000 };
    const unsigned char *p = (const unsigned char *)s;
    unsigned lead, len = 0;
    uint32_t cp;

    if (n == 0 || !*p) {
        *end = s;
        return -1;
    }
    lead = *p++;
    if (lead < 0x80) {
        *end = (const char *)p;
        return lead;
    }
    if (lead >= 0xFE || !(lead & 0x40)) {
        *end = (const char *)p;    /* FE, FF, or a stray continuation */
        return -1;
    }
    while (lead & (0x80 >> len)) {
        len++;
    }
    cp = lead & (0x7F >> len);
    for (unsigned i = 1; i < len; i++) {
        if (i >= n || (*p & 0xC0) != 0x80) {
            *end = (const char *)p;
            return -1;
        }
        cp = cp << 6 | (*p++ & 0x3F);
    }
    *end = (const char *)p;
    if (!valid_code_point(cp) ||
        (cp < shortest[len - 2] && !(cp == 0 && len == 2))) {
        return -1;
    }
    return cp;
}

int mod_utf8_put(char buf[5], int cp)
{
    if (cp < 0 || !valid_code_point(cp)) {
        return -1;
    }
    if (cp > 0 && cp < 0x80) {
        buf[0] = cp;
        buf[1] = 0;
        return 1;
    }
    if (cp < 0x800) {                   /* U+0000 too: C0 80 */
        buf[0] = 0xC0 | cp >> 6;
        buf[1] = 0x80 | (cp & 0x3F);
        buf[2] = 0;
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = 0xE0 | cp >> 12;
        buf[1] = 0x80 | (cp >> 6 & 0x3F);
        buf[2] = 0x80 | (cp & 0x3F);
        buf[3] = 0;
        return 3;
    }
    buf[0] = 0xF0 | cp >> 18;
    buf[1] = 0x80 | (cp >> 12 & 0x3F);
    buf[2] = 0x80 | (cp >> 6 & 0x3F);
    buf[3] = 0x80 | (cp & 0x3F);
    buf[4] = 0;
    return 4;
}
