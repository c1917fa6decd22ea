// What one sleep and wake-up costs this machine in CPU time: two threads
// hand a byte back and forth over two pipes, each sleeping in read() until
// the other writes, first both on one core, then free to use every core.
// A request to crm-server pays for several of these (the worker waits for
// PostgreSQL, wrk waits for the answer), so this is the floor under its
// kernel time: on a virtual machine a wake-up on another core can cost
// far more than on the same one. Prints one line per case:
//   <case> <round trips> <wall us per round trip> <cpu us per wake-up>
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static int toEcho[2], toMain[2];
static long roundTrips;

static void stayOn(int core) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(core, &set);
    sched_setaffinity(0, sizeof set, &set);
}

static void* echo(void* core) {
    if (core) stayOn(*(int*)core);
    char byte;
    for (long i = 0; i < roundTrips; ++i) {
        if (read(toEcho[0], &byte, 1) != 1 || write(toMain[1], &byte, 1) != 1) exit(1);
    }
    return NULL;
}

static double seconds(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec / 1e6; }

static void measure(const char* name, int* core) {
    cpu_set_t all;
    sched_getaffinity(0, sizeof all, &all);
    if (core) stayOn(*core);
    struct rusage before, after;
    struct timespec start, end;
    getrusage(RUSAGE_SELF, &before);
    clock_gettime(CLOCK_MONOTONIC, &start);
    pthread_t thread;
    pthread_create(&thread, NULL, echo, core);
    char byte = 'x';
    for (long i = 0; i < roundTrips; ++i) {
        if (write(toEcho[1], &byte, 1) != 1 || read(toMain[0], &byte, 1) != 1) exit(1);
    }
    pthread_join(thread, NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    getrusage(RUSAGE_SELF, &after);
    sched_setaffinity(0, sizeof all, &all);
    double cpu = seconds(after.ru_utime) - seconds(before.ru_utime) + seconds(after.ru_stime) - seconds(before.ru_stime);
    double wall = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    // Each round trip is two wake-ups, one of each thread.
    printf("%s %ld %.2f %.2f\n", name, roundTrips, wall * 1e6 / (double)roundTrips, cpu * 1e6 / (2.0 * (double)roundTrips));
}

int main(int argc, char** argv) {
    roundTrips = argc > 1 ? atol(argv[1]) : 50000;
    if (pipe(toEcho) != 0 || pipe(toMain) != 0) return 1;
    int first = 0;
    measure("one-core", &first);
    measure("any-core", NULL);
    return 0;
}
