package org.jclick.dataplane.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ArgsTest
{
    private static List<String> errors(final Args args)
    {
        return assertThrows(ConfigurationException.class, args::complete).errors();
    }

    @Test
    void positionalThenKeyword() throws Exception
    {
        final Args.Value<Long> rate = new Args.Value<>();
        final Args.Value<Long> limit = new Args.Value<>();
        final Args.Value<Boolean> active = new Args.Value<>(true);
        Args.of("10, 20, ACTIVE false")
            .readMandatoryPositional("RATE", IntArg.uint32(), rate)
            .readPositional("LIMIT", IntArg.uint32(), limit)
            .read("ACTIVE", BoolArg.INSTANCE, active)
            .complete();
        assertEquals(10L, rate.get());
        assertEquals(20L, limit.get());
        assertFalse(active.get());
        assertTrue(active.isPresent());
    }

    @Test
    void positionalArgumentGivenByKeyword() throws Exception
    {
        final Args.Value<Long> rate = new Args.Value<>();
        final Args.Value<Long> limit = new Args.Value<>();
        Args.of("LIMIT 5, RATE 7")
            .readMandatoryPositional("RATE", IntArg.uint32(), rate)
            .readPositional("LIMIT", IntArg.uint32(), limit)
            .complete();
        assertEquals(7L, rate.get());
        assertEquals(5L, limit.get());
    }

    @Test
    void optionalAbsentLeavesValueAndIsNotPresent() throws Exception
    {
        final Args.Value<Long> limit = new Args.Value<>(99L);
        final Args args = Args.of("").readPositional("LIMIT", IntArg.uint32(), limit);
        assertFalse(args.readStatus());
        args.complete();
        assertEquals(99L, limit.get());
        assertFalse(limit.isPresent());
    }

    @Test
    void laterKeywordOverridesEarlier() throws Exception
    {
        final Args.Value<Long> a = new Args.Value<>();
        Args.of("A 1, A 2, A 3").read("A", IntArg.uint32(), a).complete();
        assertEquals(3L, a.get());
    }

    @Test
    void keywordAfterPositionalOverridesIt() throws Exception
    {
        final Args.Value<Long> a = new Args.Value<>();
        Args.of("1, A 2").readPositional("A", IntArg.uint32(), a).complete();
        assertEquals(2L, a.get());
    }

    @Test
    void missingMandatory()
    {
        final Args args = Args.of("")
            .readMandatoryPositional("RATE", IntArg.uint32(), v -> { })
            .readMandatory("BURST", IntArg.uint32(), v -> { });
        assertEquals(List.of("RATE: required argument missing", "BURST: required argument missing"), errors(args));
    }

    @Test
    void mandatoryKeywordIsNotTakenByPosition()
    {
        final Args args = Args.of("5").readMandatory("RATE", IntArg.uint32(), v -> { });
        assertEquals(List.of("RATE: required argument missing", "too many arguments"), errors(args));
    }

    @Test
    void unknownKeywordAndTooManyArguments()
    {
        final Args args = Args.of("1, 2, FOO 3, BAR 4").readPositional("A", IntArg.uint32(), v -> { });
        assertEquals(List.of("FOO: unknown argument", "BAR: unknown argument", "too many arguments"), errors(args));
    }

    @Test
    void allErrorsAreCollectedAndNothingIsStored()
    {
        final Args.Value<Long> good = new Args.Value<>(0L);
        final Args args = Args.of("x, GOOD 5, BAD maybe, EXTRA 1")
            .readMandatoryPositional("RATE", IntArg.uint32(), v -> { })
            .read("GOOD", IntArg.uint32(), good)
            .read("BAD", BoolArg.INSTANCE, v -> { });
        final ConfigurationException e = assertThrows(ConfigurationException.class, args::complete);
        assertEquals(List.of("RATE: expected unsigned integer", "BAD: expected boolean", "EXTRA: unknown argument"),
            e.errors());
        assertEquals("RATE: expected unsigned integer\nBAD: expected boolean\nEXTRA: unknown argument",
            e.getMessage());
        assertFalse(good.isPresent());
        assertEquals(0L, good.get());
    }

    @Test
    void positionalArgumentsEndAtTheFirstKeywordArgument()
    {
        // Click: once an argument has been taken by keyword, later positional reads do not skip past it.
        final Args args = Args.of("A 1, 2")
            .readPositional("A", IntArg.uint32(), v -> { })
            .readPositional("B", IntArg.uint32(), v -> { });
        assertEquals(List.of("too many arguments"), errors(args));
    }

    @Test
    void optionalPositionalDoesNotTakeAKeywordLookingArgument()
    {
        final Args args = Args.of("LABEL x").readPositional("A", StringArg.ANY, v -> { });
        assertEquals(List.of("LABEL: unknown argument"), errors(args));
    }

    @Test
    void mandatoryPositionalTakesAKeywordLookingArgument() throws Exception
    {
        final Args.Value<String> a = new Args.Value<>();
        Args.of("HELLO world").readMandatoryPositional("A", StringArg.ANY, a).complete();
        assertEquals("HELLO world", a.get());
    }

    @Test
    void keywordDetection()
    {
        assertEquals(4, Args.keywordLength("RATE 10"));
        assertEquals(6, Args.keywordLength("_X:Y.? 1"));
        assertEquals(0, Args.keywordLength("RATE"), "a keyword needs a value");
        assertEquals(0, Args.keywordLength("RATE   "), "a keyword needs a value");
        assertEquals(0, Args.keywordLength("rate 10"), "lower case is not a keyword");
        assertEquals(0, Args.keywordLength("1A 10"));
        assertEquals(0, Args.keywordLength("\"A\" 10"));
        assertEquals(0, Args.keywordLength("A-B 1"));
    }

    @Test
    void keywordValueIsTrimmedAndQuotedValuesWork() throws Exception
    {
        final Args.Value<String> label = new Args.Value<>();
        Args.of("LABEL   \"a, b\"").read("LABEL", StringArg.STRING, label).complete();
        assertEquals("a, b", label.get());
    }

    @Test
    void readOrSet() throws Exception
    {
        final Args.Value<Long> a = new Args.Value<>();
        final Args.Value<Long> b = new Args.Value<>();
        Args.of("B 2").readOrSet("A", IntArg.uint32(), a, 7L).readOrSet("B", IntArg.uint32(), b, 8L).complete();
        assertEquals(7L, a.get());
        assertEquals(2L, b.get());
    }

    @Test
    void readStatusConfirmsKeyword() throws Exception
    {
        final Args args = Args.of("A 1");
        args.read("A", IntArg.uint32(), v -> { });
        assertTrue(args.readStatus());
        args.read("B", IntArg.uint32(), v -> { });
        assertFalse(args.readStatus());
        args.read("A", IntArg.uint32(), v -> { });
        assertFalse(args.readStatus(), "as in Click, a consumed argument is not found again");
        args.complete();
    }

    @Test
    void consumeReturnsTheRest() throws Exception
    {
        final Args.Value<Long> a = new Args.Value<>();
        final List<String> rest = Args.of("1, B 2, C 3").readPositional("A", IntArg.uint32(), a)
            .read("B", IntArg.uint32(), v -> { }).consume();
        assertEquals(1L, a.get());
        assertEquals(List.of("C 3"), rest);
    }

    @Test
    void deprecatedWarns() throws Exception
    {
        final Args args = Args.of("OLD 1").read("OLD", Args.DEPRECATED, IntArg.uint32(), v -> { });
        args.complete();
        assertEquals(List.of("OLD: argument deprecated"), args.warnings());
    }

    @Test
    void keywordStartingWithDigitIsAProgrammingError()
    {
        final Args args = Args.of("").read("1A", IntArg.uint32(), v -> { });
        assertEquals(List.of("1A: keywords must start with a letter or underscore"), errors(args));
    }

    @Test
    void commentsAndEmptyConfig() throws Exception
    {
        final Args.Value<Long> a = new Args.Value<>();
        Args.of("/* rate */ 5 // five\n").readPositional("A", IntArg.uint32(), a).complete();
        assertEquals(5L, a.get());
        Args.of("").complete();
    }

    @Test
    void customErrorIsReported()
    {
        final Args args = Args.of("").error("MIN must not exceed MAX");
        assertEquals(List.of("MIN must not exceed MAX"), errors(args));
    }

    @Test
    void elementArgumentUsesTheRelativeNameRule() throws Exception
    {
        final Map<String, String> elements = Map.of("a/b/x", "inner", "a/y", "middle", "z", "outer", "x", "top-x");
        final ArgContext context = ArgContext.EMPTY.withElements("a/b/c", elements::get);
        final Args.Value<Object> x = new Args.Value<>();
        final Args.Value<Object> y = new Args.Value<>();
        final Args.Value<Object> z = new Args.Value<>();
        final Args.Value<Object> full = new Args.Value<>();
        Args.of("x, y, z, a/b/x", context)
            .readPositional("X", ElementArg.ANY, x)
            .readPositional("Y", ElementArg.ANY, y)
            .readPositional("Z", ElementArg.ANY, z)
            .readPositional("FULL", ElementArg.ANY, full)
            .complete();
        assertEquals("inner", x.get());
        assertEquals("middle", y.get());
        assertEquals("outer", z.get());
        assertNull(ElementResolver.NONE.findRelative("x", "a/b/c"));
        // from a top-level element, x is x
        assertEquals("top-x", ((ElementResolver) elements::get).findRelative("x", "c"));
        final List<String> tried = new java.util.ArrayList<>();
        ((ElementResolver) n -> { tried.add(n); return null; }).findRelative("q", "a/b/c");
        assertEquals(List.of("a/b/q", "a/q", "q"), tried);
    }

    @Test
    void elementArgumentErrors()
    {
        final ArgContext context = ArgContext.EMPTY.withElements("c", Map.of("q", (Object) "not-an-int")::get);
        final Args args = Args.of("NOPE nothing, CAST q", context)
            .read("NOPE", ElementArg.ANY, v -> { })
            .read("CAST", ElementArg.of(Integer.class, "Counter"), v -> { });
        assertEquals(List.of("NOPE: does not name an element", "CAST: element type mismatch, expected Counter"),
            errors(args));
    }
}
