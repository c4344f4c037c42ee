package org.jclick.dataplane.trace;

import java.io.IOException;

/**
 * A trace file is corrupt or not in a format this package reads: the message names the file and the byte offset
 * of the offending header or record ({@link #byteOffset()}), e.g. {@code "in.pcap: byte offset 24: bad record
 * header: captured length 300000 exceeds 262144"}.
 */
public final class TraceFormatException extends IOException
{
    private final long byteOffset;

    public TraceFormatException(final String fileName, final long byteOffset, final String problem)
    {
        super(fileName + ": byte offset " + byteOffset + ": " + problem);
        this.byteOffset = byteOffset;
    }

    /** Byte offset, from the start of the file, of the header or record at fault. */
    public long byteOffset()
    {
        return byteOffset;
    }
}
