/*
 * Shrinking a failing lockstep sequence to a minimal one (delta
 * debugging): drop chunks of operations, then single ones, then simplify
 * the values of those left, as long as the two devices still differ.
 */
#ifndef DIFF_SHRINK_H
#define DIFF_SHRINK_H

#include "lockstep.h"

G_BEGIN_DECLS

/*
 * A subsequence of @ops (whose run on @type_a/@type_b differs) on which
 * the devices still differ and from which no single operation, byte or
 * value bit can be removed. *@runs gets the number of trial runs.
 * Returns NULL if @ops do not differ in the first place.
 */
GArray *diff_shrink(const char *type_a, const char *type_b, const DiffOp *ops,
                    size_t n, unsigned *runs);

G_END_DECLS

#endif /* DIFF_SHRINK_H */
