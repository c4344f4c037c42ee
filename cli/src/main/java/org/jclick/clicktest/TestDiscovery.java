package org.jclick.clicktest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds test files: directories are searched recursively for {@code *.clicktest} and {@code *.testie}. */
final class TestDiscovery {

    /** Like clicktest: not hidden, not an editor's {@code #...} file. */
    private static final Pattern TEST_FILE = Pattern.compile("[^#.].*\\.(testie|clicktest)");

    private TestDiscovery() {
    }

    static boolean isTestFileName(final String name) {
        return TEST_FILE.matcher(name).matches();
    }

    /** The test files under {@code directory}, in clicktest's order (sorted names, depth first). */
    static List<Path> search(final Path directory) throws IOException {
        final List<Path> found = new ArrayList<>();
        searchInto(directory, found);
        return found;
    }

    private static void searchInto(final Path directory, final List<Path> found) throws IOException {
        final List<Path> entries;
        try (Stream<Path> list = Files.list(directory)) {
            entries = list.sorted().toList();
        }
        for (final Path entry : entries) {
            if (Files.isDirectory(entry)) {
                searchInto(entry, found);
            } else if (isTestFileName(entry.getFileName().toString())) {
                found.add(entry);
            }
        }
    }

    /** The test's name: its path from {@code root}, without the extension, with {@code /} separators. */
    static String testName(final Path root, final Path file) {
        final String relative = displayName(root, file);
        return relative.replaceFirst("\\.(clicktest|testie)$", "");
    }

    /** The file's path from {@code root}, with {@code /} separators. */
    static String displayName(final Path root, final Path file) {
        final Path absolute = file.toAbsolutePath().normalize();
        final Path relative = root.relativize(absolute);
        final String text = relative.toString().replace('\\', '/');
        return text.isEmpty() ? absolute.getFileName().toString() : text;
    }

    /**
     * The common root of the arguments: a directory argument is its own root, a file's root is its directory;
     * for several arguments, their deepest common ancestor.
     */
    static Path commonRoot(final List<Path> arguments) {
        Path root = null;
        for (final Path argument : arguments) {
            final Path absolute = argument.toAbsolutePath().normalize();
            final Path base = Files.isDirectory(absolute) ? absolute : absolute.getParent();
            root = root == null ? base : commonAncestor(root, base);
        }
        return root == null ? Path.of("").toAbsolutePath() : root;
    }

    private static Path commonAncestor(final Path first, final Path second) {
        Path candidate = first;
        while (candidate != null && !second.startsWith(candidate)) {
            candidate = candidate.getParent();
        }
        return candidate == null ? first.getRoot() : candidate;
    }
}
