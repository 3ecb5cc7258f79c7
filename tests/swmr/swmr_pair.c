/*
 * swmr_pair.c — runs a SWMR writer and a reader as two processes.
 *
 *   swmr_pair [--timeout SECONDS] WRITER [ARGS...] -- READER [ARGS...]
 *
 * SWMR is about one process reading what another is writing, so the test
 * needs two processes that cannot share anything but the file.  This
 * program starts both and joins them with two pipes, handed to each as
 * descriptors 3 (what the other says) and 4 (what it says); their
 * standard output and error stay this program's, so CTest logs both.
 * Neither waits forever: after the timeout both are killed and the run
 * fails.
 *
 * Exit status: 0 when both exit 0; 77 (skip) when the reader exits 77
 * (its Python has no h5py); 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SKIP_STATUS 77

/* Places in and out on descriptors 3 and 4, closes every other pipe end,
 * and runs argv. */
static void become(char **argv, int in, int out, const int *all_ends, int n_ends)
{
    int high_in = fcntl(in, F_DUPFD, 10), high_out = fcntl(out, F_DUPFD, 10);
    for (int i = 0; i < n_ends; i++)
        close(all_ends[i]);
    if (high_in < 0 || high_out < 0 || dup2(high_in, 3) < 0 || dup2(high_out, 4) < 0)
        _exit(126);
    close(high_in);
    close(high_out);
    execvp(argv[0], argv);
    fprintf(stderr, "swmr_pair: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

static const char *describe(int status, char *text, size_t size)
{
    if (WIFEXITED(status))
        snprintf(text, size, "exit status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(text, size, "killed by signal %d", WTERMSIG(status));
    else
        snprintf(text, size, "status 0x%x", status);
    return text;
}

int main(int argc, char **argv)
{
    int timeout = 120, first = 1;
    if (argc > 2 && strcmp(argv[1], "--timeout") == 0) {
        timeout = atoi(argv[2]);
        first = 3;
    }
    int separator = first;
    while (separator < argc && strcmp(argv[separator], "--") != 0)
        separator++;
    if (separator == first || separator >= argc - 1) {
        fprintf(stderr, "usage: swmr_pair [--timeout SECONDS] WRITER [ARGS...] -- READER [ARGS...]\n");
        return 2;
    }
    argv[separator] = NULL;
    char **writer_argv = argv + first, **reader_argv = argv + separator + 1;

    int to_reader[2], to_writer[2];
    if (pipe(to_reader) != 0 || pipe(to_writer) != 0) {
        perror("swmr_pair: pipe");
        return 1;
    }
    int ends[4] = {to_reader[0], to_reader[1], to_writer[0], to_writer[1]};
    fflush(NULL);
    pid_t writer = fork();
    if (writer == 0)
        become(writer_argv, to_writer[0], to_reader[1], ends, 4);
    pid_t reader = writer > 0 ? fork() : -1;
    if (reader == 0)
        become(reader_argv, to_reader[0], to_writer[1], ends, 4);
    for (int i = 0; i < 4; i++)
        close(ends[i]);
    if (writer < 0 || reader < 0) {
        perror("swmr_pair: fork");
        if (writer > 0)
            kill(writer, SIGKILL);
        return 1;
    }

    pid_t pids[2] = {writer, reader};
    int statuses[2] = {-1, -1}, running = 2;
    time_t deadline = time(NULL) + timeout;
    while (running > 0) {
        for (int i = 0; i < 2; i++) {
            if (statuses[i] != -1)
                continue;
            int status = 0;
            if (waitpid(pids[i], &status, WNOHANG) == pids[i]) {
                statuses[i] = status;
                running--;
            }
        }
        if (running > 0 && time(NULL) > deadline) {
            fprintf(stderr, "swmr_pair: still running after %d s: killing the writer and the reader\n", timeout);
            for (int i = 0; i < 2; i++)
                if (statuses[i] == -1) {
                    kill(pids[i], SIGKILL);
                    waitpid(pids[i], &statuses[i], 0);
                }
            return 1;
        }
        struct timespec pause = {0, 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    char writer_text[64], reader_text[64];
    printf("swmr_pair: writer %s, reader %s\n", describe(statuses[0], writer_text, sizeof writer_text),
           describe(statuses[1], reader_text, sizeof reader_text));
    if (WIFEXITED(statuses[1]) && WEXITSTATUS(statuses[1]) == SKIP_STATUS)
        return SKIP_STATUS;
    int ok = WIFEXITED(statuses[0]) && WEXITSTATUS(statuses[0]) == 0 && WIFEXITED(statuses[1]) &&
             WEXITSTATUS(statuses[1]) == 0;
    return ok ? 0 : 1;
}
