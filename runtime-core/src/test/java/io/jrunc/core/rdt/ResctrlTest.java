package io.jrunc.core.rdt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.spec.Linux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** linux.intelRdt against a fake resctrl directory. */
class ResctrlTest {
    @TempDir
    Path root;

    static Linux.IntelRdt rdt(String clos, String l3, String mb, List<String> schemata) {
        return new Linux.IntelRdt(clos, l3, mb, schemata, null);
    }

    @Test
    void withoutResctrlTheFieldIsRefusedWithTheReason() {
        Linux.IntelRdt r = rdt(null, "L3:0=ff", null, null);
        assertThat(new Resctrl(root, false, false).unavailable(r)).contains(
                "linux.intelRdt: Intel RDT is not supported on this host (no resctrl filesystem in /proc/filesystems)");
        assertThat(new Resctrl(root, false, true).unavailable(r)).contains(
                "linux.intelRdt: Intel RDT is not supported on this host (no resctrl mounted at " + root + ")");
        assertThat(new Resctrl(root, true, true).unavailable(r)).isEmpty();
        assertThat(new Resctrl(root, false, false).unavailable(null)).isEmpty();
    }

    @Test
    void aNewGroupNamedAfterTheContainerGetsSchemataAndTheTaskAndGoesAtDelete() throws Exception {
        Resctrl rc = new Resctrl(root, true, true);
        Resctrl.Group g = rc.join("c1", rdt(null, "L3:0=ff;1=f0", "MB:0=70", List.of("L2:0=f")), 4242);
        assertThat(g).isEqualTo(new Resctrl.Group(root.resolve("c1"), true));
        assertThat(Files.readString(g.dir().resolve("schemata"))).isEqualTo("L3:0=ff;1=f0\nMB:0=70\nL2:0=f\n");
        assertThat(Files.readString(g.dir().resolve("tasks"))).isEqualTo("4242");
        assertThat(Resctrl.Group.decode(g.encode())).isEqualTo(g);
        Files.delete(g.dir().resolve("schemata")); // resctrl's own files vanish with the group
        Files.delete(g.dir().resolve("tasks"));
        Resctrl.remove(g);
        assertThat(g.dir()).doesNotExist();
    }

    @Test
    void aPreExistingClosIsJoinedAndKept() throws Exception {
        Files.createDirectories(root.resolve("shared"));
        Resctrl.Group g = new Resctrl(root, true, true).join("c2", rdt("shared", null, null, null), 7);
        assertThat(g.created()).isFalse();
        assertThat(Files.readString(root.resolve("shared/tasks"))).isEqualTo("7");
        assertThat(root.resolve("shared/schemata")).doesNotExist();
        Resctrl.remove(g);
        assertThat(root.resolve("shared")).isDirectory();
    }
}
