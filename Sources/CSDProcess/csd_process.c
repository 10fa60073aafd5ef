#define _GNU_SOURCE
#include "csd_process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

// posix_spawn cannot set a parent-death signal, so this is fork + exec. Between fork and exec the
// child calls only functions that POSIX lists as async-signal-safe (signal-safety(7)) plus prctl,
// a plain system call: the parent has other threads, whose locks may be held in the copy.
pid_t csd_spawn(const char *path, char *const argv[], char *const envp[], int stdin_fd, int stdout_fd, int stderr_fd,
                int *error_number) {
    int report[2];
    // Close-on-exec: a successful exec closes the child's end, so the parent reads end of file.
#ifdef __linux__
    if (pipe2(report, O_CLOEXEC) != 0) {
        *error_number = errno;
        return -1;
    }
#else
    if (pipe(report) != 0) {
        *error_number = errno;
        return -1;
    }
    fcntl(report[0], F_SETFD, FD_CLOEXEC);
    fcntl(report[1], F_SETFD, FD_CLOEXEC);
#endif
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        *error_number = errno;
        close(report[0]);
        close(report[1]);
        return -1;
    }
    if (pid == 0) {
        int failure = 0;
#ifdef __linux__
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) failure = errno;
        // The parent may have died before prctl took effect; then no signal will ever come.
        if (failure == 0 && getppid() != parent) _exit(127);
#endif
        sigset_t none;
        sigemptyset(&none);
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        int defaults[] = {SIGINT, SIGPIPE, SIGTERM, SIGQUIT};
        for (unsigned i = 0; failure == 0 && i < sizeof defaults / sizeof defaults[0]; i++) {
            if (sigaction(defaults[i], &dfl, NULL) != 0) failure = errno;
        }
        if (failure == 0 && sigprocmask(SIG_SETMASK, &none, NULL) != 0) failure = errno;
        // Its own process group: a terminal's Ctrl-C reaches swiftdbt only, which decides what to do.
        if (failure == 0 && setpgid(0, 0) != 0) failure = errno;
        if (failure == 0 && (dup2(stdin_fd, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0)) failure = errno;
        if (failure == 0) {
            execve(path, argv, envp);
            failure = errno;
        }
        ssize_t ignored = write(report[1], &failure, sizeof failure);
        (void)ignored;
        _exit(127);
    }
    close(report[1]);
    int childError = 0;
    ssize_t n;
    do {
        n = read(report[0], &childError, sizeof childError);
    } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof childError) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *error_number = childError;
        return -1;
    }
    return pid;
}
