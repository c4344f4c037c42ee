package org.jclick.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code ../shared}, the read-only material the corpus tests read at run time (Click's configurations
 * and test suite). It is looked for at the system property {@code jclick.shared} (set by the parent pom),
 * else at {@code <jclick.root>/../shared}; without either property (an IDE run), relative to the working
 * directory.
 *
 * <p>When it is absent the calling test is skipped with a clear message, except under {@code CI=true},
 * where a missing corpus must not pass silently: there the calling test fails.
 */
public final class SharedCorpus {

    static final String ABSENT = "../shared is absent: skipping corpus tests";

    /** Whether the skip was printed to the build log already (once is enough). */
    private static volatile boolean reported;

    private SharedCorpus() {
    }

    /** The {@code shared} folder, or a skip (a failure under {@code CI=true}) when it is absent. */
    public static Path root() {
        final Path found = locate();
        if (found == null) {
            final String looked = "looked at " + candidates();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("../shared is absent and CI=true: the corpus tests must run in CI (" + looked + ")");
            }
            if (!reported) {
                reported = true;
                System.out.println(ABSENT + " (" + looked + ")");
            }
            Assumptions.abort(ABSENT + " (" + looked + ")");
        }
        return found;
    }

    /** {@code shared/corpus/click/configs}: Click's configuration files. */
    public static Path clickConfigs() {
        return existing(root().resolve("corpus/click/configs"));
    }

    /** {@code shared/corpus/click/tests}: Click's own {@code .clicktest} files. */
    public static Path clickTests() {
        return existing(root().resolve("corpus/click/tests"));
    }

    private static Path existing(Path p) {
        if (!Files.isDirectory(p)) {
            fail("../shared is present but " + p + " is not a directory");
        }
        return p;
    }

    private static Path locate() {
        for (Path p : candidates()) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /**
     * Where to look: the {@code jclick.shared} property when it is set (and then only there), else
     * {@code <jclick.root>/../shared}, else (no property: an IDE run) relative to the working directory.
     */
    private static List<Path> candidates() {
        final String shared = System.getProperty("jclick.shared");
        if (shared != null && !shared.isBlank()) {
            return List.of(Path.of(shared));
        }
        final String root = System.getProperty("jclick.root");
        if (root != null && !root.isBlank()) {
            return List.of(Path.of(root).resolve("../shared"));
        }
        // the working directory is the module or the repository root
        return List.of(Path.of("../../shared"), Path.of("../shared"));
    }
}
