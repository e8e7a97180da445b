/*
 * The Resettable interface: three-phase reset over a tree of objects.
 *
 * Each object counts how many resets are asserted on it; its phases run
 * only on the first assert (enter, hold) and the last release (exit). The
 * tree is walked through ResettableClass.child_foreach, children first.
 */
#include "qemu/osdep.h"
#include "hw/resettable.h"
#include "qemu/module.h"
#include "qemu/error-report.h"

/* Deep enough for any real reset tree; catches a cycle in the tree. */
#define RESETTABLE_MAX_COUNT 50

static unsigned enter_phase_in_progress;
static unsigned exit_phase_in_progress;

static void resettable_phase_enter(Object *obj, void *opaque, ResetType type);
static void resettable_phase_hold(Object *obj, void *opaque, ResetType type);
static void resettable_phase_exit(Object *obj, void *opaque, ResetType type);

static void check_type(ResetType type)
{
    /* QEMU 7.2 only knows cold reset. */
    if (type != RESET_TYPE_COLD) {
        error_report("resettable: unknown reset type %d", (int)type);
        abort();
    }
}

void resettable_reset(Object *obj, ResetType type)
{
    resettable_assert_reset(obj, type);
    resettable_release_reset(obj, type);
}

void resettable_assert_reset(Object *obj, ResetType type)
{
    check_type(type);
    assert(!enter_phase_in_progress);

    enter_phase_in_progress++;
    resettable_phase_enter(obj, NULL, type);
    enter_phase_in_progress--;

    resettable_phase_hold(obj, NULL, type);
}

void resettable_release_reset(Object *obj, ResetType type)
{
    check_type(type);
    assert(!enter_phase_in_progress);

    exit_phase_in_progress++;
    resettable_phase_exit(obj, NULL, type);
    exit_phase_in_progress--;
}

bool resettable_is_in_reset(Object *obj)
{
    ResettableClass *rc = RESETTABLE_GET_CLASS(obj);

    return rc->get_state(obj)->count > 0;
}

static void resettable_child_foreach(ResettableClass *rc, Object *obj,
                                     ResettableChildCallback cb,
                                     void *opaque, ResetType type)
{
    if (rc->child_foreach) {
        rc->child_foreach(obj, cb, opaque, type);
    }
}

static ResettableTrFunction resettable_get_tr_func(ResettableClass *rc,
                                                   Object *obj)
{
    return rc->get_transitional_function ?
           rc->get_transitional_function(obj) : NULL;
}

static void resettable_phase_enter(Object *obj, void *opaque G_GNUC_UNUSED,
                                   ResetType type)
{
    ResettableClass *rc = RESETTABLE_GET_CLASS(obj);
    ResettableState *s = rc->get_state(obj);
    bool action_needed;

    assert(!s->exit_phase_in_progress);

    action_needed = s->count++ == 0;
    assert(s->count <= RESETTABLE_MAX_COUNT);

    /* Children's counts must go up even when ours was already non-zero. */
    resettable_child_foreach(rc, obj, resettable_phase_enter, NULL, type);

    if (action_needed) {
        if (rc->phases.enter && !resettable_get_tr_func(rc, obj)) {
            rc->phases.enter(obj, type);
        }
        s->hold_phase_pending = true;
    }
}

static void resettable_phase_hold(Object *obj, void *opaque G_GNUC_UNUSED,
                                  ResetType type)
{
    ResettableClass *rc = RESETTABLE_GET_CLASS(obj);
    ResettableState *s = rc->get_state(obj);

    resettable_child_foreach(rc, obj, resettable_phase_hold, NULL, type);

    if (s->hold_phase_pending) {
        ResettableTrFunction tr_func = resettable_get_tr_func(rc, obj);

        s->hold_phase_pending = false;
        if (tr_func) {
            /* Legacy reset runs in place of the three phases. */
            tr_func(obj);
        } else if (rc->phases.hold) {
            rc->phases.hold(obj);
        }
    }
}

static void resettable_phase_exit(Object *obj, void *opaque G_GNUC_UNUSED,
                                  ResetType type)
{
    ResettableClass *rc = RESETTABLE_GET_CLASS(obj);
    ResettableState *s = rc->get_state(obj);

    assert(!s->exit_phase_in_progress);
    s->exit_phase_in_progress = true;
    resettable_child_foreach(rc, obj, resettable_phase_exit, NULL, type);

    assert(s->count > 0);
    if (--s->count == 0) {
        if (rc->phases.exit && !resettable_get_tr_func(rc, obj)) {
            rc->phases.exit(obj);
        }
    }
    s->exit_phase_in_progress = false;
}

/* How many resets @obj's parent imposes on it (the parent's count). */
static unsigned resettable_get_count(Object *obj)
{
    if (obj) {
        ResettableClass *rc = RESETTABLE_GET_CLASS(obj);
        return rc->get_state(obj)->count;
    }
    return 0;
}

void resettable_change_parent(Object *obj, Object *newp, Object *oldp)
{
    ResettableClass *rc = RESETTABLE_GET_CLASS(obj);
    ResettableState *s = rc->get_state(obj);
    unsigned newp_count = resettable_get_count(newp);
    unsigned oldp_count = resettable_get_count(oldp);
    unsigned i;

    /* Not while a reset walks the tree: it would see a half-moved child. */
    assert(!enter_phase_in_progress && !exit_phase_in_progress);

    /* Only the difference between the two counts is applied. */
    for (i = oldp_count; i < newp_count; i++) {
        resettable_assert_reset(obj, RESET_TYPE_COLD);
    }
    /* Leaving a parent in reset: do not leave a hold phase pending. */
    if (oldp_count && s->hold_phase_pending) {
        resettable_phase_hold(obj, NULL, RESET_TYPE_COLD);
    }
    for (i = newp_count; i < oldp_count; i++) {
        resettable_release_reset(obj, RESET_TYPE_COLD);
    }
}

void resettable_cold_reset_fn(void *opaque)
{
    resettable_reset((Object *)opaque, RESET_TYPE_COLD);
}

void resettable_class_set_parent_phases(ResettableClass *rc,
                                        ResettableEnterPhase enter,
                                        ResettableHoldPhase hold,
                                        ResettableExitPhase exit,
                                        ResettablePhases *parent_phases)
{
    *parent_phases = rc->phases;
    if (enter) {
        rc->phases.enter = enter;
    }
    if (hold) {
        rc->phases.hold = hold;
    }
    if (exit) {
        rc->phases.exit = exit;
    }
}

void resettable_state_clear(ResettableState *state)
{
    memset(state, 0, sizeof(ResettableState));
}

static const TypeInfo resettable_interface_info = {
    .name       = TYPE_RESETTABLE_INTERFACE,
    .parent     = TYPE_INTERFACE,
    .class_size = sizeof(ResettableClass),
};

static void reset_register_types(void)
{
    type_register_static(&resettable_interface_info);
}

type_init(reset_register_types)
