/*
 * sp804-c with one deliberate bug (its /16 prescaler divides by 8), type
 * "x-sp804-c-mutant": the lockstep must tell it from sp804-c.
 */
#define SP804_REF_MUTANT
#include "hw/timer/sp804_ref.c"
