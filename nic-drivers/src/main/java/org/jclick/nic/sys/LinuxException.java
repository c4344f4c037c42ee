package org.jclick.nic.sys;

/** A Linux system call failed: the call's name and errno. Thrown by setup code only. */
public final class LinuxException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errno;

    public LinuxException(final String call, final int errno)
    {
        super(call + " failed: " + Errno.describe(errno));
        this.errno = errno;
    }

    /** The errno value the call reported. */
    public int errno()
    {
        return errno;
    }
}
