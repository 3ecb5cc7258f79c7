/*
 * cmd_env.c — `h5x env`: shell exports that put h5x's plugins into reach
 * of the stock HDF5 1.14 tools.
 *
 * Every h5x filter plugin is also an HDF5 filter plugin, and the VOL
 * plugin lets h5dump, h5ls, h5diff and h5repack read through any h5x
 * connector; libhdf5 finds both through HDF5_PLUGIN_PATH.  The tools that
 * understand them are those of the HDF5 the build used (1.14 or newer),
 * which are usually not the ones first on PATH.  So
 *
 *     eval "$(h5x env)"
 *
 * sets HDF5_PLUGIN_PATH to the h5x plugin directories (keeping what was
 * there after them), puts that HDF5's bin directory first on PATH, and
 * adds its lib directory to LD_LIBRARY_PATH only when its programs cannot
 * find their libraries on their own (no RPATH/RUNPATH in h5dump).
 *
 * The HDF5 directory is compiled in from the build; H5X_HDF5_DIR, an HDF5
 * install prefix, overrides it at run time.  Every value is single-quoted
 * so that directories with spaces or quotes survive eval.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "h5x_tool.h"

#ifndef H5X_HDF5_BINDIR
#define H5X_HDF5_BINDIR ""
#endif
#ifndef H5X_HDF5_LIBDIR
#define H5X_HDF5_LIBDIR ""
#endif

static const char usage[] =
    "usage: h5x env\n"
    "\n"
    "Prints sh/bash/zsh commands that make the HDF5 tools (h5dump, h5ls,\n"
    "h5diff, h5repack, ...) use the h5x plugins:\n"
    "\n"
    "    eval \"$(h5x env)\"\n"
    "\n"
    "HDF5_PLUGIN_PATH  the h5x plugin directories, before any previous value\n"
    "PATH              the bin directory of the HDF5 h5x was built with\n"
    "LD_LIBRARY_PATH   its lib directory, when its programs need it\n"
    "\n"
    "H5X_HDF5_DIR=PREFIX chooses another HDF5 installation.\n";

static int is_directory(const char *path)
{
    struct stat info;
    return path[0] != '\0' && stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

/* Writes text single-quoted for a POSIX shell. */
static void put_quoted(const char *text)
{
    putchar('\'');
    for (const char *c = text; *c != '\0'; c++) {
        if (*c == '\'')
            fputs("'\\''", stdout);
        else
            putchar(*c);
    }
    putchar('\'');
}

/* 1 when the ELF program at path records where its libraries are (RPATH or
 * RUNPATH); 0 when it does not or cannot be read as a 64-bit ELF file. */
static int elf_has_library_path(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return 0;
    int found = 0;
    Elf64_Ehdr header;
    if (fread(&header, sizeof header, 1, file) == 1 && memcmp(header.e_ident, ELFMAG, SELFMAG) == 0 &&
        header.e_ident[EI_CLASS] == ELFCLASS64 && header.e_phentsize == sizeof(Elf64_Phdr)) {
        for (unsigned i = 0; i < header.e_phnum && !found; i++) {
            Elf64_Phdr segment;
            if (fseek(file, (long)(header.e_phoff + (Elf64_Off)i * sizeof segment), SEEK_SET) != 0 ||
                fread(&segment, sizeof segment, 1, file) != 1)
                break;
            if (segment.p_type != PT_DYNAMIC)
                continue;
            Elf64_Dyn entry;
            for (Elf64_Xword offset = 0; offset + sizeof entry <= segment.p_filesz; offset += sizeof entry) {
                if (fseek(file, (long)(segment.p_offset + offset), SEEK_SET) != 0 ||
                    fread(&entry, sizeof entry, 1, file) != 1 || entry.d_tag == DT_NULL)
                    break;
                if (entry.d_tag == DT_RPATH || entry.d_tag == DT_RUNPATH) {
                    found = 1;
                    break;
                }
            }
        }
    }
    fclose(file);
    return found;
}

/* The HDF5 bin and lib directories: from H5X_HDF5_DIR, else compiled in. */
static void hdf5_directories(char *bin, char *lib, size_t size)
{
    const char *prefix = getenv("H5X_HDF5_DIR");
    if (prefix != NULL && prefix[0] != '\0') {
        snprintf(bin, size, "%s/bin", prefix);
        snprintf(lib, size, "%s/lib", prefix);
        if (!is_directory(lib))
            snprintf(lib, size, "%s/lib64", prefix);
        return;
    }
    snprintf(bin, size, "%s", H5X_HDF5_BINDIR);
    snprintf(lib, size, "%s", H5X_HDF5_LIBDIR);
}

static int print_plugin_path(void)
{
    char *search_path = h5x_plugin_search_path();
    if (search_path == NULL)
        return tool_fail_h5x("env", NULL, NULL);
    /* only the directories that exist, in the library's order */
    size_t length = strlen(search_path);
    char *existing = calloc(length + 1, 1);
    if (existing == NULL) {
        h5x_free(search_path);
        return tool_fail("env", "out of memory");
    }
    size_t used = 0;
    for (char *dir = strtok(search_path, ":"); dir != NULL; dir = strtok(NULL, ":")) {
        if (!is_directory(dir))
            continue;
        if (used > 0)
            existing[used++] = ':';
        memcpy(existing + used, dir, strlen(dir));
        used += strlen(dir);
    }
    h5x_free(search_path);
    if (used == 0) {
        free(existing);
        return tool_fail("env", "no h5x plugin directory exists (set H5X_PLUGIN_PATH)");
    }
    fputs("export HDF5_PLUGIN_PATH=", stdout);
    put_quoted(existing);
    fputs("${HDF5_PLUGIN_PATH:+\":$HDF5_PLUGIN_PATH\"}\n", stdout);
    free(existing);
    return TOOL_EXIT_OK;
}

static int run_env(int argc, char **argv)
{
    unsigned char flags[128];
    int operands = tool_parse_flags(&tool_cmd_env, argc, argv, "", flags);
    if (operands < 0)
        return TOOL_EXIT_USAGE;
    if (operands > 0)
        return tool_usage_error(&tool_cmd_env, "unexpected argument '%s'", argv[0]);

    char bin[4096];
    char lib[4096];
    hdf5_directories(bin, lib, sizeof bin);
    if (!is_directory(bin))
        return tool_fail("env", "HDF5 bin directory '%s' not found (set H5X_HDF5_DIR to an HDF5 1.14 prefix)",
                         bin);

    int status = print_plugin_path();
    if (status != TOOL_EXIT_OK)
        return status;
    fputs("export PATH=", stdout);
    put_quoted(bin);
    fputs("\":$PATH\"\n", stdout);

    char h5dump[4200];
    snprintf(h5dump, sizeof h5dump, "%s/h5dump", bin);
    if (is_directory(lib) && !elf_has_library_path(h5dump)) {
        fputs("export LD_LIBRARY_PATH=", stdout);
        put_quoted(lib);
        fputs("${LD_LIBRARY_PATH:+\":$LD_LIBRARY_PATH\"}\n", stdout);
    }
    return TOOL_EXIT_OK;
}

const tool_command tool_cmd_env = {
    "env",
    "shell exports that let the HDF5 tools use the h5x plugins",
    usage,
    run_env,
};
