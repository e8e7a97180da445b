/*
 * Lockstep sequences as text. The syntax is the PL011 conformance format
 * (tests/pl011/README.md) plus two commands only the lockstep engine can
 * run, "x-clock HZ" and "x-migrate", and offsets up to 0x100f: a sequence
 * without those is a conformance scenario (commands only: record its
 * expected events with the conformance runner's --record).
 */
#ifndef DIFF_SCENARIO_IO_H
#define DIFF_SCENARIO_IO_H

#include "lockstep.h"

G_BEGIN_DECLS

/* Whether the conformance runner can run @op as it is. */
bool diff_op_is_conformance(const DiffOp *op);

/*
 * The scenario text for @ops: @comment (may span lines) as '#' lines,
 * "variant: luminary" if @luminary, then one command per line.
 */
void diff_scenario_format(const DiffOp *ops, size_t n, bool luminary,
                          const char *comment, GString *out);
bool diff_scenario_write(const char *path, const DiffOp *ops, size_t n,
                         bool luminary, const char *comment, GError **errp);

/*
 * Parse scenario text; event lines (indented) and "= VALUE" results are
 * ignored. Returns the operations, or NULL with @errp naming the line.
 */
GArray *diff_scenario_parse(const char *text, bool *luminary, GError **errp);
GArray *diff_scenario_load(const char *path, bool *luminary, GError **errp);

G_END_DECLS

#endif /* DIFF_SCENARIO_IO_H */
