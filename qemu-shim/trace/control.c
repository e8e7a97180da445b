/*
 * Trace events (trace/control.h): the registered groups, patterns,
 * -trace and events files, as QEMU 7.2's trace/control.c and
 * control-target.c with the "log" backend. The shim has no vCPU events.
 *
 * A module registers its group from a trace_init() function: its
 * constructor queues it as MODULE_INIT_TRACE, and the shim's module loader
 * runs the TRACE inits right after dlopen, before the host reads -trace,
 * as qemu-system-arm runs MODULE_INIT_TRACE (qemu_init_subsystems) before
 * it parses its options, after the preloaded modules' constructors ran.
 */
#include "qemu/osdep.h"
#include "trace/control.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/log.h"

int trace_events_enabled_count;

typedef struct TraceEventGroup {
    TraceEvent **events;
} TraceEventGroup;

static TraceEventGroup *event_groups;
static size_t nevent_groups;
static uint32_t next_id;
static char *trace_opts_file;   /* -trace file=FILE, the last one */

void trace_event_register_group(TraceEvent **events)
{
    for (size_t i = 0; events[i] != NULL; i++) {
        events[i]->id = next_id++;
        /* vCPU events would need a CPU: the shim keeps them global. */
        events[i]->vcpu_id = TRACE_VCPU_EVENT_NONE;
    }
    event_groups = g_renew(TraceEventGroup, event_groups, nevent_groups + 1);
    event_groups[nevent_groups].events = events;
    nevent_groups++;
}

TraceEvent *trace_event_name(const char *name)
{
    TraceEventIter iter;
    TraceEvent *ev;

    assert(name != NULL);
    trace_event_iter_init_all(&iter);
    while ((ev = trace_event_iter_next(&iter)) != NULL) {
        if (strcmp(trace_event_get_name(ev), name) == 0) {
            return ev;
        }
    }
    return NULL;
}

void trace_event_iter_init_all(TraceEventIter *iter)
{
    iter->event = 0;
    iter->group = 0;
    iter->group_id = -1;
    iter->pattern = NULL;
}

void trace_event_iter_init_pattern(TraceEventIter *iter, const char *pattern)
{
    trace_event_iter_init_all(iter);
    iter->pattern = pattern;
}

void trace_event_iter_init_group(TraceEventIter *iter, size_t group_id)
{
    trace_event_iter_init_all(iter);
    iter->group_id = group_id;
}

TraceEvent *trace_event_iter_next(TraceEventIter *iter)
{
    /* An empty group ends nowhere in QEMU's loop; skip it here. */
    while (iter->group < nevent_groups) {
        TraceEvent **events = event_groups[iter->group].events;
        TraceEvent *ev = events[iter->event];
        size_t group = iter->group;

        if (!ev) {
            iter->event = 0;
            iter->group++;
            continue;
        }
        iter->event++;
        if (events[iter->event] == NULL) {
            iter->event = 0;
            iter->group++;
        }
        if (iter->pattern &&
            !g_pattern_match_simple(iter->pattern, trace_event_get_name(ev))) {
            continue;
        }
        if (iter->group_id != (size_t)-1 && iter->group_id != group) {
            continue;
        }
        return ev;
    }
    return NULL;
}

void trace_list_events(FILE *f)
{
    TraceEventIter iter;
    TraceEvent *ev;

    trace_event_iter_init_all(&iter);
    while ((ev = trace_event_iter_next(&iter)) != NULL) {
        fprintf(f, "%s\n", trace_event_get_name(ev));
    }
}

/* QEMU's dstate is a count only for vCPU events: 0 or 1 here. */
void trace_event_set_state_dynamic(TraceEvent *ev, bool state)
{
    assert(trace_event_get_state_static(ev));
    if ((*ev->dstate != 0) != state) {
        trace_events_enabled_count += state ? 1 : -1;
        *ev->dstate = state;
    }
}

void trace_event_set_state_dynamic_init(TraceEvent *ev, bool state)
{
    trace_event_set_state_dynamic(ev, state);
}

static void do_trace_enable_events(const char *line_buf)
{
    const bool enable = ('-' != line_buf[0]);
    const char *line_ptr = enable ? line_buf : line_buf + 1;
    bool is_pattern = trace_event_is_pattern(line_ptr);
    TraceEventIter iter;
    TraceEvent *ev;

    trace_event_iter_init_pattern(&iter, line_ptr);
    while ((ev = trace_event_iter_next(&iter)) != NULL) {
        if (!trace_event_get_state_static(ev)) {
            if (!is_pattern) {
                warn_report("trace event '%s' is not traceable", line_ptr);
                return;
            }
            continue;
        }
        trace_event_set_state_dynamic(ev, enable);
        if (!is_pattern) {
            /* QEMU's: an exact name enables its first event only */
            return;
        }
    }
    if (!is_pattern) {
        warn_report("trace event '%s' does not exist", line_ptr);
    }
}

void trace_enable_events(const char *line_buf)
{
    /* qemu/help_option.h's is_help_option(); the shim has no monitor */
    if (strcmp(line_buf, "help") == 0 || strcmp(line_buf, "?") == 0) {
        trace_list_events(stdout);
        exit(0);
    }
    do_trace_enable_events(line_buf);
}

/* -trace events=FILE: one pattern a line, '#' comments, blank lines. */
static bool trace_init_events(const char *fname)
{
    g_autofree char *file_loc = g_strdup_printf("%s: ", fname);
    g_autofree char *saved = qemu_shim_error_set_location(file_loc);
    char line_buf[1024];
    size_t line_idx = 0;
    bool ok = true;
    FILE *fp = fopen(fname, "r");

    if (!fp) {
        error_report("%s", strerror(errno));
        ok = false;
        goto out;
    }
    while (fgets(line_buf, sizeof(line_buf), fp)) {
        g_autofree char *line_loc = g_strdup_printf("%s:%zu: ", fname,
                                                    ++line_idx);
        size_t len = strlen(line_buf);

        g_free(qemu_shim_error_set_location(line_loc));
        /* As QEMU: the last byte is cut (the '\n'), a line of 1 is blank. */
        if (len > 1) {
            line_buf[len - 1] = '\0';
            if (line_buf[0] == '#') {
                continue;
            }
            trace_enable_events(line_buf);
        }
    }
    if (fclose(fp) != 0) {
        g_free(qemu_shim_error_set_location(file_loc));
        error_report("%s", strerror(errno));
        ok = false;
    }
out:
    g_free(qemu_shim_error_set_location(saved));
    return ok;
}

/*
 * QemuOpts for "trace": implied key "enable", keys enable, events, file;
 * ",," is a comma; a key given twice keeps its last value.
 */
static bool trace_opts_split(const char *optarg, char **enable,
                             char **events, char **file)
{
    g_autoptr(GString) key = g_string_new(NULL);
    g_autoptr(GString) value = g_string_new(NULL);
    const char *p = optarg;
    bool first = true;

    while (*p) {
        GString *dst = key;
        char **slot;

        g_string_truncate(key, 0);
        g_string_truncate(value, 0);
        for (; *p && !(*p == ',' && p[1] != ','); p++) {
            if (*p == ',') {
                p++;            /* ",," */
            } else if (*p == '=' && dst == key) {
                dst = value;
                continue;
            }
            g_string_append_c(dst, *p);
        }
        if (*p == ',') {
            p++;
        }
        if (dst == key && first) {
            g_string_assign(value, key->str);
            g_string_assign(key, "enable");
        } else if (dst == key) {
            /* a bare "flag" is flag=on, "noflag" flag=off, both deprecated */
            bool no = g_str_has_prefix(key->str, "no");

            g_string_assign(value, no ? "off" : "on");
            if (no) {
                g_string_erase(key, 0, 2);
            }
            if (no || (strcmp(key->str, "help") && strcmp(key->str, "?"))) {
                warn_report("short-form boolean option '%s%s' deprecated",
                            no ? "no" : "", key->str);
                error_printf("Please use %s=%s instead\n", key->str,
                             value->str);
            }
        }
        first = false;
        if (g_str_equal(key->str, "enable")) {
            slot = enable;
        } else if (g_str_equal(key->str, "events")) {
            slot = events;
        } else if (g_str_equal(key->str, "file")) {
            slot = file;
        } else {
            error_report("Invalid parameter '%s'", key->str);
            return false;
        }
        g_free(*slot);
        *slot = g_strdup(value->str);
    }
    return true;
}

bool qemu_shim_trace_opt_parse(const char *optarg)
{
    g_autofree char *enable = NULL;
    g_autofree char *events = NULL;
    g_autofree char *file = NULL;

    if (!trace_opts_split(optarg, &enable, &events, &file)) {
        return false;
    }
    if (enable) {
        trace_enable_events(enable);
    }
    if (events && !trace_init_events(events)) {
        return false;
    }
    g_free(trace_opts_file);
    trace_opts_file = g_steal_pointer(&file);
    return true;
}

void trace_opt_parse(const char *optarg)
{
    if (!qemu_shim_trace_opt_parse(optarg)) {
        exit(1);
    }
}

bool trace_init_backends(void)
{
    return true;
}

bool qemu_shim_trace_init_file(Error **errp)
{
    /* The log backend's file is -D's: file= overrides it when given. */
    return !trace_opts_file || qemu_set_log_filename(trace_opts_file, errp);
}

void trace_init_file(void)
{
    qemu_shim_trace_init_file(&error_fatal);
}

uint32_t trace_get_vcpu_event_count(void)
{
    return 0;
}
