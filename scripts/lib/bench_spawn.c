/* scripts/lib/bench_spawn.c: the measuring launcher of scripts/bench (built by it with cc).
 *
 * Usage: bench_spawn RESULT_FILE CMD [ARGS...] [::next:: CMD [ARGS...]]...
 * Runs the commands one after the other (absolute paths, inherited stdio and environment) and
 * writes "wall_ns cpu_us maxrss_kib status" to RESULT_FILE: wall time from just before each fork to
 * its reap, summed; user + system CPU from wait4's rusage (the command and every descendant it
 * waited for), summed; the largest ru_maxrss; the first non-zero exit status (128 + signal).
 *
 * Why not Python's os.wait4 directly: a process's ru_maxrss includes the high-water RSS of the
 * address space it had before exec, and a child spawned by Python starts with Python's (24 MiB,
 * whether forked or vforked), which would hide any contender smaller than that. Forked from this
 * small launcher, a child starts with about 1 MiB. Why not /usr/bin/time: it reports CPU in
 * 10 ms steps, and its own exec would count in every wall time, twice for the two-call floor.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bench_spawn RESULT_FILE CMD [ARGS...] [::next:: CMD [ARGS...]]...\n");
        return 64;
    }
    long long wall_ns = 0, cpu_us = 0;
    long maxrss = 0;
    int status_out = 0;
    int start = 2;
    while (start < argc) {
        int end = start;
        while (end < argc && strcmp(argv[end], "::next::") != 0) end++;
        argv[end < argc ? end : argc] = NULL; /* terminate this command's argv */
        long long began = now_ns();
        pid_t pid = fork();
        if (pid < 0) { perror("bench_spawn: fork"); return 71; }
        if (pid == 0) {
            execv(argv[start], argv + start);
            perror("bench_spawn: exec");
            _exit(127);
        }
        int status;
        struct rusage usage;
        if (wait4(pid, &status, 0, &usage) < 0) { perror("bench_spawn: wait4"); return 71; }
        wall_ns += now_ns() - began;
        cpu_us += (long long)usage.ru_utime.tv_sec * 1000000 + usage.ru_utime.tv_usec
                + (long long)usage.ru_stime.tv_sec * 1000000 + usage.ru_stime.tv_usec;
        if (usage.ru_maxrss > maxrss) maxrss = usage.ru_maxrss;
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (code && !status_out) status_out = code;
        start = end + 1;
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) { perror("bench_spawn: result file"); return 73; }
    fprintf(out, "%lld %lld %ld %d\n", wall_ns, cpu_us, maxrss, status_out);
    return fclose(out) == 0 ? 0 : 74;
}
