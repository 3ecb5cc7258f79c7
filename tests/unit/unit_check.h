/* The checks every unit test counts with: CHECK(cond) and
 * CHECK_MSG(cond, format, ...) count a pass or print the failure with its
 * place; unit_check_finish prints "N passed, M failed" and gives the exit
 * status. */
#ifndef H5X_UNIT_CHECK_H
#define H5X_UNIT_CHECK_H

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
int unit_check(int ok, const char *file, int line, const char *format, ...);

int unit_check_finish(const char *test_name);

#define CHECK(cond) unit_check((cond) != 0, __FILE__, __LINE__, "%s", #cond)
#define CHECK_MSG(cond, ...) unit_check((cond) != 0, __FILE__, __LINE__, __VA_ARGS__)

#endif
