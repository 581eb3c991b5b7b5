package io.lipsync.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that misbehaves on purpose: it either never answers, or answers 200 with a
 * Content-Length, sends part of the body and then goes quiet, holding the connection open.
 */
public final class StallingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** {@code sent} bytes of a {@code declared}-byte body before the silence; sent < 0: no answer at all. */
    public StallingServer(int sent, int declared, String contentType) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    held.add(s);
                    if (sent >= 0) {
                        OutputStream out = s.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + declared
                                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(new byte[sent]);
                        out.flush();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "stalling-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
