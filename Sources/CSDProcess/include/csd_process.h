#ifndef CSD_PROCESS_H
#define CSD_PROCESS_H

#include <sys/types.h>

/// Starts `path` with `argv`/`envp` and the given descriptors as its stdin, stdout and stderr, in a new
/// process group, with an empty signal mask and default dispositions for SIGINT, SIGPIPE, SIGTERM and
/// SIGQUIT. On Linux the child also asks the kernel for SIGKILL when its parent thread ends
/// (prctl PR_SET_PDEATHSIG), so it cannot outlive swiftdbt, not even a `kill -9` of it.
///
/// Returns the child's pid, or -1 with `*error_number` set (from fork, or from exec in the child,
/// reported back through a close-on-exec pipe).
///
/// PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, not the process (prctl(2)):
/// call this from a thread that lives as long as the program.
pid_t csd_spawn(const char *path, char *const argv[], char *const envp[], int stdin_fd, int stdout_fd, int stderr_fd,
                int *error_number);

#endif
