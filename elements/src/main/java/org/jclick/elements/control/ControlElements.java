package org.jclick.elements.control;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.control}. */
public final class ControlElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            AddressInfo.class,
            ControlSocket.class,
            DriverManager.class,
            PortInfo.class,
            RandomSeed.class,
            ScheduleInfo.class,
            Script.class,
            StaticThreadSched.class
        );
    }
}
