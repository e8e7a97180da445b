// Example for qemu-cxx/vmstate.hh: a UART-like state described next to its
// fields, saved into QEMU's wire format and loaded back.
#include "qemu-cxx/vmstate.hh"

#include "migration/qemu-file.h"

// A nested register block with its own description (VMSTATE_STRUCT).
struct Baud {
    uint32_t ibrd;
    uint32_t fbrd;

    static qemu::VMState<Baud> vmstate()
    {
        return qemu::VMState<Baud>("uart/baud")
            .fields(QEMU_VMSTATE(ibrd), QEMU_VMSTATE(fbrd));
    }
};

class Uart {
public:
    uint32_t flags = 0x90;
    uint8_t fifo[4] = { 'a', 'b', 0, 0 };
    int32_t count = 2;
    Baud baud = { 26, 3 };
    bool loopback = false;
    int loads = 0;

    qemu::Result<void> post_load(int version_id)
    {
        if (count < 0 || count > 4) {
            return qemu::failure("FIFO count out of range");
        }
        loads++;
        (void)version_id;
        return {};
    }

    // The whole migration state: a short list next to the fields.
    static qemu::VMState<Uart> vmstate()
    {
        return qemu::VMState<Uart>("uart")
            .version_id(2).minimum_version_id(1)
            .post_load<&Uart::post_load>()
            .fields(QEMU_VMSTATE(flags), QEMU_VMSTATE(fifo),
                    QEMU_VMSTATE(count), QEMU_VMSTATE(baud),
                    QEMU_VMSTATE(baud.ibrd).version_id(2))
            .subsections(qemu::VMState<Uart>("uart/loopback")
                             .needed<[](const Uart &u) {
                                 return u.loopback;
                             }>()
                             .fields(QEMU_VMSTATE(loopback)));
    }
};

int main()
{
    static_assert(qemu::HasVmstate<Uart> && !qemu::HasVmstate<int>);
    const VMStateDescription *vmsd = qemu::vmstate_description<Uart>();
    g_assert(vmsd == qemu::vmstate_description<Uart>());   // built once
    g_assert(!strcmp(vmsd->name, "uart") && vmsd->version_id == 2);

    Uart a;
    a.loopback = true;
    QEMUFile *out = qemu_shim_file_new_output();
    g_assert(vmstate_save_state(out, vmsd, &a, nullptr) == 0);
    size_t len;
    const uint8_t *bytes = qemu_shim_file_output_data(out, &len);

    // Four fields, the nested struct, the v2 field, then the subsection.
    g_assert(bytes[3] == 0x90 && bytes[4] == 'a');

    Uart b;
    b.flags = 0;
    QEMUFile *in = qemu_shim_file_new_input(bytes, len);
    g_assert(vmstate_load_state(in, vmsd, &b, 2) == 0);
    g_assert(b.flags == 0x90 && b.loopback && b.loads == 1);
    qemu_fclose(in);
    qemu_fclose(out);
    printf("saved and loaded %zu bytes\n", len);
    return 0;
}
