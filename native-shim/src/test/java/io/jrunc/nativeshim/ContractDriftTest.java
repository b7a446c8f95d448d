package io.jrunc.nativeshim;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.core.plan.Opcode;
import io.jrunc.core.plan.PathFlags;
import io.jrunc.core.plan.SyncMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The C headers mirror runtime-core's wire constants; this catches a one-sided change. */
class ContractDriftTest {
    static final Path C = Path.of("src/main/c/init");

    static Map<String, Integer> constants(Path header, String regex) throws Exception {
        Map<String, Integer> m = new TreeMap<>();
        Matcher x = Pattern.compile(regex).matcher(Files.readString(header));
        while (x.find()) {
            m.put(x.group(1), Integer.parseInt(x.group(2)));
        }
        return m;
    }

    @Test
    void opcodesMatch() throws Exception {
        Map<String, Integer> c = constants(C.resolve("plan.h"), "\\bOP_([A-Z_]+[A-Z]) = (\\d+)");
        Map<String, Integer> java = Arrays.stream(Opcode.values())
                .collect(Collectors.toMap(Opcode::name, Opcode::code, (a, b) -> a, TreeMap::new));
        assertThat(c).isEqualTo(java);
    }

    @Test
    void syncTypesMatch() throws Exception {
        Map<String, Integer> c = constants(C.resolve("sync.h"), "\\bSYNC_([A-Z_]+[A-Z]) = (\\d+)");
        Map<String, Integer> java = Arrays.stream(SyncMessage.values())
                .collect(Collectors.toMap(SyncMessage::name, SyncMessage::type, (a, b) -> a, TreeMap::new));
        assertThat(c).isEqualTo(java);
    }

    @Test
    void pathFlagsMatch() throws Exception {
        Map<String, Integer> c = constants(C.resolve("plan.h"), "#define PATH_([A-Z_]+) (\\d+)");
        assertThat(c).isEqualTo(Map.of("IN_ROOT", PathFlags.IN_ROOT, "MKDIR", PathFlags.MKDIR, "MKFILE",
                PathFlags.MKFILE, "OPTIONAL", PathFlags.OPTIONAL));
    }
}
