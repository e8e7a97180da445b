/*
 * hw/resettable.h - the Resettable interface (multi-phase reset), QEMU 7.2 API.
 *
 * Resetting an object walks its reset tree (a device's child buses, a bus's
 * devices) three times: every object's enter phase, then every hold phase,
 * then every exit phase. Children run each phase before their parent.
 */
#ifndef HW_RESETTABLE_H
#define HW_RESETTABLE_H

#include "qemu/osdep.h"
#include "qom/object.h"

G_BEGIN_DECLS

#define TYPE_RESETTABLE_INTERFACE "resettable"

typedef struct ResettableClass ResettableClass;
typedef struct ResettableState ResettableState;

DECLARE_CLASS_CHECKERS(ResettableClass, RESETTABLE, TYPE_RESETTABLE_INTERFACE)

typedef enum ResetType {
    RESET_TYPE_COLD,
} ResetType;

typedef void (*ResettableEnterPhase)(Object *obj, ResetType type);
typedef void (*ResettableHoldPhase)(Object *obj);
typedef void (*ResettableExitPhase)(Object *obj);
typedef ResettableState *(*ResettableGetState)(Object *obj);
typedef void (*ResettableTrFunction)(Object *obj);
typedef ResettableTrFunction (*ResettableGetTrFunction)(Object *obj);
typedef void (*ResettableChildCallback)(Object *obj, void *opaque,
                                        ResetType type);
typedef void (*ResettableChildForeach)(Object *obj,
                                       ResettableChildCallback cb,
                                       void *opaque, ResetType type);

typedef struct ResettablePhases {
    ResettableEnterPhase enter;
    ResettableHoldPhase hold;
    ResettableExitPhase exit;
} ResettablePhases;

struct ResettableClass {
    InterfaceClass parent_class;

    ResettablePhases phases;

    /* Where the object keeps its ResettableState. Mandatory. */
    ResettableGetState get_state;

    /*
     * Legacy reset bridge: when this returns a function, that function is
     * called in the hold phase instead of phases.enter/hold/exit.
     */
    ResettableGetTrFunction get_transitional_function;

    /* Calls @cb on each child in the reset tree. */
    ResettableChildForeach child_foreach;
};

struct ResettableState {
    unsigned count;
    bool hold_phase_pending;
    bool exit_phase_in_progress;
};

/* Clears a state left dirty, e.g. by an unrealize in the middle of reset. */
void resettable_state_clear(ResettableState *state);

/* Full reset: assert then release. Only RESET_TYPE_COLD exists in 7.2. */
void resettable_reset(Object *obj, ResetType type);

/* Enter and hold phases; the object stays in reset until released. */
void resettable_assert_reset(Object *obj, ResetType type);

/* Exit phase, once the last assert on the object is released. */
void resettable_release_reset(Object *obj, ResetType type);

bool resettable_is_in_reset(Object *obj);

/*
 * Tells the reset machinery that @obj moved from parent @oldp to @newp
 * (either may be NULL), so that its reset count follows the new parent's.
 */
void resettable_change_parent(Object *obj, Object *newp, Object *oldp);

/* For qemu_register_reset(): @opaque is the Object to cold-reset. */
void resettable_cold_reset_fn(void *opaque);

/*
 * Installs @enter, @hold and @exit (when non-NULL) as @rc's phases, saving
 * the previous ones in @parent_phases so the subclass can chain to them.
 */
void resettable_class_set_parent_phases(ResettableClass *rc,
                                        ResettableEnterPhase enter,
                                        ResettableHoldPhase hold,
                                        ResettableExitPhase exit,
                                        ResettablePhases *parent_phases);

G_END_DECLS

#endif /* HW_RESETTABLE_H */
