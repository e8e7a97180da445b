/*
 * The shrinker (shrink.h). Every trial is a complete run on a fresh pair
 * of devices, so a candidate is kept only if it fails on its own.
 */
#include "shrink.h"

/* Trials are cheap (a fresh pair, a few operations); this is a safety cap. */
#define SHRINK_MAX_RUNS 20000

typedef struct Shrinker {
    const char *type_a;
    const char *type_b;
    GArray *ops;            /* the smallest failing sequence so far */
    unsigned runs;
} Shrinker;

/*
 * Whether @cand (which the shrinker owns from now on) still fails; if so
 * it replaces the current sequence, cut after its first difference.
 */
static bool try_candidate(Shrinker *sh, GArray *cand)
{
    long first;

    if (sh->runs >= SHRINK_MAX_RUNS || !cand->len) {
        g_array_unref(cand);
        return false;
    }
    sh->runs++;
    first = diff_run(sh->type_a, sh->type_b, (DiffOp *)cand->data, cand->len,
                     NULL, NULL);
    if (first < 0) {
        g_array_unref(cand);
        return false;
    }
    g_array_set_size(cand, first + 1);
    g_array_unref(sh->ops);
    sh->ops = cand;
    return true;
}

static GArray *copy_ops(GArray *ops)
{
    GArray *copy = g_array_sized_new(false, false, sizeof(DiffOp), ops->len);

    g_array_append_vals(copy, ops->data, ops->len);
    return copy;
}

/* Drop chunks of @chunk operations, halving the chunk down to one. */
static bool remove_chunks(Shrinker *sh)
{
    bool progress = false;

    for (guint chunk = MAX(sh->ops->len / 2, 1); chunk >= 1; chunk /= 2) {
        for (guint i = 0; i < sh->ops->len;) {
            GArray *cand = copy_ops(sh->ops);

            g_array_remove_range(cand, i, MIN(chunk, cand->len - i));
            if (try_candidate(sh, cand)) {
                progress = true;
            } else {
                i += chunk;
            }
        }
    }
    return progress;
}

/* Try @op in place of operation @i. */
static bool try_op(Shrinker *sh, guint i, const DiffOp *op)
{
    GArray *cand;

    if (i >= sh->ops->len) {
        return false;
    }
    cand = copy_ops(sh->ops);
    g_array_index(cand, DiffOp, i) = *op;
    return try_candidate(sh, cand);
}

static bool simplify_rx(Shrinker *sh, guint i)
{
    DiffOp op = g_array_index(sh->ops, DiffOp, i);
    bool progress = false;

    for (unsigned b = op.len; op.len > 1 && b-- > 0;) {
        DiffOp cand = op;

        memmove(&cand.bytes[b], &cand.bytes[b + 1], cand.len - b - 1);
        cand.len--;
        if (try_op(sh, i, &cand)) {
            op = cand;
            progress = true;
        }
    }
    return progress;
}

/* Zero, then clear bits from the top, of a write's value or a frequency. */
static bool simplify_value(Shrinker *sh, guint i)
{
    DiffOp op = g_array_index(sh->ops, DiffOp, i);
    DiffOp cand = op;
    bool progress = false;

    if (!op.value) {
        return false;
    }
    cand.value = 0;
    if (try_op(sh, i, &cand)) {
        return true;
    }
    for (int bit = 63; bit >= 0; bit--) {
        if (!(op.value >> bit & 1) || op.value == 1ULL << bit) {
            continue;
        }
        cand = op;
        cand.value &= ~(1ULL << bit);
        if (try_op(sh, i, &cand)) {
            op = cand;
            progress = true;
        }
    }
    return progress;
}

/* A 4-byte access at the register's aligned offset, if that still fails. */
static bool simplify_access(Shrinker *sh, guint i)
{
    DiffOp op = g_array_index(sh->ops, DiffOp, i);
    DiffOp cand = op;

    cand.offset &= ~3u;
    cand.size = 4;
    if (cand.kind == DIFF_OP_WRITE) {
        cand.value &= 0xffffffff;
    }
    if (!memcmp(&cand, &op, sizeof(op))) {
        return false;
    }
    return try_op(sh, i, &cand);
}

static bool simplify_ops(Shrinker *sh)
{
    bool progress = false;

    for (guint i = 0; i < sh->ops->len; i++) {
        switch (g_array_index(sh->ops, DiffOp, i).kind) {
        case DIFF_OP_RX:
            progress |= simplify_rx(sh, i);
            break;
        case DIFF_OP_WRITE:
            progress |= simplify_access(sh, i);
            progress |= simplify_value(sh, i);
            break;
        case DIFF_OP_READ:
            progress |= simplify_access(sh, i);
            break;
        case DIFF_OP_CLOCK:
            progress |= simplify_value(sh, i);
            break;
        default:
            break;
        }
    }
    return progress;
}

GArray *diff_shrink(const char *type_a, const char *type_b, const DiffOp *ops,
                    size_t n, unsigned *runs)
{
    Shrinker sh = { .type_a = type_a, .type_b = type_b };
    GArray *start = g_array_sized_new(false, false, sizeof(DiffOp), n);

    g_array_append_vals(start, ops, n);
    sh.ops = g_array_new(false, false, sizeof(DiffOp));
    if (!try_candidate(&sh, start)) {
        g_array_unref(sh.ops);
        *runs = sh.runs;
        return NULL;
    }
    /* Until a whole round changes nothing: a fixpoint. */
    for (bool progress = true; progress;) {
        progress = remove_chunks(&sh);
        progress |= simplify_ops(&sh);
    }
    *runs = sh.runs;
    return sh.ops;
}
