package io.jrunc.core.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A made-up host tree (/proc, /sys, /usr/lib) for check's readers. */
final class FakeHost {
    static final String HYBRID_MOUNTINFO = """
            22 1 8:1 / / rw,relatime - ext4 /dev/vda rw
            25 22 0:5 / /run rw,nosuid - tmpfs tmpfs rw,mode=755
            31 22 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
            33 31 0:30 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    final Path root;

    FakeHost(Path root) {
        this.root = root;
    }

    FakeHost file(String path, String content) throws IOException {
        Path p = root.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return this;
    }

    /** A 6.1 hybrid host with seccomp, every namespace type, and no memory controller. */
    static FakeHost hybrid(Path root) throws IOException {
        FakeHost h = new FakeHost(root)
                .file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
                .file("/proc/self/mountinfo", HYBRID_MOUNTINFO)
                .file("/sys/fs/cgroup/unified/cgroup.controllers", "\n")
                .file("/proc/sys/user/max_user_namespaces", "1000\n")
                .file("/proc/sys/user/max_pid_namespaces", "1000\n")
                .file("/proc/sys/kernel/seccomp/actions_avail", "kill_process kill_thread trap errno user_notif trace log allow\n")
                .file("/proc/filesystems", "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tcgroup\nnodev\tcgroup2\n"
                        + "nodev\tdevpts\nnodev\tmqueue\n\text4\n")
                .file("/proc/sys/net/ipv4/ip_forward", "0\n")
                .file("/usr/lib/x86_64-linux-gnu/libseccomp.so.2.5.4", "");
        for (String ns : new String[] {"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "user", "uts"}) {
            h.file("/proc/self/ns/" + ns, "");
        }
        return h;
    }

    HostFiles files() {
        return new HostFiles(root);
    }
}
