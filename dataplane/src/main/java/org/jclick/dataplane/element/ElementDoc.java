package org.jclick.dataplane.element;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An element class's documentation, in the sections of Click's element docs. {@code ./jclick elements NAME} and
 * the generated element reference read it at run time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ElementDoc
{
    /** Class name in configurations, when it differs from the Java simple name. */
    String name() default "";

    /** One line, e.g. {@code Counter([KEYWORDS])}. */
    String synopsis();

    /** Click's category: basic sources, basic sinks, standard, timestamps, ... */
    String category() default "";

    /** What the element does. */
    String description();

    /** Ports in words, e.g. "one agnostic input, one agnostic output". */
    String ports() default "";

    /** {@code "KEYWORD: meaning"} per keyword. */
    String[] keywords() default {};

    /** {@code "name (read|write|read/write): meaning"} per handler. */
    String[] handlers() default {};

    /** An example configuration fragment. */
    String example() default "";

    /** Related classes. */
    String[] seeAlso() default {};
}
