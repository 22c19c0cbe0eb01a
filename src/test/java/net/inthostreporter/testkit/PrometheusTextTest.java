// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test-side parser itself: it reads the format and refuses what is not the format. */
class PrometheusTextTest {
    private static final String GOOD = """
            # HELP requests_total Requests, by code\\nand path
            # TYPE requests_total counter
            requests_total{code="200",path="/a\\"b\\\\c"} 12
            requests_total{code="500",path="/"} 1.5e3 1700000000000
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.1"} 1
            latency_seconds_bucket{le="1.0"} 3
            latency_seconds_bucket{le="+Inf"} 4
            latency_seconds_count 4
            latency_seconds_sum 7.25
            # a plain comment
            up NaN
            """;

    @Test
    void readsTypesHelpLabelsAndValues() {
        PrometheusText text = PrometheusText.parse(GOOD);
        assertEquals("counter", text.type("requests_total"));
        assertEquals("Requests, by code\nand path", text.help("requests_total"));
        assertEquals(12, text.value("requests_total", Map.of("code", "200", "path", "/a\"b\\c")));
        assertEquals(1500, text.value("requests_total", Map.of("code", "500", "path", "/")));
        assertEquals(3, text.bucket("latency_seconds", 1.0));
        assertEquals(4, text.bucket("latency_seconds", Double.POSITIVE_INFINITY));
        assertEquals(7.25, text.value("latency_seconds_sum"));
        assertEquals(Double.NaN, text.value("up"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "9bad 1\n",
        "ok{9l=\"x\"} 1\n",
        "ok{l=x} 1\n",
        "ok{l=\"\\t\"} 1\n",
        "ok 1,5\n",
        "ok 1",
        "ok 1\nok 2\n",
        "ok 1\n# TYPE ok gauge\n",
        "# TYPE ok gauge\n# TYPE ok gauge\n",
        "# TYPE ok meter\n",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 0\n",
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\nh_sum 0\n",
    })
    void refusesWhatIsNotTheFormat(String bad) {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(bad));
    }
}
