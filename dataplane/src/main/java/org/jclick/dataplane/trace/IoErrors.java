package org.jclick.dataplane.trace;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The text of a file error as a network engineer reads it after the file's name ({@code trace.pcap: No such file
 * or directory}), where Java's file exceptions carry only the name itself.
 */
public final class IoErrors
{
    private IoErrors()
    {
    }

    /** The reason of {@code e}, without the file name when the exception's message is only that name. */
    public static String reason(final Exception e)
    {
        if (e instanceof NoSuchFileException)
        {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException)
        {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException)
        {
            return "Not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null)
        {
            return f.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
