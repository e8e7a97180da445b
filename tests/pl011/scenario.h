/*
 * PL011 conformance scenarios: a text file of commands (register accesses,
 * bytes arriving, break, reset) whose indented lines are the events the
 * commands must cause. The file is its own expected trace; README.md
 * describes the format.
 */
#ifndef PL011_SCENARIO_H
#define PL011_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

G_BEGIN_DECLS

typedef enum ScenarioCmdKind {
    SCN_READ,       /* readN OFF = VALUE */
    SCN_WRITE,      /* writeN OFF VALUE */
    SCN_RX,         /* rx BYTE... : queue bytes for the receive side */
    SCN_BREAK,      /* break: a break condition on the receive side */
    SCN_RESET,      /* reset: QMP system_reset */
} ScenarioCmdKind;

typedef struct ScenarioCmd {
    ScenarioCmdKind kind;
    unsigned size;          /* SCN_READ, SCN_WRITE: 1, 2, 4 or 8 */
    uint64_t offset;        /* SCN_READ, SCN_WRITE: from the UART's base */
    uint64_t value;         /* SCN_WRITE: the value written */
    GByteArray *bytes;      /* SCN_RX */
} ScenarioCmd;

typedef struct Scenario {
    char *path;
    char *name;             /* file name without directory and extension */
    bool luminary;          /* "variant: luminary" */
    char **targets;         /* "target: KIND..." (NULL: every target) */
    ScenarioCmd *cmds;
    size_t n_cmds;
    char **lines;           /* the file, line by line, for --record */
    char *expected;         /* the canonical trace the file expects */
} Scenario;

/* Loads and parses @path; on a syntax error names the file and line. */
Scenario *scenario_load(const char *path, GError **errp);
/* The same from @text (e.g. a generated scenario); @path names it in errors. */
Scenario *scenario_parse(const char *path, const char *text, GError **errp);
void scenario_free(Scenario *sc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Scenario, scenario_free)

/* The file line (1-based) of line @index (0-based) of sc->expected. */
unsigned scenario_file_line(const Scenario *sc, unsigned index);

/* Whether @kind ("qemu", "harness") may run @sc. */
bool scenario_wants_target(const Scenario *sc, const char *kind);

/* The header lines of a trace ("variant: ...", "target: ..."). */
void scenario_trace_header(const Scenario *sc, GString *trace);
/* A command's line in a trace; @result is the value a read returned. */
void scenario_format_cmd(const ScenarioCmd *cmd, uint64_t result, GString *out);

/*
 * Rewrites the scenario file with @trace as its expected events, keeping
 * comment lines, blank lines and the comments of lines that did not change.
 */
bool scenario_record(const Scenario *sc, const char *trace, GError **errp);

G_END_DECLS

#endif
