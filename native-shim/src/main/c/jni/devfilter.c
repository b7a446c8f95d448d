/* The cgroup v2 device filter: a BPF_PROG_TYPE_CGROUP_DEVICE program built from the
 * ordered rule list the cgroup manager computes (io.jrunc.core.cgroup.DeviceRule), loaded
 * and attached to the container's cgroup with raw bpf(2) (no libbpf). Semantics as runc's
 * devicefilter: a rule matches on type (or any), major and minor (or wildcard) when the
 * requested access is a subset of the rule's; the last matching rule decides; no match
 * denies. The attachment (BPF_F_ALLOW_MULTI) keeps the program alive after our fds close. */
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "io_jrunc_nativeshim_JniKernel.h"

#define EXPORT __attribute__((visibility("default")))
#define RULE_INTS 5   /* type (0 any, BPF_DEVCG_DEV_BLOCK, BPF_DEVCG_DEV_CHAR), major, minor, access, allow */
#define MAX_RULES 4096
#define PROLOGUE 6
#define MAX_BLOCK 8

enum stage { STAGE_ARGS = 1, STAGE_LOAD = 2, STAGE_OPEN = 3, STAGE_ATTACH = 4 };

static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
    struct bpf_insn i;
    memset(&i, 0, sizeof i);
    i.code = code;
    i.dst_reg = dst;
    i.src_reg = src;
    i.off = off;
    i.imm = imm;
    return i;
}

/* One rule's block: its tests jump to the next block on mismatch, else return allow. */
static int emit_rule(struct bpf_insn *out, const jint *r)
{
    struct bpf_insn tests[4];
    int n = 0;
    jint type = r[0], major = r[1], minor = r[2], access = r[3], allow = r[4];
    if (type != 0) /* if r2 != type goto next */
        tests[n++] = insn(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, 0, type);
    int all = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;
    int k = 0;
    if ((access & all) != all) /* w1 = w3 & access; if r1 != r3 goto next: access asked ⊄ rule */
        k = 3;
    if (major >= 0)
        tests[n++] = insn(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_4, 0, 0, major);
    if (minor >= 0)
        tests[n++] = insn(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0, 0, minor);
    int len = n + k + 2, at = 0;
    for (int i = 0; i < n; i++) {
        out[at] = tests[i];
        out[at].off = (int16_t)(len - at - 1);
        at++;
    }
    if (k) {
        out[at++] = insn(BPF_ALU | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_3, 0, 0);
        out[at++] = insn(BPF_ALU | BPF_AND | BPF_K, BPF_REG_1, 0, 0, access & all);
        out[at] = insn(BPF_JMP | BPF_JNE | BPF_X, BPF_REG_1, BPF_REG_3, 0, 0);
        out[at].off = (int16_t)(len - at - 1);
        at++;
    }
    out[at++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, allow ? 1 : 0);
    out[at++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    return at;
}

/* Returns the instruction count. */
static int build(const jint *rules, int nrules, struct bpf_insn *out)
{
    int at = 0;
    /* r2 = type, r3 = access (ctx->access_type is access << 16 | type), r4 = major, r5 = minor */
    out[at++] = insn(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1, 0, 0);
    out[at++] = insn(BPF_ALU | BPF_AND | BPF_K, BPF_REG_2, 0, 0, 0xffff);
    out[at++] = insn(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_3, BPF_REG_1, 0, 0);
    out[at++] = insn(BPF_ALU | BPF_RSH | BPF_K, BPF_REG_3, 0, 0, 16);
    out[at++] = insn(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_4, BPF_REG_1, 4, 0);
    out[at++] = insn(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_5, BPF_REG_1, 8, 0);
    for (int i = nrules - 1; i >= 0; i--) { /* last match wins: test the last rule first */
        int len = emit_rule(out + at, rules + i * RULE_INTS);
        at += len;
        if (len == 2)
            return at; /* it matches everything: the rest is unreachable, which the verifier refuses */
    }
    out[at++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0); /* default deny */
    out[at++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    return at;
}

static int sys_bpf(int cmd, union bpf_attr *attr)
{
    return (int)syscall(SYS_bpf, cmd, attr, sizeof *attr);
}

/* 0, or errno with stage[0] = the failed step (1 args, 2 prog load, 3 open dir, 4 attach). */
EXPORT JNIEXPORT jint JNICALL Java_io_jrunc_nativeshim_JniKernel_attachDeviceFilter0(JNIEnv *env, jclass cls,
                                                                                     jbyteArray jdir,
                                                                                     jintArray jrules,
                                                                                     jintArray jstage)
{
    (void)cls;
    jint stage = STAGE_ARGS, rc = 0;
    jsize nints = (*env)->GetArrayLength(env, jrules);
    jsize dirlen = (*env)->GetArrayLength(env, jdir);
    if (nints % RULE_INTS != 0 || nints / RULE_INTS > MAX_RULES || dirlen <= 0 || dirlen >= 4096) {
        (*env)->SetIntArrayRegion(env, jstage, 0, 1, &stage);
        return EINVAL;
    }
    int nrules = nints / RULE_INTS;
    static const size_t max_insns = PROLOGUE + MAX_RULES * MAX_BLOCK + 2;
    struct bpf_insn *prog = calloc(max_insns, sizeof *prog);
    jint *rules = (*env)->GetIntArrayElements(env, jrules, NULL);
    char dir[4096];
    if (!prog || !rules) {
        rc = ENOMEM;
        goto out;
    }
    (*env)->GetByteArrayRegion(env, jdir, 0, dirlen, (jbyte *)dir);
    dir[dirlen] = '\0';
    int count = build(rules, nrules, prog);

    union bpf_attr load;
    memset(&load, 0, sizeof load);
    load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
    load.insns = (uint64_t)(uintptr_t)prog;
    load.insn_cnt = (uint32_t)count;
    load.license = (uint64_t)(uintptr_t)"Apache";
    stage = STAGE_LOAD;
    int progfd = sys_bpf(BPF_PROG_LOAD, &load); /* the kernel makes prog fds close-on-exec */
    if (progfd < 0) {
        rc = errno;
        goto out;
    }
    stage = STAGE_OPEN;
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        rc = errno;
        close(progfd);
        goto out;
    }
    union bpf_attr attach;
    memset(&attach, 0, sizeof attach);
    attach.target_fd = (uint32_t)dirfd;
    attach.attach_bpf_fd = (uint32_t)progfd;
    attach.attach_type = BPF_CGROUP_DEVICE;
    attach.attach_flags = BPF_F_ALLOW_MULTI;
    stage = STAGE_ATTACH;
    if (sys_bpf(BPF_PROG_ATTACH, &attach) < 0)
        rc = errno;
    close(dirfd);
    close(progfd);
out:
    if (rules)
        (*env)->ReleaseIntArrayElements(env, jrules, rules, JNI_ABORT);
    free(prog);
    if (rc)
        (*env)->SetIntArrayRegion(env, jstage, 0, 1, &stage);
    return rc;
}
