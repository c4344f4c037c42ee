package org.jclick.lang;

import static org.jclick.lang.Lang.clickErrors;
import static org.jclick.lang.Lang.flat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** require(...) and provide(...), and library files. */
class RequireTest {

    @TempDir
    Path dir;

    private Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        return file;
    }

    private ConfigResult loadFile(Path file, List<Path> searchPath) {
        final ConfigResult r = new ClickFrontEnd(ElementCatalog.tools(), searchPath).load(file, Map.of());
        // the flat form must load again, without the libraries
        final String once = Unparser.unparse(r.router());
        assertEquals(once, Unparser.unparse(Lang.load(ElementCatalog.tools(), "flat", once, Map.of()).router()));
        return r;
    }

    @Test
    void requirementForms() {
        assertEquals("""
                require(package "foo", package "bar", compact_config);

                Idle@1 :: Idle;
                """, flat("require(package \"foo\", bar, compact_config);\nIdle;"));
    }

    @Test
    void requirementValuesAreUnquotedThenQuotedAgain() {
        assertEquals("require(package \"a b\\\"c\");\n\n", flat("require(package \"a b\\\"c\");"));
    }

    @Test
    void provideIsKeptApart() {
        final ConfigResult r = Lang.load("require(package \"x\");\nprovide(package \"mine\");");
        assertEquals(List.of(new FlatRouter.Requirement("package", "x"),
                new FlatRouter.Requirement("provide package", "mine")), r.router().requirements());
        assertEquals("require(package \"x\");\n\nprovide(package \"mine\");\n\n", flat(
                "require(package \"x\");\nprovide(package \"mine\");"));
    }

    @Test
    void libraryNextToTheIncludingFile() throws IOException {
        write(dir.resolve("lib.click"), "elementclass Lib { input -> Counter -> output }\n");
        final Path main = write(dir.resolve("main.click"), "require(library lib.click);\nIdle -> Lib -> Discard;\n");
        final ConfigResult r = loadFile(main, List.of());
        assertEquals("", clickErrors(r));
        assertEquals("""
                Idle@1 :: Idle;
                Discard@3 :: Discard;
                Lib@2/Counter@1 :: Counter;

                Idle@1 -> Lib@2/Counter@1
                    -> Discard@3;
                """, Unparser.unparse(r.router()));
    }

    @Test
    void libraryOnTheSearchPathAndItsConfFolder() throws IOException {
        final Path path1 = dir.resolve("path1");
        final Path path2 = dir.resolve("path2");
        write(path1.resolve("a.click"), "elementclass A { Print(a) }\n");
        write(path2.resolve("conf").resolve("b.click"), "elementclass B { Print(b) }\n");
        final Path main = write(dir.resolve("src").resolve("main.click"),
                "require(library a.click, library \"b.click\");\nA; B;\n");
        final ConfigResult r = loadFile(main, List.of(path1, path2));
        assertEquals("", clickErrors(r));
        assertEquals("A@1/Print@1 :: Print(a);\nB@2/Print@1 :: Print(b);\n", Unparser.unparse(r.router()));
    }

    @Test
    void theIncludingFilesFolderComesFirst() throws IOException {
        final Path path = dir.resolve("path");
        write(path.resolve("x.click"), "elementclass X { Print(path) }\n");
        write(dir.resolve("src").resolve("x.click"), "elementclass X { Print(local) }\n");
        final Path main = write(dir.resolve("src").resolve("main.click"), "require(library x.click);\nX;\n");
        assertEquals("X@1/Print@1 :: Print(local);\n", Unparser.unparse(loadFile(main, List.of(path)).router()));
    }

    @Test
    void aLibraryIsIncludedOnlyOnce() throws IOException {
        write(dir.resolve("lib.click"), "require(library lib2.click);\nshared :: Idle;\n");
        write(dir.resolve("lib2.click"), "require(library lib.click);\nshared2 :: Idle;\n");
        final Path main = write(dir.resolve("main.click"),
                "require(library lib.click);\nrequire(library ./lib.click, library lib2.click);\n");
        final ConfigResult r = loadFile(main, List.of());
        assertEquals("", clickErrors(r));
        assertEquals("shared2 :: Idle;\nshared :: Idle;\n", Unparser.unparse(r.router()));
    }

    @Test
    void librariesRelativeToTheLibrary() throws IOException {
        write(dir.resolve("lib").resolve("outer.click"), "require(library inner.click);\nelementclass O { I }\n");
        write(dir.resolve("lib").resolve("inner.click"), "elementclass I { Print(inner) }\n");
        final Path main = write(dir.resolve("main.click"), "require(library lib/outer.click);\nO;\n");
        final ConfigResult r = loadFile(main, List.of());
        assertEquals("", clickErrors(r));
        assertEquals("O@1/I@1/Print@1 :: Print(inner);\n", Unparser.unparse(r.router()));
    }

    @Test
    void libraryInsideAGroupAtFileScope() throws IOException {
        // Click refuses 'require library' only inside compound classes
        write(dir.resolve("lib.click"), "elementclass L { Print(l) }\n");
        final Path main = write(dir.resolve("main.click"), "( require(library lib.click) );\nL;\n");
        final ConfigResult r = loadFile(main, List.of());
        assertEquals("", clickErrors(r));
        assertEquals("L@4/Print@1 :: Print(l);\n", Unparser.unparse(r.router()));
    }

    @Test
    void errorsInALibraryNameTheLibrary() throws IOException {
        final Path lib = write(dir.resolve("bad.click"), "\nx :: Idle;\nx :: Idle;\n");
        final Path main = write(dir.resolve("main.click"), "require(library bad.click);\n");
        final ConfigResult r = loadFile(main, List.of());
        assertEquals(lib + ":3: redeclaration of element 'x'\n" + lib + ":2: element 'x' previously declared here\n",
                clickErrors(r));
        // and the rich format quotes the library's line
        assertEquals(lib + ":3:1: redeclaration of element 'x'\n  x :: Idle;\n  ^\n",
                DiagnosticFormatter.rich(r.diagnostics().get(0), r.sources()));
    }

    @Test
    void missingLibrary() throws IOException {
        final Path main = write(dir.resolve("main.click"), "Idle;\nrequire(library nowhere.click);\n");
        assertEquals(main + ":2: library 'nowhere.click' not found in CLICKPATH/conf\n",
                clickErrors(loadFile(main, List.of(dir.resolve("none")))));
    }

    @Test
    void unreadableFile() {
        final ConfigResult r = new ClickFrontEnd(ElementCatalog.tools(), List.of()).load(dir.resolve("no.click"),
                Map.of());
        assertEquals(dir.resolve("no.click") + ": cannot read file: No such file or directory\n", clickErrors(r));
        assertFalse(r.router().elements().iterator().hasNext());
    }
}
