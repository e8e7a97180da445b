/*
 * qemu/typedefs.h - forward declarations of the QEMU types the shim knows,
 * so that headers can name each other's types without including each other.
 * Same names as QEMU 7.2's qemu/typedefs.h.
 */
#ifndef QEMU_TYPEDEFS_H
#define QEMU_TYPEDEFS_H

typedef struct AddressSpace AddressSpace;
typedef struct BusClass BusClass;
typedef struct BusState BusState;
typedef struct Chardev Chardev;
typedef struct Clock Clock;
typedef struct CoalescedMemoryRange CoalescedMemoryRange;
typedef struct DeviceListener DeviceListener;
typedef struct DeviceState DeviceState;
typedef struct Error Error;
typedef struct FlatView FlatView;
typedef struct IRQState *qemu_irq;
typedef struct MachineState MachineState;
typedef struct MemReentrancyGuard MemReentrancyGuard;
typedef struct MemoryRegion MemoryRegion;
typedef struct MemoryRegionIoeventfd MemoryRegionIoeventfd;
typedef struct MemoryRegionSection MemoryRegionSection;
typedef struct NamedGPIOList NamedGPIOList;
typedef struct Object Object;
typedef struct ObjectClass ObjectClass;
typedef struct Property Property;
typedef struct PropertyInfo PropertyInfo;
typedef struct QBool QBool;
typedef struct QDict QDict;
typedef struct QEMUFile QEMUFile;
typedef struct QList QList;
typedef struct QNull QNull;
typedef struct QNum QNum;
typedef struct QObject QObject;
typedef struct QString QString;
typedef struct RamDiscardManager RamDiscardManager;
typedef struct QEMUTimer QEMUTimer;
typedef struct QEMUTimerListGroup QEMUTimerListGroup;
typedef struct SysBusDevice SysBusDevice;
typedef struct VMStateDescription VMStateDescription;
typedef struct Visitor Visitor;

typedef void SaveStateHandler(QEMUFile *f, void *opaque);
typedef int LoadStateHandler(QEMUFile *f, void *opaque, int version_id);

/* The callback type of a GPIO input line (hw/irq.h). */
typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

#endif /* QEMU_TYPEDEFS_H */
