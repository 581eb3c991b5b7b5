package io.lipsync.obs.dock;

import com.google.gson.JsonObject;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.stream.ChunkedFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * The daemon's HTTP side, on loopback only: the dock page, its JSON API and the renders (HLS playlists,
 * segments, MP4s) that OBS's media sources play. Everything but the dock page's own HTML needs the token:
 * the API takes it in the {@code X-Lipsync-Token} header (or a {@code token} query parameter), media URLs carry it as their first path element
 * (so an HLS player's relative segment URLs carry it too).
 */
public final class DockServer implements AutoCloseable {
    public static final String TOKEN_HEADER = "X-Lipsync-Token";
    private static final Map<String, String> TYPES = Map.of("m3u8", "application/vnd.apple.mpegurl", "ts",
            "video/mp2t", "mp4", "video/mp4", "jpg", "image/jpeg");

    private final String token;
    private final Path mediaRoot;
    private final DockBackend backend;
    private final byte[] page;
    private EventLoopGroup group;
    private Channel channel;

    public DockServer(String token, Path mediaRoot, DockBackend backend) {
        this.token = token;
        this.mediaRoot = mediaRoot.toAbsolutePath().normalize();
        this.backend = backend;
        try (InputStream in = DockServer.class.getResourceAsStream("/plugin/dock.html")) {
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("the dock page is missing from the jar", e);
        }
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port); returns the port. */
    public int start(int port) {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                    new ChunkedWriteHandler(), new Handler());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully();
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); is another daemon running? Pick another --http-port", e);
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The URL OBS plays {@code file} (under the media root) from. */
    public String mediaUrl(int port, Path file) {
        Path relative = mediaRoot.relativize(file.toAbsolutePath().normalize());
        return "http://127.0.0.1:" + port + "/media/" + token + "/" + relative.toString().replace('\\', '/');
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            String path = uri.path();
            HttpMethod method = request.method();
            if (path.equals("/") || path.equals("/dock")) {
                send(ctx, HttpResponseStatus.OK, "text/html; charset=utf-8", page);
            } else if (path.startsWith("/media/")) {
                media(ctx, path.substring("/media/".length()));
            } else if (path.startsWith("/api/")) {
                // An <img> cannot send headers: the preview may carry the token in its query instead.
                String given = request.headers().get(TOKEN_HEADER);
                if (given == null && uri.parameters().containsKey("token")) {
                    given = uri.parameters().get("token").get(0);
                }
                if (!tokenMatches(given)) {
                    json(ctx, HttpResponseStatus.UNAUTHORIZED, error("a wrong or missing token: open the dock "
                            + "with the URL the daemon printed"));
                } else {
                    api(ctx, method, path.substring("/api/".length()));
                }
            } else {
                json(ctx, HttpResponseStatus.NOT_FOUND, error("no such page"));
            }
        }

        private void api(ChannelHandlerContext ctx, HttpMethod method, String route) {
            List<String> parts = List.of(route.split("/"));
            if (method.equals(HttpMethod.GET) && route.equals("state")) {
                json(ctx, HttpResponseStatus.OK, backend.state());
            } else if (method.equals(HttpMethod.POST) && (route.equals("lipsync") || route.equals("rerender"))) {
                JsonObject answer = new JsonObject();
                answer.addProperty("message", backend.trigger(route));
                json(ctx, HttpResponseStatus.OK, answer);
            } else if (method.equals(HttpMethod.POST) && parts.size() == 3 && parts.get(0).equals("jobs")
                    && parts.get(2).equals("cancel")) {
                boolean cancelled = backend.cancel(parts.get(1));
                json(ctx, cancelled ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                        cancelled ? new JsonObject() : error("no waiting or running job " + parts.get(1)));
            } else if (method.equals(HttpMethod.GET) && parts.size() == 3 && parts.get(0).equals("jobs")
                    && parts.get(2).equals("preview.jpg")) {
                byte[] jpeg = backend.preview(parts.get(1));
                if (jpeg == null) {
                    json(ctx, HttpResponseStatus.NOT_FOUND, error("no segment yet"));
                } else {
                    // The dock asks for ...?segments=N: one URL per segment, so the browser may keep it.
                    send(ctx, HttpResponseStatus.OK, "image/jpeg", jpeg, "max-age=3600");
                }
            } else {
                json(ctx, HttpResponseStatus.NOT_FOUND, error("no such API call: " + method + " /api/" + route));
            }
        }

        private void media(ChannelHandlerContext ctx, String rest) throws IOException {
            int slash = rest.indexOf('/');
            if (slash < 0 || !tokenMatches(rest.substring(0, slash))) {
                json(ctx, HttpResponseStatus.UNAUTHORIZED, error("a wrong or missing token"));
                return;
            }
            Path file = mediaRoot.resolve(rest.substring(slash + 1)).normalize();
            if (!file.startsWith(mediaRoot) || !Files.isRegularFile(file)) {
                json(ctx, HttpResponseStatus.NOT_FOUND, error("no such file"));
                return;
            }
            String name = file.getFileName().toString();
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            HttpUtil.setContentLength(response, raf.length());
            ctx.write(response);
            ctx.writeAndFlush(new HttpChunkedInput(new ChunkedFile(raf, 0, raf.length(), 64 * 1024)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private boolean tokenMatches(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject error(String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        return o;
    }

    private static void json(ChannelHandlerContext ctx, HttpResponseStatus status, JsonObject body) {
        send(ctx, status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String type, byte[] body) {
        send(ctx, status, type, body, "no-cache");
    }

    private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String type, byte[] body,
            String cacheControl) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
        HttpUtil.setContentLength(response, body.length);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
