package io.jrunc.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.JruncException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessListerTest {
    private static final String PS = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 05:00 ?        00:00:01 /sbin/init
            root        4242       1  0 05:01 ?        00:00:00 sleep 100
            root        4243    4242  0 05:01 ?        00:00:00 sh -c echo 4242
            """;

    @Test
    void keepsTheHeaderAndTheLinesWhosePidColumnIsInTheCgroup() throws JruncException {
        assertThat(ProcessLister.filter(PS, List.of(4242))).isEqualTo("""
                UID          PID    PPID  C STIME TTY          TIME CMD
                root        4242       1  0 05:01 ?        00:00:00 sleep 100
                """);
        assertThat(ProcessLister.filter(PS, List.of())).startsWith("UID").hasLineCount(1);
    }

    @Test
    void busyboxLayoutWorksToo() throws JruncException {
        String bb = "PID   USER     TIME  COMMAND\n    1 root      0:01 init\n   77 root      0:00 sleep 9\n";
        assertThat(ProcessLister.filter(bb, List.of(77))).endsWith("   77 root      0:00 sleep 9\n");
    }

    @Test
    void noPidColumnIsRuncsError() {
        assertThatThrownBy(() -> ProcessLister.filter("USER COMMAND\nroot x\n", List.of(1)))
                .hasMessage("couldn't find PID field in ps output");
    }

    @Test
    void eventLinesHaveRuncsShape() {
        assertThat(EventStream.event("oom", "c1", null)).isEqualTo("{\"type\":\"oom\",\"id\":\"c1\"}");
        assertThat(EventStream.event("stats", "c1", "{}")).isEqualTo("{\"type\":\"stats\",\"id\":\"c1\",\"data\":{}}");
    }
}
