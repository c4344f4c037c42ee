package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the launcher's two training runs run: {@code run} alone for the run's AOT cache, every command otherwise. */
class TrainingTest {

    private static final List<String> RUN = List.of("run", "nfv-chain.click", "IN=in.pcap");

    @Test
    void runOnlyTrainingRunsTheNfvChainThreeTimesAndNothingElse() {
        assertEquals(List.of(RUN, RUN, RUN), Training.plan(true, List.of("a.click", "b.click"), RUN));
    }

    @Test
    void theGeneralTrainingAlsoRunsTheOtherCommandsOnEveryConfiguration() {
        final List<List<String>> plan = Training.plan(false, List.of("a.click", "b.click"), RUN);
        assertEquals(RUN, plan.get(0));
        assertEquals(3, plan.stream().filter(RUN::equals).count());
        assertTrue(plan.contains(List.of("check", "a.click", "b.click")), plan.toString());
        for (String command : List.of("flatten", "dot")) {
            assertTrue(plan.contains(List.of(command, "b.click")), command);
        }
        assertTrue(plan.contains(List.of("click-flatten", "a.click")));
        assertTrue(plan.size() > 3 * 10, "rounds of every command: " + plan.size());
    }
}
