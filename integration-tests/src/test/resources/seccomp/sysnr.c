/* sysnr NR...: calls syscall(NR) with zero arguments for each NR and prints "NR=ERRNO-NAME"
 * ("NR=ok" on success). Built static by SeccompIT, run inside the container. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        long nr = strtol(argv[i], NULL, 10);
        errno = 0;
        long rc = syscall(nr, 0, 0, 0, 0, 0, 0);
        printf("%ld=%s\n", nr, rc >= 0 ? "ok" : strerrorname_np(errno));
    }
    return 0;
}
