/*
 * fault_process.c — starting a writer, listening to it, ending it.
 *
 * The fault tests judge a file by what its writer had reported before it
 * was stopped, so the writer's lines have to be read promptly and in full:
 * a line is only acted upon once its newline has arrived, and after a kill
 * whatever the writer wrote before dying is still read from the pipe.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "faults.h"

int fault_spawn(fault_child *child, char *const argv[])
{
    int pipe_ends[2];
    memset(child, 0, sizeof *child);
    if (pipe(pipe_ends) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(pipe_ends[0]);
        close(pipe_ends[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(pipe_ends[1], STDOUT_FILENO);
        close(pipe_ends[0]);
        close(pipe_ends[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(pipe_ends[1]);
    child->pid = pid;
    child->output = pipe_ends[0];
    return 0;
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Hands the complete lines in pending to on_line, until it asks to stop,
 * and keeps the rest; 1 when it asked to stop. */
static int deliver_lines(fault_child *child, int (*on_line)(const char *, void *), void *context)
{
    char *start = child->pending;
    char *newline;
    int stop = 0;
    while (!stop &&
           (newline = memchr(start, '\n', child->pending_length - (size_t)(start - child->pending))) != NULL) {
        *newline = '\0';
        stop = on_line(start, context);
        start = newline + 1;
    }
    size_t rest = child->pending_length - (size_t)(start - child->pending);
    memmove(child->pending, start, rest);
    child->pending_length = rest;
    return stop;
}

int fault_read_lines(fault_child *child, int timeout_ms, int (*on_line)(const char *, void *), void *context)
{
    long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    for (;;) {
        int wait_ms = -1;
        if (deadline >= 0) {
            long long left = deadline - now_ms();
            wait_ms = left > 0 ? (int)left : 0;
        }
        struct pollfd ready = {child->output, POLLIN, 0};
        int n = poll(&ready, 1, wait_ms);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        size_t room = sizeof child->pending - child->pending_length - 1;
        if (room == 0) { /* a line longer than the buffer: deliver it in pieces */
            child->pending[child->pending_length] = '\n';
            child->pending_length++;
            if (deliver_lines(child, on_line, context))
                return 2;
            continue;
        }
        ssize_t got = read(child->output, child->pending + child->pending_length, room);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return 1;
        child->pending_length += (size_t)got;
        if (deliver_lines(child, on_line, context))
            return 2;
        if (deadline >= 0 && now_ms() >= deadline)
            return 0;
    }
}

int fault_wait(fault_child *child)
{
    int status = 0;
    while (waitpid(child->pid, &status, 0) < 0 && errno == EINTR)
        ;
    close(child->output);
    child->output = -1;
    return status;
}

uint32_t fault_random(uint64_t *state, uint32_t bound)
{
    /* splitmix64: good enough to spread kill times, and reproducible from the seed */
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return bound ? (uint32_t)(z % bound) : 0;
}
