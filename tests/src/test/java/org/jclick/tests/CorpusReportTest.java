package org.jclick.tests;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Prints what the corpus tests covered, so the counts show in the build log. It asserts nothing: the
 * conformance tests do.
 */
class CorpusReportTest {

    @Test
    void printCounts() {
        final List<Corpus.Case> configs = Corpus.configFiles();
        final Corpus.ClickTests tests = Corpus.clickTests();

        final long configsClean = configs.stream().filter(Corpus.Case::flattensCleanly).count();
        final long configsExcepted = configs.stream().filter(c -> CorpusConfigsTest.EXCEPTIONS.containsKey(c.name))
                .count();
        final long configsBugs = configs.stream()
                .filter(c -> CorpusConfigsTest.EXCEPTIONS.getOrDefault(c.name, "").startsWith("FRONT-END BUG")).count();
        final List<Corpus.Case> configTrips = configs.stream()
                .filter(c -> !CorpusConfigsTest.excepted(c.name) && c.flattensCleanly()).toList();
        final long configTripsOk = configTrips.stream().filter(c -> c.roundTrip().identical()).count();

        final List<Corpus.Case> embedded = tests.cases();
        final Map<EmbeddedConfigs.Kind, Integer> byKind = new TreeMap<>();
        final Map<String, Integer> byTool = new TreeMap<>();
        for (Corpus.Case c : embedded) {
            byKind.merge(c.embedded.kind(), 1, Integer::sum);
            byTool.merge(c.embedded.tool(), 1, Integer::sum);
        }
        final long embeddedClean = embedded.stream().filter(Corpus.Case::flattensCleanly).count();
        final long expectedErrors = embedded.stream()
                .filter(c -> ClickTestConfigsTest.EXPECTED_ERRORS.containsKey(c.name)).count();
        final long embeddedExcepted = embedded.stream()
                .filter(c -> ClickTestConfigsTest.EXCEPTIONS.containsKey(c.name)).count();
        final long embeddedBugs = embedded.stream()
                .filter(c -> ClickTestConfigsTest.EXCEPTIONS.getOrDefault(c.name, "").startsWith("FRONT-END BUG"))
                .count();
        final long withShellVariables = embedded.stream().filter(c -> !c.embedded.shellVariables().isEmpty()).count();
        final List<Corpus.Case> embeddedTrips = embedded.stream()
                .filter(c -> ClickTestConfigsTest.cleanExpected(c.name) && c.flattensCleanly()).toList();
        final long embeddedTripsOk = embeddedTrips.stream().filter(c -> c.roundTrip().identical()).count();

        final StringBuilder sb = new StringBuilder();
        sb.append("\n==== jclick corpus report (").append(SharedCorpus.root()).append(") ====\n");
        sb.append("configs/: ").append(configs.size()).append(" files, ").append(configsClean)
                .append(" flatten cleanly, ").append(configsExcepted).append(" excepted (")
                .append(configsBugs).append(" front-end bugs)\n");
        sb.append("tests/: ").append(tests.files()).append(" .clicktest files, ")
                .append(tests.files() - tests.testsWithoutConfigs().size()).append(" run Click configurations; ")
                .append(embedded.size()).append(" embedded configurations ").append(byKind).append(", by tool ")
                .append(byTool).append('\n');
        sb.append("  ").append(embeddedClean).append(" flatten cleanly, ").append(expectedErrors)
                .append(" expected to fail with Click's errors, ").append(embeddedExcepted).append(" excepted (")
                .append(embeddedBugs).append(" front-end bugs); ").append(withShellVariables)
                .append(" contain shell variables left as written\n");
        sb.append("  ").append(tests.skipped().size()).append(" configuration references not extracted:\n");
        for (String s : tests.skipped()) {
            sb.append("    ").append(s).append('\n');
        }
        sb.append("round trips (flatten(parse(flatten(x))) == flatten(x)): ")
                .append(configTripsOk + embeddedTripsOk).append(" of ").append(configTrips.size() + embeddedTrips.size())
                .append(" identical (configs/ ").append(configTripsOk).append('/').append(configTrips.size())
                .append(", tests/ ").append(embeddedTripsOk).append('/').append(embeddedTrips.size()).append(")\n");
        System.out.println(sb);
    }
}
