/*
 * migration/savevm.h - the whole-state migration stream: every registered
 * VMState section framed as QEMU 7.2 frames it (QEMU keeps these constants
 * in its migration/savevm.h). The host wires the shim functions below to
 * QMP migrate and -incoming.
 */
#ifndef MIGRATION_SAVEVM_H
#define MIGRATION_SAVEVM_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

#define QEMU_VM_FILE_MAGIC           0x5145564d
#define QEMU_VM_FILE_VERSION_COMPAT  0x00000002
#define QEMU_VM_FILE_VERSION         0x00000003

#define QEMU_VM_EOF                  0x00
#define QEMU_VM_SECTION_START        0x01
#define QEMU_VM_SECTION_PART         0x02
#define QEMU_VM_SECTION_END          0x03
#define QEMU_VM_SECTION_FULL         0x04
#define QEMU_VM_SUBSECTION           0x05
#define QEMU_VM_VMDESCRIPTION        0x06
#define QEMU_VM_CONFIGURATION        0x07
#define QEMU_VM_COMMAND              0x08
#define QEMU_VM_SECTION_FOOTER       0x7e

/*
 * Shim: write the header, the configuration section, one
 * QEMU_VM_SECTION_FULL section per registered (and needed) VMState, and
 * QEMU_VM_EOF, then the JSON description QEMU sends after it. No RAM, CPU
 * or iterative sections. Returns 0, or a negative errno with *errp set.
 */
int qemu_shim_savevm_state(QEMUFile *f, Error **errp);

/*
 * Shim: load such a stream into the registered VMStates. Sections are found
 * by idstr and instance id, as QEMU does. A section the shim does not know
 * (RAM, a CPU, another device) fails the load with an error naming it; so
 * do a bad header, a truncated stream and anything vmstate_load_state()
 * rejects. On failure every registered state is put back as it was.
 */
int qemu_shim_loadvm_state(QEMUFile *f, Error **errp);

/*
 * Shim: the machine the configuration section names and checks on load,
 * and its target page bits. Defaults are those of qemu-system-arm 7.2's
 * "-M virt": "virt-7.2", 12 bits (minimum 10; a value above the minimum is
 * sent in the configuration/target-page-bits subsection).
 */
void qemu_shim_savevm_set_machine(const char *name, uint32_t target_page_bits,
                                  uint32_t target_page_bits_min);
const char *qemu_shim_savevm_get_machine(void);

G_END_DECLS

#endif /* MIGRATION_SAVEVM_H */
