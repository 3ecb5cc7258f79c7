/*
 * h5x_tool.h — what the pieces of the h5x command-line tool share.
 *
 * The tool is one executable with one file per subcommand.  Every
 * subcommand is a tool_command: a name, a one-line summary for `h5x --help`,
 * its usage text, and a run function that receives the subcommand's own
 * argument vector (argv[0] is the subcommand name) and returns the process
 * exit status.  Exit statuses follow Unix tools: 0 success, 1 a failure at
 * run time (a file that cannot be opened, an object that is not there),
 * 2 a usage error.
 *
 * The tool uses only the public API of libh5x; the helpers declared here
 * (argument splitting, value formatting, tree walking, messages) are the
 * small amount of policy the subcommands have in common.
 */
#ifndef H5X_TOOL_H
#define H5X_TOOL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "h5x.h"
#include "h5x_connector.h" /* h5x_link_info, h5x_link_get_info */

#define TOOL_EXIT_OK 0
#define TOOL_EXIT_FAILURE 1
#define TOOL_EXIT_USAGE 2

/* ---------------------------------------------------------- subcommands */

typedef struct tool_command {
    const char *name;
    const char *summary; /* one line, for the command list */
    const char *usage;   /* the full help text, ending in a newline */
    int (*run)(int argc, char **argv);
} tool_command;

extern const tool_command tool_cmd_info;
extern const tool_command tool_cmd_env;
extern const tool_command tool_cmd_ls;
extern const tool_command tool_cmd_tree;
extern const tool_command tool_cmd_dump;
extern const tool_command tool_cmd_cp;

/* ------------------------------------------------------------- messages */

/* Prints "h5x CMD: <message>" on stderr and returns TOOL_EXIT_FAILURE. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int tool_fail(const char *command, const char *format, ...);

/* Prints "h5x CMD: FILE: OBJECT: <h5x_last_error() message>" on stderr,
 * leaving out the file or object path when the library's message already
 * names it, and returns TOOL_EXIT_FAILURE.  file and object may be NULL. */
int tool_fail_h5x(const char *command, const char *file, const char *object);

/* Prints "h5x CMD: <message>", a blank line and the command's usage on
 * stderr, and returns TOOL_EXIT_USAGE. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int tool_usage_error(const tool_command *command, const char *format, ...);

/* 1 when the arguments ask for help (-h or --help before any "--"). */
int tool_wants_help(int argc, char **argv);

/* Parses the single-letter flags of a subcommand ("-r", "-rf", "--"),
 * setting flags[c] for each letter c of `accepted` that is seen, and moves
 * the remaining operands to the front of argv.  Returns the number of
 * operands, or -1 after reporting an unknown option as a usage error (the
 * caller then returns TOOL_EXIT_USAGE). */
int tool_parse_flags(const tool_command *command, int argc, char **argv, const char *accepted,
                     unsigned char flags[128]);

/* ------------------------------------------------------------ locations */

/* A command-line argument "URI[/object/path]" or "URI::/object/path", split
 * into what h5x_file_open takes and the object inside the file. */
typedef struct tool_location {
    char *file_uri;    /* "[CONNECTOR[;OPTIONS]:]PATH", for h5x_file_open */
    char *file_path;   /* PATH alone, for messages */
    char *object_path; /* absolute and normalised; "/" for the root */
} tool_location;

/* Splits argument (see docs/cli.md for the rules).  On a malformed argument
 * returns -1 with a message in error (of error_size bytes). */
int tool_location_parse(const char *argument, tool_location *location, char *error, size_t error_size);
void tool_location_free(tool_location *location);

/* The last component of an absolute object path ("" for the root). */
const char *tool_path_basename(const char *object_path);
/* parent + "/" + name as a new string (malloc), without doubling slashes. */
char *tool_path_join(const char *parent, const char *name);

/* ----------------------------------------------------------- formatting */

/* Shapes as h5ls writes them: "{10/Inf, 20}", "{SCALAR}", "{NULL}".
 * maxshape may be NULL. */
void tool_format_shape_h5ls(const h5x_shape *shape, const h5x_shape *maxshape, char *out, size_t size);
/* Shapes as Python tuples: "(4, 3, 2)", "(10,)", "()"; "Empty" for null. */
void tool_format_shape_tuple(const h5x_shape *shape, char *out, size_t size);
/* Like the tuple, with "Inf" for unlimited axes ("(Inf, 20)"). */
void tool_format_maxshape_tuple(const h5x_shape *maxshape, char *out, size_t size);
/* The NumPy spelling of a dtype, into out ("?" when it has none). */
void tool_format_dtype(const h5x_dtype *dtype, char *out, size_t size);

/* How the values of one numeric dtype are read and printed: the memory
 * dtype they are converted to on reading, and the text of one element. */
typedef enum tool_value_kind {
    TOOL_VALUE_SIGNED,   /* read as int64 */
    TOOL_VALUE_UNSIGNED, /* read as uint64 */
    TOOL_VALUE_FLOAT,    /* read as double, printed with the digits of the stored size */
    TOOL_VALUE_BOOL,     /* read as h5py's bool */
    TOOL_VALUE_COMPLEX,  /* read as two doubles */
    TOOL_VALUE_REFERENCE, /* read as h5x_ref, printed as the path it leads to */
    TOOL_VALUE_COMPOSITE  /* strings, vlen, compound, enum, array, opaque: read as stored */
} tool_value_kind;

typedef struct tool_value_format {
    tool_value_kind kind;
    const h5x_dtype *mem_dtype; /* predefined: never needs closing */
    size_t mem_size;            /* bytes per element in memory */
    int digits;                 /* significant digits of a float */
    h5x_object *file;           /* references: any object of their file, set by the caller */
} tool_value_format;

#define TOOL_VALUE_TEXT_MAX 1024
/* Bytes of the largest element any format reads (an h5x_ref). */
#define TOOL_VALUE_MEM_MAX sizeof(h5x_ref)

/* The text of a reference (format_reference.c): the target's path, the
 * path and selection of a region ("/dset[0:2, 1:4]"), or NULL. */
size_t tool_reference_text(h5x_object *file, const h5x_ref *ref, char *out, size_t size);

/* Strings, sequences, compounds, enums, arrays and opaque values
 * (format_composite.c): 0 and *format (read as stored) for those classes,
 * -1 for others; and the text of one element ("text", (1, 2), {a, b},
 * RED, [1, 2], 48:65).  Elements read this way may own memory: release it
 * with h5x_reclaim(format->mem_dtype, ...) after printing. */
int tool_composite_format_for(const h5x_dtype *stored, tool_value_format *format);
size_t tool_composite_text(const tool_value_format *format, const void *element, char *out, size_t size);

/* 0 and *format set up when values of the stored dtype can be printed,
 * -1 when they cannot (strings, compounds, references, ...). */
int tool_value_format_for(const h5x_dtype *stored, tool_value_format *format);
/* Writes the text of the element at `element` (mem_size bytes) into out,
 * which holds TOOL_VALUE_TEXT_MAX bytes; returns the text's length. */
size_t tool_value_text(const tool_value_format *format, const void *element, char *out);

/* Prints values in h5dump's layout: lines "(i,j,k): v, v, v," that start
 * at every new innermost row and wrap before `width` columns.  The printer
 * keeps the multi-index of the next element, so a dataset can be fed to it
 * in slabs of any size. */
typedef struct tool_value_printer {
    FILE *out;
    const tool_value_format *format;
    int rank;                     /* 0 for a scalar: printed as index (0) */
    uint64_t dims[H5X_MAX_RANK];
    uint64_t index[H5X_MAX_RANK]; /* of the next element */
    uint64_t remaining;           /* elements still to come */
    int indent;
    int width;
    int column;                   /* 0 when no line is open */
} tool_value_printer;

void tool_value_printer_init(tool_value_printer *printer, FILE *out, const tool_value_format *format,
                             const h5x_shape *shape, int indent);
/* Prints count elements held in buffer (count * mem_size bytes). */
void tool_value_printer_feed(tool_value_printer *printer, const void *buffer, uint64_t count);
/* Ends the last line. */
void tool_value_printer_finish(tool_value_printer *printer);

/* -------------------------------------------------------------- walking */

/* The chain of groups from the walk's start down to the current one, so
 * that a group linked below itself is reported instead of walked forever. */
typedef struct tool_ancestor {
    h5x_object *group;
    const char *path;
    const struct tool_ancestor *parent;
} tool_ancestor;

/* The path of the ancestor that is the same object as group, or NULL. */
const char *tool_ancestor_find(const tool_ancestor *chain, h5x_object *group);

/* The link names of a group in name order; release with h5x_free_names.
 * Returns 0 or a negative h5x_status. */
int tool_group_members(h5x_object *group, char ***names, size_t *count);

/* The link `name` of group as stored, not followed: soft and external
 * links are shown as links and never walked into.  A connector that cannot
 * tell is taken to store hard links only.  0 or a negative h5x_status;
 * release with tool_link_clear. */
int tool_member_link(h5x_object *group, const char *name, h5x_link_info *link);
void tool_link_clear(h5x_link_info *link);

#endif /* H5X_TOOL_H */
