package org.jclick.nic.vhost;

/** The vhost-user backend broke the protocol or could not be reached. Thrown at setup time only. */
public final class VhostUserException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public VhostUserException(final String message)
    {
        super(message);
    }

    public VhostUserException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
