package io.jrunc.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written state.json reader/writer and the UTC fast path of Rfc3339.parse. */
class StateJsonTest {

    @Test
    void roundTripsEveryFieldWithEscapes() throws IOException {
        ContainerRecord r = new ContainerRecord("c1", 4242, 987654321L, "/b \"q\" \\ é", "/b/rootfs",
                Instant.parse("2022-02-19T00:12:45.413050609Z"), Map.of("a\nb", "tab\there\u0001"), "",
                Map.of("NEWPID", "/proc/4242/ns/pid"), Map.of("", "/sys/fs/cgroup/c1"), Map.of("config", "config.json"));
        byte[] json = StateJson.write(r);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"version\":1,\"id\":\"c1\",")
                .contains("\"a\\nb\":\"tab\\there\\u0001\"").doesNotEndWith("\n");
        assertThat(StateJson.read(json)).isEqualTo(r);
    }

    @Test
    void skipsUnknownKeysOfAnyTypeAndReadsNullsAsEmpty() throws IOException {
        String json = """
                { "version": 1, "future": {"x": [1, 2.5e3, true, null, {"y": "z"}]}, "id": "c", "n": -3,
                  "bundle": null, "annotations": null, "created": "2024-01-02T03:04:05Z", "list": [] }""";
        ContainerRecord r = StateJson.read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.id()).isEqualTo("c");
        assertThat(r.bundle()).isEmpty();
        assertThat(r.annotations()).isEmpty();
        assertThat(r.created()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "{\"id\": \"c\"", "{\"id\": 1, \"created\": \"2024-01-02T03:04:05Z\"}",
            "{\"id\": \"c\", \"created\": \"2024-01-02T03:04:05Z\"} x", "{\"id\": \"c\"}", "{\"id\": \"c\\q\"}"})
    void refusesMalformedDocuments(String json) {
        assertThatThrownBy(() -> StateJson.read(json.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2022-02-19T00:12:45.413050609Z", "2022-02-19T00:12:45Z", "2024-02-29T23:59:59.5Z",
            "1970-01-01T00:00:00Z", "2024-01-02T03:04:05+02:00", "2024-01-02T03:04:05.1-01:30", "9999-12-31T23:59:59.999999999Z"})
    void parsesAsJavaTimeDoes(String s) {
        assertThat(Rfc3339.parse(s)).isEqualTo(OffsetDateTime.parse(s).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-02T24:00:00Z",
            "2024-01-02 03:04:05Z", "x"})
    void refusesWhatJavaTimeRefuses(String s) {
        assertThatThrownBy(() -> Rfc3339.parse(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dayArithmeticMatchesJavaTimeAcrossFourHundredYears() {
        for (long day = java.time.LocalDate.of(1900, 1, 1).toEpochDay(); day < java.time.LocalDate.of(2301, 1, 1).toEpochDay(); day += 1) {
            java.time.LocalDate d = java.time.LocalDate.ofEpochDay(day);
            long[] c = Rfc3339.civil(day);
            assertThat(c).containsExactly(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            assertThat(Rfc3339.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).isEqualTo(day);
        }
        Instant t = Instant.parse("2026-12-02T06:05:07.120Z");
        assertThat(Rfc3339.formatNano(t)).isEqualTo("2026-12-02T06:05:07.12Z");
        assertThat(Rfc3339.formatNano(Instant.parse("1999-12-31T23:59:59Z"))).isEqualTo("1999-12-31T23:59:59Z");
    }
}
