package org.jclick.dataplane.args;

/**
 * Looks names up in the router's name databases (Click's {@code NameInfo}, filled by {@code AddressInfo}
 * elements and built-in tables). The router supplies the implementation; {@link #NONE} knows no names.
 */
@FunctionalInterface
public interface NameResolver
{
    /** The kinds of names, after Click's {@code NameInfo::T_*} database types. */
    enum NameType
    {
        /** 4 bytes, network order. */
        IP_ADDRESS,
        /** 8 bytes: address then mask, network order. */
        IP_PREFIX,
        /** 16 bytes. */
        IP6_ADDRESS,
        /** 17 bytes: address then prefix length. */
        IP6_PREFIX,
        /** 6 bytes. */
        ETHERNET_ADDRESS,
        /** A TCP port: 2 bytes, network order (Click's {@code T_TCP_PORT}, defined by {@code PortInfo}). */
        TCP_PORT,
        /** A UDP port: 2 bytes, network order (Click's {@code T_UDP_PORT}, defined by {@code PortInfo}). */
        UDP_PORT
    }

    /**
     * @param type what kind of value is wanted
     * @param name the name as written in the configuration
     * @param contextElement the full (flattened) name of the element whose configuration is parsed, or
     *     {@code null}; Click searches the element's compound scopes from the innermost outward
     * @return the value's bytes as described by {@code type}, or {@code null} when the name is unknown
     */
    byte[] lookup(NameType type, String name, String contextElement);

    /** A resolver that knows no names. */
    NameResolver NONE = (type, name, context) -> null;
}
