package io.lockdoc.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tool results stay under the size limit and say what was left out. */
class BoundedTest {
    @Test
    void aResultOverTheLimitLosesItemsFromTheEndAndSaysHowMany() {
        List<Object> findings = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            findings.add("x".repeat(1000) + i);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("findings", findings);
        Map<String, Object> out = Bounded.fit(m, "findings", new ArrayList<>());
        assertThat(Bounded.size(out)).isLessThanOrEqualTo(Bounded.MAX_CHARS);
        assertThat(out.get("truncated")).isEqualTo(true);
        int kept = ((List<?>) out.get("findings")).size();
        assertThat(kept).isBetween(50, 60);
        assertThat(out.get("notes"))
                .isEqualTo(List.of((100 - kept) + " of 100 findings left out to stay under 60000 characters"));
    }

    @Test
    void aSmallResultIsWhole() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("findings", List.of("a"));
        List<String> notes = new ArrayList<>();
        Map<String, Object> out = Bounded.fit(m, "findings", notes);
        assertThat(out.get("truncated")).isEqualTo(false);
        assertThat(out.get("notes")).isEqualTo(List.of());
    }
}
