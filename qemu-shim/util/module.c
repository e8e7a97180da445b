/*
 * Module init (qemu/module.h) and the shim's device-module loader.
 *
 * Constructors register init functions per module_init_type; each
 * module_call_init() runs those registered since its previous call, so a
 * module dlopen'ed late adds its types at the next call. The loader checks
 * a module's ABI stamp before any of its init functions runs.
 */
#define _GNU_SOURCE     /* dladdr1() */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qom/object.h"
#include "qapi/error.h"

#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <sys/stat.h>

typedef void (*ModuleInitFn)(void);

/*
 * The library's own files use type_init() too, which emits weak, exported
 * copies of the module stamp. This strong, hidden definition wins at link
 * time and, as the most constraining visibility applies to the symbol, keeps
 * it out of libqemu-shim's dynamic symbols: only modules export a stamp.
 */
__attribute__((visibility("hidden")))
const char qemu_shim_module_stamp[] = QEMU_SHIM_ABI_STAMP;

/* Per type, every init registered so far, and how many of them have run. */
static GArray *init_lists[MODULE_INIT_MAX];
static guint init_done[MODULE_INIT_MAX];
/* Handles of the modules loaded successfully. */
static GPtrArray *loaded_modules;

static GArray *init_list(module_init_type type)
{
    if ((unsigned)type >= MODULE_INIT_MAX) {
        fprintf(stderr, "qemu-shim: invalid module_init_type %d\n", type);
        abort();
    }
    if (!init_lists[type]) {
        init_lists[type] = g_array_new(FALSE, FALSE, sizeof(ModuleInitFn));
    }
    return init_lists[type];
}

void register_module_init(void (*fn)(void), module_init_type type)
{
    g_array_append_val(init_list(type), fn);
}

void register_dso_module_init(void (*fn)(void), module_init_type type)
{
    register_module_init(fn, type);
}

void module_call_init(module_init_type type)
{
    GArray *list = init_list(type);

    /* Count first: an init may register or run more inits. */
    while (init_done[type] < list->len) {
        ModuleInitFn fn = g_array_index(list, ModuleInitFn, init_done[type]);

        init_done[type]++;
        fn();
    }
}

/* Forget the inits registered after @marks were taken (never run). */
static void drop_inits_since(const guint *marks)
{
    int type;

    for (type = 0; type < MODULE_INIT_MAX; type++) {
        GArray *list = init_list((module_init_type)type);

        if (list->len > marks[type]) {
            g_array_set_size(list, MAX(marks[type], init_done[type]));
        }
    }
}

/* True if @path starts like an ELF shared object. */
static bool is_elf_shared_object(const char *path)
{
    unsigned char ident[EI_NIDENT + 2];
    FILE *f = fopen(path, "rb");
    size_t n;
    uint16_t e_type;

    if (!f) {
        return false;
    }
    n = fread(ident, 1, sizeof(ident), f);
    fclose(f);
    if (n < sizeof(ident) || memcmp(ident, ELFMAG, SELFMAG) != 0) {
        return false;
    }
    /* e_type follows e_ident, in the file's byte order. */
    e_type = ident[EI_DATA] == ELFDATA2MSB ?
        (uint16_t)(ident[EI_NIDENT] << 8 | ident[EI_NIDENT + 1]) :
        (uint16_t)(ident[EI_NIDENT + 1] << 8 | ident[EI_NIDENT]);
    return e_type == ET_DYN;
}

/*
 * Where the loadable segments of the native ELF file @path end, or 0 if
 * its headers cannot be read. dlopen() maps a truncated module as it is
 * and then faults (SIGBUS) reading past the end of the file.
 */
static uint64_t elf_segments_end(const char *path)
{
    ElfW(Ehdr) eh;
    uint64_t end = 0;
    FILE *f = fopen(path, "rb");

    if (!f) {
        return 0;
    }
    if (fread(&eh, sizeof(eh), 1, f) != 1 ||
        eh.e_ident[EI_CLASS] != (sizeof(void *) == 8 ? ELFCLASS64
                                                     : ELFCLASS32) ||
        eh.e_phentsize != sizeof(ElfW(Phdr))) {
        fclose(f);
        return 0;       /* not ours to judge: dlopen() will say why */
    }
    end = eh.e_phoff + (uint64_t)eh.e_phnum * sizeof(ElfW(Phdr));
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        ElfW(Phdr) ph;

        if (fseeko(f, (off_t)(eh.e_phoff + i * sizeof(ph)), SEEK_SET) != 0 ||
            fread(&ph, sizeof(ph), 1, f) != 1) {
            break;      /* the header table itself is cut: @end says so */
        }
        if (ph.p_type == PT_LOAD) {
            end = MAX(end, (uint64_t)ph.p_offset + ph.p_filesz);
        }
    }
    fclose(f);
    return end;
}

/* Whether the module @handle itself (not a dependency) defines @name. */
static bool defines_symbol(void *handle, const char *name)
{
    struct link_map *map = NULL;
    void *addr = dlsym(handle, name);
    Dl_info info;

    return addr && dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map &&
           dladdr(addr, &info) && info.dli_fbase == (void *)map->l_addr;
}

/*
 * Check that the module @handle itself (not a library it depends on)
 * defines the stamp symbol, and that it matches QEMU_SHIM_ABI_STAMP.
 */
static bool check_stamp(void *handle, const char *path, Error **errp)
{
    struct link_map *map = NULL;
    const ElfW(Sym) *sym = NULL;
    const char *stamp = (const char *)dlsym(handle, QEMU_SHIM_STAMP_SYMBOL);
    Dl_info info;

    if (stamp && dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 &&
        dladdr1(stamp, &info, (void **)&sym, RTLD_DL_SYMENT) &&
        map && info.dli_fbase == (void *)map->l_addr && sym) {
        size_t size = sym->st_size;

        if (size == sizeof(QEMU_SHIM_ABI_STAMP) &&
            memcmp(stamp, QEMU_SHIM_ABI_STAMP, size) == 0) {
            return true;
        }
        /* Print at most the symbol's bytes, up to its first NUL. */
        error_setg(errp, "Module '%s' was built for ABI '%.*s', but this "
                   "qemu-shim has ABI '%s'", path,
                   (int)strnlen(stamp, MIN(size, 256)), stamp,
                   QEMU_SHIM_ABI_STAMP);
        return false;
    }
    if (defines_symbol(handle, QEMU_SHIM_CXX_CLASSES_SYMBOL)) {
        error_setg(errp, "Module '%s' defines C++ QOM classes but registers "
                   "none: it has no QEMU_CXX_TYPE_INIT (no %s symbol)", path,
                   QEMU_SHIM_STAMP_SYMBOL);
        return false;
    }
    error_setg(errp, "Module '%s' was not built against qemu-shim "
               "(no %s symbol)", path, QEMU_SHIM_STAMP_SYMBOL);
    return false;
}

/* dlerror() text without the leading "PATH: " that repeats the path. */
static const char *dlerror_cause(const char *path)
{
    const char *msg = dlerror();
    size_t len = strlen(path);

    if (!msg) {
        return "unknown dlopen error";
    }
    if (strncmp(msg, path, len) == 0 && strncmp(msg + len, ": ", 2) == 0) {
        return msg + len + 2;
    }
    return msg;
}

/* Run the pending QOM inits; then report a duplicate or an orphan type. */
static bool check_types(Error **errp)
{
    Error *err;

    module_call_init(MODULE_INIT_QOM);
    err = qemu_shim_take_type_error();
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return qemu_shim_type_check_all(errp);
}

bool qemu_shim_module_load(const char *path, Error **errp)
{
    guint marks[MODULE_INIT_MAX];
    struct stat st;
    Error *err = NULL;
    void *handle;
    int type;
    /*
     * A name without '/' is a file in the current directory, as for every
     * other file argument: dlopen() would search the library path for it
     * instead (and "libz.so.1" would be the system's libz).
     */
    g_autofree char *dl_path = strchr(path, '/') ? g_strdup(path)
                                                 : g_strconcat("./", path, NULL);

    if (access(path, R_OK) != 0) {
        error_setg_errno(errp, errno, "Could not load module '%s'", path);
        return false;
    }
    if (!is_elf_shared_object(path)) {
        error_setg(errp, "Could not load module '%s': not a shared object",
                   path);
        return false;
    }
    if (stat(path, &st) == 0 && (uint64_t)st.st_size < elf_segments_end(path)) {
        error_setg(errp, "Could not load module '%s': truncated (%" PRIu64
                   " bytes, its segments need %" PRIu64 ")", path,
                   (uint64_t)st.st_size, elf_segments_end(path));
        return false;
    }

    /*
     * Run the QOM inits registered before this module and check the type
     * table, so that only this module's own mistakes are blamed on it.
     */
    if (!check_types(&err)) {
        error_propagate_prepend(errp, err, "Could not load module '%s': "
                                "the types registered before it are "
                                "broken: ", path);
        return false;
    }

    for (type = 0; type < MODULE_INIT_MAX; type++) {
        marks[type] = init_list((module_init_type)type)->len;
    }
    /* The module's constructors register its inits; none runs yet. */
    handle = dlopen(dl_path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        error_setg(errp, "Could not load module '%s': %s", path,
                   dlerror_cause(dl_path));
        drop_inits_since(marks);
        return false;
    }
    if (!loaded_modules) {
        loaded_modules = g_ptr_array_new();
    }
    if (g_ptr_array_find(loaded_modules, handle, NULL)) {
        error_setg(errp, "Module '%s' is already loaded", path);
        dlclose(handle);
        return false;
    }
    if (!check_stamp(handle, path, errp)) {
        drop_inits_since(marks);
        dlclose(handle);
        return false;
    }

    /*
     * From here the module's code is referenced by the type table, so it
     * stays loaded even if its types turn out to be broken. Its trace
     * events are registered now, before the host reads -trace: QEMU 7.2
     * runs MODULE_INIT_TRACE before it parses its options, and qemu-cxx-run
     * dlopens our modules before that.
     */
    g_ptr_array_add(loaded_modules, handle);
    module_call_init(MODULE_INIT_TRACE);
    if (!check_types(&err)) {
        error_propagate_prepend(errp, err, "Module '%s': ", path);
        return false;
    }
    return true;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool qemu_shim_module_load_dir(const char *dir, Error **errp)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    DIR *d = opendir(dir);
    struct dirent *de;
    guint i;

    if (!d) {
        error_setg_errno(errp, errno, "Could not open module directory '%s'",
                         dir);
        return false;
    }
    while ((de = readdir(d))) {
        if (g_str_has_suffix(de->d_name, ".so")) {
            g_ptr_array_add(names, g_strdup(de->d_name));
        }
    }
    closedir(d);

    g_ptr_array_sort(names, compare_names);
    for (i = 0; i < names->len; i++) {
        g_autofree char *path =
            g_build_filename(dir, (char *)g_ptr_array_index(names, i), NULL);

        if (!qemu_shim_module_load(path, errp)) {
            return false;
        }
    }
    return true;
}
