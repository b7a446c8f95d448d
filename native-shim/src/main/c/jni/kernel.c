/* libjrunc.so: the few syscalls the JVM makes itself (io.jrunc.core.sys.Kernel).
 * Functions return errno values; JniKernel.java turns them into exceptions. Nothing here
 * prints, and nothing runs at load time. */
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "io_jrunc_nativeshim_JniKernel.h"

#define EXPORT __attribute__((visibility("default")))
#define NOT_EXITED INT_MIN
#define SPAWN_STACK (64 * 1024)

enum spawn_step { STEP_DUP = 1, STEP_CLONE = 2, STEP_EXEC = 3 };

/* Shared with the child through CLONE_VM: everything is prepared before the clone, and
 * the child only makes syscalls (no malloc, no locks) until execve. */
struct spawn_args {
    const char *path;
    char **argv;
    char **envp;
    const jint *fds;
    int nfds;
    int *tmp;
    volatile int err;
    volatile int step;
};

static void close_from(int lowfd)
{
    if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0U) == 0)
        return;
    struct rlimit rl;
    int max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (1U << 20) ? (int)rl.rlim_cur : 1 << 20;
    for (int fd = lowfd; fd < max; fd++)
        close(fd);
}

static int spawn_child(void *arg)
{
    struct spawn_args *a = arg;
    /* the kernel's struct sigaction, all zero = SIG_DFL; raw because glibc refuses to
     * touch its internal signals 32/33, which the JVM may have set to ignored */
    unsigned long dfl[4] = {0};
    /* all signals are blocked (by the parent) until the JVM's handlers are gone */
    for (int sig = 1; sig < _NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            syscall(SYS_rt_sigaction, sig, dfl, NULL, (size_t)(_NSIG / 8));

    /* two passes so no source is clobbered: sources go above every target first */
    for (int i = 0; i < a->nfds; i++) {
        a->tmp[i] = -1;
        if (a->fds[i] >= 0 && (a->tmp[i] = fcntl(a->fds[i], F_DUPFD, a->nfds)) < 0)
            goto fail;
    }
    for (int i = 0; i < a->nfds; i++) {
        if (a->tmp[i] >= 0) {
            if (dup2(a->tmp[i], i) < 0) /* dup2 also clears FD_CLOEXEC */
                goto fail;
        } else {
            int fl = fcntl(i, F_GETFD);
            if (fl >= 0 && (fl & FD_CLOEXEC))
                fcntl(i, F_SETFD, fl & ~FD_CLOEXEC);
        }
    }
    close_from(a->nfds);

    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(a->path, a->argv, a->envp);
    a->step = STEP_EXEC;
    a->err = errno;
    _exit(127);
fail:
    a->step = STEP_DUP;
    a->err = errno;
    _exit(127);
}

static void strv_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

/* NULL-terminated copies of the byte[] elements (Java appended the NUL); NULL on ENOMEM. */
static char **strv(JNIEnv *env, jobjectArray arr)
{
    jsize n = (*env)->GetArrayLength(env, arr);
    char **v = calloc((size_t)n + 1, sizeof *v);
    if (!v)
        return NULL;
    for (jsize i = 0; i < n; i++) {
        jbyteArray b = (*env)->GetObjectArrayElement(env, arr, i);
        jsize len = (*env)->GetArrayLength(env, b);
        v[i] = malloc((size_t)len + 1);
        if (!v[i]) {
            strv_free(v);
            return NULL;
        }
        (*env)->GetByteArrayRegion(env, b, 0, len, (jbyte *)v[i]);
        v[i][len] = '\0';
        (*env)->DeleteLocalRef(env, b);
    }
    return v;
}

static char *cstr(JNIEnv *env, jbyteArray b)
{
    jsize len = (*env)->GetArrayLength(env, b);
    char *s = malloc((size_t)len + 1);
    if (s) {
        (*env)->GetByteArrayRegion(env, b, 0, len, (jbyte *)s);
        s[len] = '\0';
    }
    return s;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_spawn0(JNIEnv *env, jclass cls, jbyteArray jpath,
                                                                       jobjectArray jargv, jobjectArray jenv,
                                                                       jintArray jfds, jintArray jerr)
{
    (void)cls;
    struct spawn_args a = {0};
    jint result = -1, errout[2] = {ENOMEM, STEP_CLONE};
    jsize nfds = (*env)->GetArrayLength(env, jfds);
    jint *fds = calloc((size_t)nfds + 1, sizeof *fds);
    int *tmp = calloc((size_t)nfds + 1, sizeof *tmp);
    char *path = cstr(env, jpath);
    char **argv = strv(env, jargv);
    char **envp = strv(env, jenv);
    void *stack = MAP_FAILED;

    if (!fds || !tmp || !path || !argv || !envp)
        goto out;
    (*env)->GetIntArrayRegion(env, jfds, 0, nfds, fds);
    a = (struct spawn_args){.path = path, .argv = argv, .envp = envp, .fds = fds, .nfds = nfds, .tmp = tmp};

    stack = mmap(NULL, SPAWN_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        errout[0] = errno;
        goto out;
    }
    /* block everything so no JVM signal handler runs in the child, which shares our memory */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t pid = clone(spawn_child, (char *)stack + SPAWN_STACK, CLONE_VM | CLONE_VFORK | SIGCHLD, &a);
    int e = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (pid < 0) {
        errout[0] = e;
        goto out;
    }
    /* CLONE_VFORK: we resume once the child has exec'd or exited */
    if (a.step != 0) {
        errout[0] = a.err;
        errout[1] = a.step;
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        goto out;
    }
    result = pid;
out:
    if (result < 0)
        (*env)->SetIntArrayRegion(env, jerr, 0, 2, errout);
    if (stack != MAP_FAILED)
        munmap(stack, SPAWN_STACK);
    strv_free(argv);
    strv_free(envp);
    free(path);
    free(fds);
    free(tmp);
    return result;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_socketpair0(JNIEnv *env, jclass cls, jintArray out)
{
    (void)cls;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return errno;
    jint j[2] = {sv[0], sv[1]};
    (*env)->SetIntArrayRegion(env, out, 0, 2, j);
    return 0;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_read0(JNIEnv *env, jclass cls, jint fd, jbyteArray buf,
                                                                      jint off, jint len)
{
    (void)cls;
    char small[8192];
    size_t want = (size_t)len < (1U << 20) ? (size_t)len : (1U << 20);
    char *p = want <= sizeof small ? small : malloc(want);
    if (!p)
        return -ENOMEM;
    ssize_t n;
    do
        n = read(fd, p, want);
    while (n < 0 && errno == EINTR);
    int e = errno;
    if (n > 0)
        (*env)->SetByteArrayRegion(env, buf, off, (jsize)n, (const jbyte *)p);
    if (p != small)
        free(p);
    return n < 0 ? -e : (jint)n;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_write0(JNIEnv *env, jclass cls, jint fd, jbyteArray buf,
                                                                       jint off, jint len)
{
    (void)cls;
    char chunk[16384];
    int use_send = 1;
    while (len > 0) {
        jint n = len < (jint)sizeof chunk ? len : (jint)sizeof chunk;
        (*env)->GetByteArrayRegion(env, buf, off, n, (jbyte *)chunk);
        jint done = 0;
        while (done < n) {
            ssize_t w = use_send ? send(fd, chunk + done, (size_t)(n - done), MSG_NOSIGNAL)
                                 : write(fd, chunk + done, (size_t)(n - done));
            if (w < 0 && errno == ENOTSOCK && use_send) {
                use_send = 0; /* a pipe or file: plain write */
                continue;
            }
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return errno;
            done += (jint)w;
        }
        off += n;
        len -= n;
    }
    return 0;
}

EXPORT JNIEXPORT void JNICALL Java_io_jrunc_nativeshim_JniKernel_close0(JNIEnv *env, jclass cls, jint fd)
{
    (void)env;
    (void)cls;
    close(fd); /* never retried: on Linux the fd is gone even on EINTR */
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_kill0(JNIEnv *env, jclass cls, jint pid, jint sig)
{
    (void)env;
    (void)cls;
    return kill(pid, sig) == 0 ? 0 : errno;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_waitpid0(JNIEnv *env, jclass cls, jint pid,
                                                                         jboolean nohang)
{
    (void)env;
    (void)cls;
    int status;
    pid_t r;
    do
        r = waitpid(pid, &status, nohang ? WNOHANG : 0);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return -errno;
    return r == 0 ? NOT_EXITED : status;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_setChildSubreaper0(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL) == 0 ? 0 : errno;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_mkfifo0(JNIEnv *env, jclass cls, jbyteArray jpath,
                                                                        jint mode)
{
    (void)cls;
    char *path = cstr(env, jpath);
    int rc = 0;
    if (!path)
        return ENOMEM;
    if (mkfifo(path, (mode_t)mode) < 0)
        rc = errno;
    else if (chmod(path, (mode_t)mode) < 0) /* the exact mode: umask is process-wide, not ours to change */
        rc = -errno;
    free(path);
    return rc;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_open0(JNIEnv *env, jclass cls, jbyteArray jpath,
                                                                      jint flags, jint mode)
{
    (void)cls;
    char *path = cstr(env, jpath);
    if (!path)
        return -ENOMEM;
    int fd;
    do
        fd = open(path, flags, (mode_t)mode);
    while (fd < 0 && errno == EINTR);
    int rc = fd < 0 ? -errno : fd;
    free(path);
    return rc;
}

EXPORT JNIEXPORT jstring JNICALL Java_io_jrunc_nativeshim_JniKernel_strerror0(JNIEnv *env, jclass cls, jint err)
{
    (void)cls;
    char buf[256];
    const char *s = strerror_r(err, buf, sizeof buf); /* GNU: returns the text */
    return (*env)->NewStringUTF(env, s);
}

/* ---- console sockets and terminals ---- */

static int unix_addr(JNIEnv *env, jbyteArray jpath, struct sockaddr_un *sa)
{
    jsize len = (*env)->GetArrayLength(env, jpath); /* includes the NUL Java appended */
    memset(sa, 0, sizeof *sa);
    sa->sun_family = AF_UNIX;
    if (len < 2 || (size_t)len > sizeof sa->sun_path)
        return ENAMETOOLONG;
    (*env)->GetByteArrayRegion(env, jpath, 0, len, (jbyte *)sa->sun_path);
    return 0;
}

/* A connected AF_UNIX stream socket, close-on-exec; the fd or -errno. */
EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_connectUnix0(JNIEnv *env, jclass cls, jbyteArray jpath)
{
    (void)cls;
    struct sockaddr_un sa;
    int e = unix_addr(env, jpath, &sa);
    if (e)
        return -e;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    int r;
    do
        r = connect(fd, (struct sockaddr *)&sa, sizeof sa);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
        e = errno;
        close(fd);
        return -e;
    }
    return fd;
}

/* A listening AF_UNIX stream socket bound to path (backlog 16); the fd or -errno. */
EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_listenUnix0(JNIEnv *env, jclass cls, jbyteArray jpath)
{
    (void)cls;
    struct sockaddr_un sa;
    int e = unix_addr(env, jpath, &sa);
    if (e)
        return -e;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 16) < 0) {
        e = errno;
        close(fd);
        return -e;
    }
    return fd;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_accept0(JNIEnv *env, jclass cls, jint fd)
{
    (void)env;
    (void)cls;
    int c;
    do
        c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
    while (c < 0 && errno == EINTR);
    return c < 0 ? -errno : c;
}

/* One message carrying exactly one fd, checked as containerd's go-runc does: name shorter
 * than 4096 bytes, one SCM_RIGHTS header, one fd. out = {fd, name length} or returns errno
 * (EPROTO for a message of the wrong shape; any fds received are closed). */
EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_recvFd0(JNIEnv *env, jclass cls, jint sock,
                                                                        jbyteArray jname, jintArray jout)
{
    (void)cls;
    char name[4096];
    union {
        char buf[CMSG_SPACE(sizeof(int) * 8)];
        struct cmsghdr align;
    } u;
    struct iovec iov = {.iov_base = name, .iov_len = sizeof name};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    ssize_t n;
    do
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno;
    int fds = 0, scms = 0, fd = -1;
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
        if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
            continue;
        scms++;
        size_t k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < k; i++) {
            int got;
            memcpy(&got, CMSG_DATA(cm) + i * sizeof(int), sizeof got);
            if (fds++ == 0)
                fd = got;
            else
                close(got);
        }
    }
    if (n >= (ssize_t)sizeof name || msg.msg_controllen != CMSG_SPACE(sizeof(int)) || scms != 1 || fds != 1
        || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
        if (fd >= 0)
            close(fd);
        return EPROTO;
    }
    (*env)->SetByteArrayRegion(env, jname, 0, (jsize)n, (const jbyte *)name);
    jint out[2] = {fd, (jint)n};
    (*env)->SetIntArrayRegion(env, jout, 0, 2, out);
    return 0;
}

/* rows/cols of a terminal into out[0..1]; 0 or errno. */
EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_getWinsize0(JNIEnv *env, jclass cls, jint fd,
                                                                            jintArray jout)
{
    (void)cls;
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) < 0)
        return errno;
    jint out[2] = {ws.ws_row, ws.ws_col};
    (*env)->SetIntArrayRegion(env, jout, 0, 2, out);
    return 0;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_setWinsize0(JNIEnv *env, jclass cls, jint fd,
                                                                            jint rows, jint cols)
{
    (void)env;
    (void)cls;
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    return ioctl(fd, TIOCSWINSZ, &ws) < 0 ? errno : 0;
}

EXPORT JNIEXPORT jboolean JNICALL Java_io_jrunc_nativeshim_JniKernel_isatty0(JNIEnv *env, jclass cls, jint fd)
{
    (void)env;
    (void)cls;
    return isatty(fd) ? JNI_TRUE : JNI_FALSE;
}

/* Puts a terminal in raw mode (cfmakeraw), saving the old settings into jsaved; 0 or errno. */
EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_makeRaw0(JNIEnv *env, jclass cls, jint fd,
                                                                         jbyteArray jsaved)
{
    (void)cls;
    struct termios old, raw;
    if ((*env)->GetArrayLength(env, jsaved) < (jsize)sizeof old)
        return EINVAL;
    if (tcgetattr(fd, &old) < 0)
        return errno;
    raw = old;
    cfmakeraw(&raw);
    if (tcsetattr(fd, TCSANOW, &raw) < 0)
        return errno;
    (*env)->SetByteArrayRegion(env, jsaved, 0, (jsize)sizeof old, (const jbyte *)&old);
    return 0;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_restoreTerminal0(JNIEnv *env, jclass cls, jint fd,
                                                                                 jbyteArray jsaved)
{
    (void)cls;
    struct termios t;
    if ((*env)->GetArrayLength(env, jsaved) < (jsize)sizeof t)
        return EINVAL;
    (*env)->GetByteArrayRegion(env, jsaved, 0, (jsize)sizeof t, (jbyte *)&t);
    return tcsetattr(fd, TCSANOW, &t) < 0 ? errno : 0;
}

EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_termiosSize0(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return (jint)sizeof(struct termios);
}

/* A new pty pair (for tests): out = {master, peer}, both close-on-exec, no controlling tty. */
EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_openpty0(JNIEnv *env, jclass cls, jintArray jout)
{
    (void)cls;
    int zero = 0;
    int m = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0)
        return errno;
    int p = ioctl(m, TIOCSPTLCK, &zero) < 0 ? -1 : ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (p < 0) {
        int e = errno;
        close(m);
        return e;
    }
    jint out[2] = {m, p};
    (*env)->SetIntArrayRegion(env, jout, 0, 2, out);
    return 0;
}

/* Connects to the AF_UNIX stream socket at path and sends payload with fd attached in one
 * sendmsg (how runc hands a seccomp listener to its agent). 0, errno of the connect, or
 * -errno of the send. */
EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_sendFd0(JNIEnv *env, jclass cls, jbyteArray jpath,
                                                                        jbyteArray jpayload, jint fd)
{
    (void)cls;
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    jsize plen = (*env)->GetArrayLength(env, jpath);
    if (plen <= 1 || (size_t)plen > sizeof sa.sun_path)
        return ENAMETOOLONG;
    (*env)->GetByteArrayRegion(env, jpath, 0, plen, (jbyte *)sa.sun_path);
    jsize len = (*env)->GetArrayLength(env, jpayload);
    char *data = malloc((size_t)len + 1);
    if (!data)
        return ENOMEM;
    (*env)->GetByteArrayRegion(env, jpayload, 0, len, (jbyte *)data);
    int rc = 0;
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof sa) < 0) {
        rc = errno;
        goto out;
    }
    struct iovec iov = {data, (size_t)len};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fd, sizeof fd);
    ssize_t n;
    do
        n = sendmsg(s, &msg, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        rc = -errno;
    else if (n != len)
        rc = -EMSGSIZE;
out:
    if (s >= 0)
        close(s);
    free(data);
    return rc;
}
