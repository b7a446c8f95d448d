package io.jrunc.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run shows where linux.netDevices move and the exec label is set. */
class LsmNetExplainTest {
    @TempDir
    Path bundle;

    @Test
    void netDevicesAndTheExecLabelAreShown() throws Exception {
        PlanReportTest reports = new PlanReportTest(); // its report() helper, on our bundle
        reports.bundle = bundle;
        String text = TextReport.render(reports.report(j -> {
            ((ObjectNode) j.get("linux")).putObject("netDevices").putObject("jr0").put("name", "eth9");
            ((ObjectNode) j.get("process")).put("apparmorProfile", "jrunc-test");
        }, CgroupPreview.NOT_MANAGED));
        assertThat(text).contains("first it moves linux.netDevices into the container: jr0 as eth9");
        assertThat(text).contains("exec label  exec jrunc-test").contains("/proc/thread-self/attr/apparmor/exec");
    }
}
