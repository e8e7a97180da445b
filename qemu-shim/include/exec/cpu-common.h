/*
 * exec/cpu-common.h - the target-independent bits of QEMU 7.2's CPU/memory
 * glue that device code uses: device endianness and the cpu_physical_memory
 * shortcuts into address_space_memory.
 */
#ifndef CPU_COMMON_H
#define CPU_COMMON_H

#include "qemu/osdep.h"
#include "exec/hwaddr.h"

G_BEGIN_DECLS

/* An offset into the RAM of the machine (QEMU's ram_addr_t). */
typedef uintptr_t ram_addr_t;
#define RAM_ADDR_MAX UINTPTR_MAX
#define RAM_ADDR_FMT "%" PRIxPTR

/*
 * Byte order of a device's registers. NATIVE means the target's, which for
 * the shim (little-endian Arm) is little endian.
 */
enum device_endian {
    DEVICE_NATIVE_ENDIAN,
    DEVICE_BIG_ENDIAN,
    DEVICE_LITTLE_ENDIAN,
};

#if G_BYTE_ORDER == G_BIG_ENDIAN
#define DEVICE_HOST_ENDIAN DEVICE_BIG_ENDIAN
#else
#define DEVICE_HOST_ENDIAN DEVICE_LITTLE_ENDIAN
#endif

/* Copy to or from address_space_memory, ignoring the MemTxResult. */
void cpu_physical_memory_rw(hwaddr addr, void *buf, hwaddr len,
                            bool is_write);

static inline void cpu_physical_memory_read(hwaddr addr, void *buf,
                                            hwaddr len)
{
    cpu_physical_memory_rw(addr, buf, len, false);
}

static inline void cpu_physical_memory_write(hwaddr addr, const void *buf,
                                             hwaddr len)
{
    cpu_physical_memory_rw(addr, (void *)buf, len, true);
}

G_END_DECLS

#endif /* CPU_COMMON_H */
