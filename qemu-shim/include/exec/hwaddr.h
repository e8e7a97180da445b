/*
 * exec/hwaddr.h - the type of a guest physical address, as in QEMU 7.2.
 */
#ifndef HWADDR_H
#define HWADDR_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

#define HWADDR_BITS 64
/* A guest physical address; always 64 bits wide. */
typedef uint64_t hwaddr;
#define HWADDR_MAX UINT64_MAX
#define TARGET_FMT_plx "%016" PRIx64
#define HWADDR_PRId PRId64
#define HWADDR_PRIi PRIi64
#define HWADDR_PRIo PRIo64
#define HWADDR_PRIu PRIu64
#define HWADDR_PRIx PRIx64
#define HWADDR_PRIX PRIX64

/* One entry of a board's memory map. */
typedef struct MemMapEntry {
    hwaddr base;
    hwaddr size;
} MemMapEntry;

G_END_DECLS

#endif /* HWADDR_H */
