package org.jclick.elements.control;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;

/** Click's RandomSeed. */
@ElementDoc(
    synopsis = "RandomSeed([SEED])",
    category = "information elements",
    ports = "none",
    description = """
        Seeds the random numbers of the configuration (Script's random function) with SEED, so that runs
        repeat. Without SEED a truly random seed is used.""",
    keywords = {"SEED: unsigned integer."},
    handlers = {"seed (write): seeds again with the value written"},
    example = "RandomSeed(42);")
public final class RandomSeed extends Element
{
    @Override
    public int configurePhase()
    {
        return CONFIGURE_PHASE_FIRST;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<Long> seed = new Args.Value<>();
        if (complete(args(conf).readPositional("SEED", IntArg.uint32(), seed), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        ScriptFunctions.RANDOM.setSeed(seed.isPresent() ? seed.get() : System.nanoTime());
        org.jclick.dataplane.runtime.ClickRandom.srandom(seed.isPresent() ? (int)(long)seed.get() : (int)System.nanoTime());
        return 0;
    }

    @Override
    public void addHandlers()
    {
        addWriteHandler("seed", (v, errh) ->
        {
            try
            {
                final long s = IntArg.uint32().parse(v.trim(), argContext());
                ScriptFunctions.RANDOM.setSeed(s);
                org.jclick.dataplane.runtime.ClickRandom.srandom((int)s);
                return 0;
            }
            catch (final RuntimeException e)
            {
                return errh.error("seed: expected unsigned integer");
            }
        });
    }
}
