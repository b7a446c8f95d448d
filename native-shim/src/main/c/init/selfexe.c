/* CVE-2019-5736: a process that joins a container must not run a binary the container
 * could write through /proc/<pid>/exe. We re-exec from a sealed memfd copy of ourselves:
 * nothing can write to it, and it is gone when the last user exits. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include "init.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U /* Linux 6.3: needed when vm.memfd_noexec=1 */
#endif

#define REQUIRED_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

int ensure_sealed_self(char **argv, char **envp, const char **what)
{
    int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (self < 0) {
        *what = "open /proc/self/exe";
        return -1;
    }
    int seals = fcntl(self, F_GET_SEALS);
    if (seals >= 0 && (seals & REQUIRED_SEALS) == REQUIRED_SEALS) {
        close(self); /* already the sealed copy */
        return 0;
    }
    int mfd = memfd_create("jrunc-init", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
    if (mfd < 0 && errno == EINVAL) /* kernel before 6.3 */
        mfd = memfd_create("jrunc-init", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (mfd < 0) {
        *what = "memfd_create";
        goto fail;
    }
    for (;;) {
        ssize_t n = sendfile(mfd, self, NULL, 1 << 30);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *what = "copy /proc/self/exe to memfd";
            goto fail;
        }
        if (n == 0)
            break;
    }
    if (fcntl(mfd, F_ADD_SEALS, REQUIRED_SEALS) < 0) {
        *what = "seal memfd";
        goto fail;
    }
    close(self);
    /* an ELF binary may be exec'd from a close-on-exec fd (execveat AT_EMPTY_PATH) */
    fexecve(mfd, argv, envp);
    *what = "exec sealed memfd";
    int e = errno;
    close(mfd);
    errno = e;
    return -1;
fail:
    e = errno;
    close(self);
    if (mfd >= 0)
        close(mfd);
    errno = e;
    return -1;
}
