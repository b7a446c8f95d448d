package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container's process as runc sets it up: fds, pid 1, names, capabilities, user, umask, cwd, env, limits. */
class ProcessIT extends InsideTestBase {

    // CAP_KILL (5), CAP_NET_BIND_SERVICE (10), CAP_AUDIT_WRITE (29): runc spec's default sets
    private static final String DEFAULT_CAPS = "0000000020000420";

    @Test
    void theDefaultConfigGivesRuncsProcess() {
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> c.put("domainname", "example.org"), probes(
                "fds", "ls /proc/$$/fd",
                "pid", "echo $$",
                "cmdline", "tr '\\0' ' ' < /proc/1/cmdline; echo",
                "hostname", "hostname",
                "domainname", "cat /proc/sys/kernel/domainname",
                "status", "grep -E '^(Cap|NoNewPrivs|Uid|Gid|Groups)' /proc/$$/status",
                "id", "id",
                "umask", "umask",
                "cwd", "pwd",
                "env", "env | grep -v -e '^PWD=' -e '^SHLVL=' | sort",
                "nofile", "ulimit -n",
                "sid", "cut -d' ' -f6 /proc/$$/stat"));
        assertThat(s.get("fds")).as("only stdio reaches the container").isEqualTo("0\n1\n2");
        assertThat(s.get("pid")).isEqualTo("1");
        assertThat(s.get("cmdline")).startsWith("sh -c echo @@fds");
        assertThat(s.get("hostname")).isEqualTo("runc");
        assertThat(s.get("domainname")).isEqualTo("example.org");
        assertThat(s.get("status").lines()).contains(
                "CapInh:\t0000000000000000", "CapPrm:\t" + DEFAULT_CAPS, "CapEff:\t" + DEFAULT_CAPS,
                "CapBnd:\t" + DEFAULT_CAPS, "CapAmb:\t0000000000000000", "NoNewPrivs:\t1",
                "Uid:\t0\t0\t0\t0", "Gid:\t0\t0\t0\t0");
        assertThat(s.get("status")).containsPattern("Groups:\\s*\n");
        assertThat(s.get("id")).isEqualTo("uid=0(root) gid=0(root)");
        assertThat(s.get("umask")).isEqualTo("0022");
        assertThat(s.get("cwd")).isEqualTo("/");
        assertThat(s.get("env")).isEqualTo("HOME=/root\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nTERM=xterm");
        assertThat(s.get("nofile")).isEqualTo("1024");
        assertThat(s.get("sid")).as("init leads its own session").isEqualTo("1");
    }

    @Test
    void aModifiedConfigIsAppliedExactly() {
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            ObjectNode p = process(c);
            p.putObject("user").put("uid", 1000).put("gid", 1000).put("umask", 027)
                    .putArray("additionalGids").add(10).add(20);
            p.put("cwd", "/tmp");
            p.put("noNewPrivileges", false);
            p.put("oomScoreAdj", 123);
            setStrings(p, "env", "PATH=/bin:/usr/bin", "FOO=bar baz", "HOME=/elsewhere");
            ObjectNode caps = p.putObject("capabilities");
            setStrings(caps, "bounding", "CAP_CHOWN", "CAP_NET_RAW");
            setStrings(caps, "permitted", "CAP_NET_RAW");
            setStrings(caps, "effective", "CAP_NET_RAW");
            setStrings(caps, "inheritable", "CAP_NET_RAW");
            setStrings(caps, "ambient", "CAP_NET_RAW");
            ArrayNode rl = p.putArray("rlimits");
            rl.addObject().put("type", "RLIMIT_NOFILE").put("soft", 512).put("hard", 2048);
            rl.addObject().put("type", "RLIMIT_STACK").put("soft", 4 << 20).put("hard", 16 << 20);
        }, probes(
                "status", "grep -E '^(Cap|NoNewPrivs|Uid|Gid|Groups)' /proc/$$/status",
                "ids", "id -u; id -g; id -G",
                "umask", "umask",
                "cwd", "pwd",
                "env", "env | grep -v -e '^PWD=' -e '^SHLVL=' | sort",
                "nofile", "ulimit -n; ulimit -Hn",
                "stack", "ulimit -s",
                "oom", "cat /proc/self/oom_score_adj",
                "fds", "ls /proc/$$/fd"));
        assertThat(s.get("status").lines()).contains(
                "CapInh:\t0000000000002000", "CapPrm:\t0000000000002000", "CapEff:\t0000000000002000",
                "CapBnd:\t0000000000002001", "CapAmb:\t0000000000002000", "NoNewPrivs:\t0",
                "Uid:\t1000\t1000\t1000\t1000", "Gid:\t1000\t1000\t1000\t1000");
        assertThat(s.get("status")).containsPattern("Groups:\\s*10 20\\s*\n?");
        assertThat(s.get("ids")).isEqualTo("1000\n1000\n1000 10 20");
        assertThat(s.get("umask")).isEqualTo("0027");
        assertThat(s.get("cwd")).isEqualTo("/tmp");
        assertThat(s.get("env")).isEqualTo("FOO=bar baz\nHOME=/elsewhere\nPATH=/bin:/usr/bin");
        assertThat(s.get("nofile")).isEqualTo("512\n2048");
        assertThat(s.get("stack")).isEqualTo("4096");
        assertThat(s.get("oom")).isEqualTo("123");
        assertThat(s.get("fds")).isEqualTo("0\n1\n2");
    }

    @Test
    void aMissingCwdIsCreatedAsRuncDoes() {
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            ((ObjectNode) c.get("root")).put("readonly", false);
            process(c).put("cwd", "/work/new/dir");
        }, probes("cwd", "pwd", "mode", "stat -c '%a %u' /work/new/dir"));
        assertThat(s.get("cwd")).isEqualTo("/work/new/dir");
        assertThat(s.get("mode")).isEqualTo("755 0");
    }

    @Test
    void debianSeesItsOwnUsersAndPackages() {
        Map<String, String> s = inside(Bundles.Rootfs.DEBIAN, c -> {
            process(c).putObject("user").put("uid", 33).put("gid", 33).putArray("additionalGids").add(4);
            setStrings(process(c), "env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        }, probes(
                "osrelease", "cat /etc/os-release",
                "id", "id",
                "home", "echo $HOME",
                "dpkg", "dpkg-query -W -f '${Package} ${Status}\\n' coreutils dpkg",
                "pid", "echo $$",
                "fds", "ls /proc/$$/fd"));
        assertThat(s.get("osrelease")).contains("ID=debian", "VERSION_CODENAME=bookworm");
        assertThat(s.get("id")).isEqualTo("uid=33(www-data) gid=33(www-data) groups=33(www-data),4(adm)");
        assertThat(s.get("home")).as("HOME from the container's /etc/passwd, as runc sets it").isEqualTo("/var/www");
        assertThat(s.get("dpkg")).isEqualTo("coreutils install ok installed\ndpkg install ok installed");
        assertThat(s.get("pid")).isEqualTo("1");
        assertThat(s.get("fds")).isEqualTo("0\n1\n2");
    }
}
