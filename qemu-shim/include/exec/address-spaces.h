/*
 * exec/address-spaces.h - the machine's system memory region and its
 * address space, as in QEMU 7.2. Both exist from the first call of
 * get_system_memory() (the memory API's own entry points call it too).
 */
#ifndef EXEC_ADDRESS_SPACES_H
#define EXEC_ADDRESS_SPACES_H

#include "exec/memory.h"

G_BEGIN_DECLS

/* The root container of guest physical memory ("system", 2^64 bytes). */
MemoryRegion *get_system_memory(void);

/*
 * Shim-only, part of qemu_shim_teardown(): destroy address_space_memory
 * and the "system" region, unmapping whatever is still mapped in it.
 */
void qemu_shim_memory_teardown(void);

/* The address space rooted at get_system_memory() ("memory"). */
extern AddressSpace address_space_memory;

G_END_DECLS

#endif /* EXEC_ADDRESS_SPACES_H */
