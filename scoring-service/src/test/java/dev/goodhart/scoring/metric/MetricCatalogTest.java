package dev.goodhart.scoring.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** GET /v1/metrics/definitions and docs/metrics.md must say the same thing, word for word. */
class MetricCatalogTest {

    @Test
    void theCatalogIsTheTableInDocsMetrics() throws IOException {
        List<MetricDefinition> documented = Files.readAllLines(Path.of("..", "docs", "metrics.md")).stream()
                .filter(line -> line.startsWith("| `"))
                .map(line -> line.substring(1, line.length() - 1).split("\\|"))
                .map(cells -> new MetricDefinition(cells[0].trim().replace("`", ""), cells[1].trim(), cells[2].trim()))
                .toList();
        assertEquals(documented, new MetricCatalog().definitions());
    }
}
