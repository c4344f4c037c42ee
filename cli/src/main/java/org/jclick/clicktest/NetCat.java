package org.jclick.clicktest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;

/**
 * The {@code nc} that test scripts use to talk to a ControlSocket: {@code nc [-N] [-q SECS] HOST PORT} connects
 * over TCP, copies standard input to the connection and the connection to standard output. When standard input
 * ends, the sending side is shut down and the output is copied until the server closes the connection. Only
 * loopback hosts are accepted.
 */
final class NetCat {

    private NetCat() {
    }

    static int main(final String[] args) {
        String host = null;
        String port = null;
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            if (a.equals("-q") || a.equals("-w")) {
                i++;
            } else if (a.startsWith("-")) {
                continue;
            } else if (host == null) {
                host = a;
            } else if (port == null) {
                port = a;
            } else {
                System.err.println("nc: usage: nc HOST PORT");
                return 1;
            }
        }
        if (host == null || port == null) {
            System.err.println("nc: usage: nc HOST PORT");
            return 1;
        }
        final int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (final NumberFormatException e) {
            System.err.println("nc: port number invalid: " + port);
            return 1;
        }
        final InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (final UnknownHostException e) {
            System.err.println("nc: getaddrinfo for host \"" + host + "\": Name or service not known");
            return 1;
        }
        for (final InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                System.err.println("nc: only loopback addresses are supported here: " + host);
                return 1;
            }
            final Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, p));
            } catch (final IOException e) {
                try {
                    socket.close();
                } catch (final IOException ignored) {
                    // nothing to close
                }
                continue;
            }
            return copy(socket);
        }
        System.err.println("nc: connect to " + host + " port " + p + " (tcp) failed: Connection refused");
        return 1;
    }

    private static int copy(final Socket socket) {
        final Thread sender = Thread.ofPlatform().daemon().start(() -> {
            try {
                final OutputStream out = socket.getOutputStream();
                System.in.transferTo(out);
                out.flush();
                socket.shutdownOutput();
            } catch (final IOException e) {
                // the connection is gone
            }
        });
        try (socket) {
            final InputStream in = socket.getInputStream();
            final byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                System.out.write(buf, 0, n);
                System.out.flush();
            }
        } catch (final IOException e) {
            // end of the connection
        }
        sender.interrupt();
        return 0;
    }
}
