/* linux.netDevices: move one network interface between network namespaces with rtnetlink,
 * as runc's netnsAttach/netnsDetach do: set it down, then one RTM_NEWLINK that renames it
 * (IFLA_IFNAME) and changes its namespace (IFLA_NET_NS_FD) together, so the new name is
 * checked against the target namespace; optionally set it up there.
 * A netlink socket belongs to the namespace it was created in: to get one in another
 * namespace, the calling thread setns()es there and back (network namespaces are per
 * thread, so this is allowed in the multi-threaded JVM). */
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io_jrunc_nativeshim_JniKernel.h"

#define EXPORT __attribute__((visibility("default")))

enum step {
    ST_OPEN_FROM = 1, ST_OPEN_TO, ST_ENTER_FROM, ST_LOOKUP, ST_DOWN, ST_MOVE, ST_ENTER_TO, ST_LOOKUP_NEW, ST_UP,
    ST_RESTORE
};

struct req {
    struct nlmsghdr nh;
    struct ifinfomsg ifi;
    char attrs[128];
};

static void add_attr(struct req *r, unsigned short type, const void *data, size_t len)
{
    struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));
    a->rta_type = type;
    a->rta_len = (unsigned short)RTA_LENGTH(len);
    memcpy(RTA_DATA(a), data, len);
    r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* Sends one request and waits for its ACK; 0 or an errno. */
static int talk(int sock, struct req *r)
{
    static unsigned seq;
    r->nh.nlmsg_seq = ++seq;
    ssize_t n;
    do
        n = send(sock, r, r->nh.nlmsg_len, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno;
    union {
        char buf[4096];
        struct nlmsghdr align;
    } u;
    for (;;) {
        do
            n = recv(sock, u.buf, sizeof u.buf, 0);
        while (n < 0 && errno == EINTR);
        if (n < 0)
            return errno;
        for (struct nlmsghdr *h = &u.align; NLMSG_OK(h, (unsigned)n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != r->nh.nlmsg_seq)
                continue;
            if (h->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *e = NLMSG_DATA(h);
                return -e->error;
            }
        }
    }
}

static void init_req(struct req *r, int ifindex)
{
    memset(r, 0, sizeof *r);
    r->nh.nlmsg_len = NLMSG_LENGTH(sizeof r->ifi);
    r->nh.nlmsg_type = RTM_NEWLINK;
    r->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    r->ifi.ifi_family = AF_UNSPEC;
    r->ifi.ifi_index = ifindex;
}

static int set_up(int sock, int ifindex, int up)
{
    struct req r;
    init_req(&r, ifindex);
    r.ifi.ifi_change = IFF_UP;
    r.ifi.ifi_flags = up ? IFF_UP : 0;
    return talk(sock, &r);
}

static char *cstring(JNIEnv *env, jbyteArray b)
{
    if (!b)
        return NULL;
    jsize n = (*env)->GetArrayLength(env, b);
    char *s = malloc((size_t)n + 1);
    if (s) {
        (*env)->GetByteArrayRegion(env, b, 0, n, (jbyte *)s);
        s[n] = '\0';
    }
    return s;
}

/* The calling thread enters ns (an fd), opens a NETLINK_ROUTE socket and looks up the
 * interface there, then returns to self. Returns 0 or an errno with *st set. */
static int socket_in(int ns, int self, const char *name, int *sock, int *ifindex, int *st, int enter_step,
                     int lookup_step)
{
    int e = 0;
    if (ns >= 0 && setns(ns, CLONE_NEWNET) < 0) {
        *st = enter_step;
        return errno;
    }
    *sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (*sock < 0) {
        e = errno;
        *st = enter_step;
    } else if ((*ifindex = (int)if_nametoindex(name)) == 0) {
        e = errno == ENXIO ? ENODEV : errno;
        *st = lookup_step;
    }
    if (ns >= 0 && setns(self, CLONE_NEWNET) < 0) {
        /* the thread would stay in the container's namespace: nothing sane is left to do */
        abort();
    }
    return e;
}

/* moveLink0(name, fromNs or null, toNs, newName, up, stage[1]): 0 or an errno, stage[0] the step. */
EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_moveLink0(JNIEnv *env, jclass cls, jbyteArray jname,
                                                                          jbyteArray jfrom, jbyteArray jto,
                                                                          jbyteArray jnew, jboolean up,
                                                                          jintArray jstage)
{
    (void)cls;
    int st = 0, e = 0, from = -1, to = -1, self = -1, sock = -1, sock2 = -1, idx = 0, idx2 = 0;
    char *name = cstring(env, jname), *fromp = cstring(env, jfrom), *top = cstring(env, jto),
         *newname = cstring(env, jnew);
    if (!name || !top || !newname || (jfrom && !fromp)) {
        e = ENOMEM;
        goto out;
    }
    if (strlen(newname) >= IFNAMSIZ || strlen(name) >= IFNAMSIZ) {
        e = EINVAL;
        st = ST_LOOKUP;
        goto out;
    }
    self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (self < 0) {
        e = errno;
        st = ST_RESTORE;
        goto out;
    }
    if (fromp && (from = open(fromp, O_RDONLY | O_CLOEXEC)) < 0) {
        e = errno;
        st = ST_OPEN_FROM;
        goto out;
    }
    if ((to = open(top, O_RDONLY | O_CLOEXEC)) < 0) {
        e = errno;
        st = ST_OPEN_TO;
        goto out;
    }
    if ((e = socket_in(from, self, name, &sock, &idx, &st, ST_ENTER_FROM, ST_LOOKUP)) != 0)
        goto out;
    if ((e = set_up(sock, idx, 0)) != 0) {
        st = ST_DOWN;
        goto out;
    }
    struct req r;
    init_req(&r, idx);
    add_attr(&r, IFLA_IFNAME, newname, strlen(newname) + 1);
    uint32_t nsfd = (uint32_t)to;
    add_attr(&r, IFLA_NET_NS_FD, &nsfd, sizeof nsfd);
    if ((e = talk(sock, &r)) != 0) {
        st = ST_MOVE;
        goto out;
    }
    if (up) {
        if ((e = socket_in(to, self, newname, &sock2, &idx2, &st, ST_ENTER_TO, ST_LOOKUP_NEW)) != 0)
            goto out;
        if ((e = set_up(sock2, idx2, 1)) != 0)
            st = ST_UP;
    }
out:
    if (sock >= 0)
        close(sock);
    if (sock2 >= 0)
        close(sock2);
    if (from >= 0)
        close(from);
    if (to >= 0)
        close(to);
    if (self >= 0)
        close(self);
    free(name);
    free(fromp);
    free(top);
    free(newname);
    if (e != 0) {
        jint s = st;
        (*env)->SetIntArrayRegion(env, jstage, 0, 1, &s);
    }
    return e;
}
