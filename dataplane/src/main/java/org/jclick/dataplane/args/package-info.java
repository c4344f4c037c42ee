/**
 * Element configuration parsing after Click's {@code Args} ({@code include/click/args.hh}, {@code lib/args.cc}).
 *
 * <p>{@link org.jclick.dataplane.args.Args} reads one element's argument list by keyword and position and collects
 * every error; {@link org.jclick.dataplane.args.Args#complete()} throws a
 * {@link org.jclick.dataplane.args.ConfigurationException} listing them, each prefixed with its keyword as Click
 * does ({@code RATE: out of range, bound 4294967295}). Argument types are
 * {@link org.jclick.dataplane.args.ArgParser}s: {@link org.jclick.dataplane.args.BoolArg},
 * {@link org.jclick.dataplane.args.IntArg}, {@link org.jclick.dataplane.args.BoundedIntArg},
 * {@link org.jclick.dataplane.args.DoubleArg}, {@link org.jclick.dataplane.args.DecimalFixedPointArg},
 * {@link org.jclick.dataplane.args.FixedPointArg}, {@link org.jclick.dataplane.args.SecondsArg},
 * {@link org.jclick.dataplane.args.TimestampArg}, {@link org.jclick.dataplane.args.BandwidthArg},
 * {@link org.jclick.dataplane.args.PacketRateArg}, {@link org.jclick.dataplane.args.StringArg},
 * {@link org.jclick.dataplane.args.IPAddressArg}, {@link org.jclick.dataplane.args.IPPrefixArg},
 * {@link org.jclick.dataplane.args.IP6AddressArg}, {@link org.jclick.dataplane.args.IP6PrefixArg},
 * {@link org.jclick.dataplane.args.EtherAddressArg}, {@link org.jclick.dataplane.args.PortArg},
 * {@link org.jclick.dataplane.args.AnnoArg} and {@link org.jclick.dataplane.args.ElementArg}. Names
 * ({@code AddressInfo}) and elements are found through {@link org.jclick.dataplane.args.NameResolver} and
 * {@link org.jclick.dataplane.args.ElementResolver}, which the router provides via
 * {@link org.jclick.dataplane.args.ArgContext}.
 *
 * <p>Where Click's parsers fail without a message (Click then says {@code KEYWORD: parse error}), jclick names the
 * expected type ({@code KEYWORD: expected IP address}); Click's own texts are kept where Click has one
 * ({@code required argument missing}, {@code unknown argument}, {@code too many arguments},
 * {@code out of range, bound N}, {@code out of range}, {@code overflow, range 0-65535},
 * {@code does not name an element}, {@code element type mismatch, expected T}).
 *
 * <p>Setup-time code: parsers allocate freely and are not for the packet path.
 */
package org.jclick.dataplane.args;
