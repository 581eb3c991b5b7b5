package io.lipsync.obs.dock;

import com.google.gson.JsonObject;
import io.lipsync.util.DaemonThreads;
import io.lipsync.util.UserError;
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
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's HTTP side, on loopback only: the dock page, its JSON API and the renders (HLS playlists,
 * segments, MP4s) that OBS's media sources play. Everything but the dock page's own HTML needs the token:
 * the API takes it in the {@code X-Lipsync-Token} header (or a {@code token} query parameter), media URLs carry it as their first path element
 * (so an HLS player's relative segment URLs carry it too).
 */
public final class DockServer implements AutoCloseable {
    public static final String TOKEN_HEADER = "X-Lipsync-Token";
    private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost", "[::1]");
    private static final Map<String, String> TYPES = Map.of("m3u8", "application/vnd.apple.mpegurl", "ts",
            "video/mp2t", "mp4", "video/mp4", "jpg", "image/jpeg");

    /** Shorter tokens are guessable; an empty one (a crash while writing it) would open the API to any page. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** How long a dock button waits for the daemon's answer before it is told the request was taken. */
    private static final long ANSWER_WAIT_MS = 2000;

    private final String token;
    private final Path mediaRoot;
    private final DockBackend backend;
    private final byte[] page;
    /** Slow work (decoding previews) runs here, never on Netty's event loop, which serves OBS its media. */
    private final ExecutorService slow = Executors.newSingleThreadExecutor(DaemonThreads.named("dock-previews"));
    private EventLoopGroup group;
    private Channel channel;
    private volatile int port;

    public DockServer(String token, Path mediaRoot, DockBackend backend) {
        if (token == null || token.strip().length() < MIN_TOKEN_LENGTH) {
            throw new UserError("the dock token is shorter than " + MIN_TOKEN_LENGTH + " characters",
                    "remove 'token' from the config file (the daemon then makes one) or give a longer one");
        }
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
                            // the keep-alive handler closes a connection whose request said "Connection: close"
                            ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192), new HttpServerKeepAliveHandler(),
                                    new HttpObjectAggregator(64 * 1024), new ChunkedWriteHandler(), new Handler());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // Netty rethrows the BindException unchecked
            group.shutdownGracefully();
            throw new UserError("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")",
                    "is another daemon running? Stop it, or pick another --http-port", e);
        }
        this.port = ((InetSocketAddress) channel.localAddress()).getPort();
        return this.port;
    }

    /** The URL OBS plays {@code file} (under the media root) from. */
    public String mediaUrl(int port, Path file) {
        Path relative = mediaRoot.relativize(file.toAbsolutePath().normalize());
        return "http://127.0.0.1:" + port + "/media/" + token + "/" + relative.toString().replace('\\', '/');
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
            if (request.decoderResult().isFailure()) {
                Throwable cause = request.decoderResult().cause();
                HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                        ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                        : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                        : HttpResponseStatus.BAD_REQUEST;
                closing(ctx, status, "a malformed request");
                return;
            }
            // A page elsewhere can point a DNS name at 127.0.0.1; only loopback names may talk to us, and only
            // our own page may change state.
            if (!isLoopbackHost(request.headers().get(HttpHeaderNames.HOST))) {
                json(ctx, HttpResponseStatus.FORBIDDEN, error("requests must name 127.0.0.1 or localhost"));
                return;
            }
            HttpMethod method = request.method();
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD) && origin != null
                    && !isOwnOrigin(origin)) {
                json(ctx, HttpResponseStatus.FORBIDDEN, error("requests from other pages are refused"));
                return;
            }
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            String path = uri.path();
            boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
            if (path.equals("/") || path.equals("/dock")) {
                if (!read) {
                    notAllowed(ctx, "GET, HEAD");
                    return;
                }
                send(ctx, HttpResponseStatus.OK, "text/html; charset=utf-8", page);
            } else if (path.startsWith("/media/")) {
                if (!read) {
                    notAllowed(ctx, "GET, HEAD");
                    return;
                }
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
                    api(ctx, method, path.substring("/api/".length()), first(uri, "preset"), first(uri, "face"));
                }
            } else {
                json(ctx, HttpResponseStatus.NOT_FOUND, error("no such page"));
            }
        }

        private static String first(QueryStringDecoder uri, String name) {
            List<String> values = uri.parameters().get(name);
            return values == null ? null : values.get(0);
        }

        private void api(ChannelHandlerContext ctx, HttpMethod method, String route, String preset, String face) {
            List<String> parts = List.of(route.split("/"));
            boolean jobRoute = parts.size() == 3 && parts.get(0).equals("jobs");
            String allowed = route.equals("state") || jobRoute && parts.get(2).equals("preview.jpg") ? "GET"
                    : route.equals("lipsync") || route.equals("rerender") || jobRoute && parts.get(2).equals("cancel")
                    ? "POST" : null;
            if (allowed == null) {
                json(ctx, HttpResponseStatus.NOT_FOUND, error("no such API call: " + method + " /api/" + route));
            } else if (!method.name().equals(allowed)) {
                notAllowed(ctx, allowed);
            } else if (route.equals("state")) {
                json(ctx, HttpResponseStatus.OK, backend.state());
            } else if (route.equals("lipsync") || route.equals("rerender")) {
                // The daemon may wait on OBS: answer with its sentence if it comes soon, else say it was taken.
                backend.trigger(route, preset, face).completeOnTimeout(null, ANSWER_WAIT_MS, TimeUnit.MILLISECONDS)
                        .whenComplete((message, failure) -> {
                            JsonObject answer = new JsonObject();
                            if (failure != null) {
                                json(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, error("the daemon could not take "
                                        + "the request: " + failure.getMessage()));
                                return;
                            }
                            answer.addProperty("message", message != null ? message
                                    : "request taken; the queue below shows how it goes");
                            json(ctx, message != null ? HttpResponseStatus.OK : HttpResponseStatus.ACCEPTED, answer);
                        });
            } else if (parts.get(2).equals("cancel")) {
                boolean cancelled = backend.cancel(parts.get(1));
                json(ctx, cancelled ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                        cancelled ? new JsonObject() : error("no waiting or running job " + parts.get(1)));
            } else {
                CompletableFuture.supplyAsync(() -> backend.preview(parts.get(1)), slow).whenComplete((jpeg, failure) -> {
                    if (failure != null) {
                        json(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, error("no preview: " + failure.getMessage()));
                    } else if (jpeg == null) {
                        json(ctx, HttpResponseStatus.NOT_FOUND, error("no segment yet"));
                    } else {
                        // The dock asks for ...?segments=N: one URL per segment, so the browser may keep it.
                        send(ctx, HttpResponseStatus.OK, "image/jpeg", jpeg, "max-age=3600");
                    }
                });
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
            closing(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "the daemon failed on this request: "
                    + cause.getMessage());
        }
    }

    private boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        return LOOPBACK_NAMES.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    private boolean isOwnOrigin(String origin) {
        for (String name : LOOPBACK_NAMES) {
            if (origin.equalsIgnoreCase("http://" + name + ":" + port)) {
                return true;
            }
        }
        return false;
    }

    private static void notAllowed(ChannelHandlerContext ctx, String allowed) {
        FullHttpResponse response = response(HttpResponseStatus.METHOD_NOT_ALLOWED, "application/json",
                error("use " + allowed).toString().getBytes(StandardCharsets.UTF_8), "no-cache");
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /** An error after which the connection cannot be trusted to continue: answer, then close. */
    private static void closing(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.writeAndFlush(response(status, "application/json",
                error(message).toString().getBytes(StandardCharsets.UTF_8), "no-cache"))
                .addListener(ChannelFutureListener.CLOSE);
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
        ctx.writeAndFlush(response(status, type, body, cacheControl)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, byte[] body, String cacheControl) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
        HttpUtil.setContentLength(response, body.length);
        return response;
    }

    @Override
    public void close() {
        slow.shutdownNow();
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
