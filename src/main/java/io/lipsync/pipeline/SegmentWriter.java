package io.lipsync.pipeline;

import io.lipsync.face.Rgb;
import io.lipsync.media.MediaException;
import io.lipsync.media.VideoDecoder;
import io.lipsync.media.VideoEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the render as it goes as MPEG-TS segments of one chunk (16 frames) plus an HLS playlist ({@code playlist.m3u8}),
 * rewritten atomically whenever a segment lands, so a player can start before the render ends. The
 * segments get exactly the frames and samples the MP4 gets.
 */
final class SegmentWriter implements AutoCloseable {
    static final String PLAYLIST = "playlist.m3u8";
    private static final int FRAMES_PER_SEGMENT = RenderPipeline.CHUNK;

    private final Path dir;
    private final RenderListener listener;
    private final int width;
    private final int height;
    private final List<Integer> finished = new ArrayList<>();
    private VideoEncoder current;
    private int framesInSegment;
    private long firstSegmentNanos = -1;

    SegmentWriter(Path dir, int width, int height, RenderListener listener) {
        this.dir = dir;
        this.listener = listener;
        this.width = width;
        this.height = height;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MediaException("cannot create the segment folder " + dir + ": " + e.getMessage(), e);
        }
        writePlaylist(false);
    }

    void writeVideo(Rgb frame) {
        if (current == null) {
            current = new VideoEncoder(dir.resolve(name(finished.size())), width, height, "mpegts");
            framesInSegment = 0;
        }
        current.writeVideo(frame);
        framesInSegment++;
    }

    void writeAudio(float[] samples, int from, int to) {
        current.writeAudio(samples, from, to);
        if (framesInSegment == FRAMES_PER_SEGMENT) {
            endSegment();
        }
    }

    /** When the first segment became playable (System.nanoTime), or -1. */
    long firstSegmentNanos() {
        return firstSegmentNanos;
    }

    private void endSegment() {
        current.commit();
        current.close();
        current = null;
        finished.add(framesInSegment);
        if (firstSegmentNanos < 0) {
            firstSegmentNanos = System.nanoTime();
        }
        writePlaylist(false);
        listener.segmentReady(dir.resolve(PLAYLIST), finished.size() - 1);
    }

    /** Closes the last segment and marks the playlist complete. */
    void finish() {
        if (current != null) {
            endSegment();
        }
        writePlaylist(true);
    }

    private static String name(int index) {
        return String.format("segment%05d.ts", index);
    }

    private void writePlaylist(boolean complete) {
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n"
                + "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:" + (complete ? "VOD" : "EVENT") + "\n");
        for (int i = 0; i < finished.size(); i++) {
            sb.append(String.format("#EXTINF:%.3f,%n%s%n", finished.get(i) / (double) VideoDecoder.FPS, name(i)));
        }
        if (complete) {
            sb.append("#EXT-X-ENDLIST\n");
        }
        try {
            Path tmp = dir.resolve(PLAYLIST + ".tmp");
            Files.writeString(tmp, sb.toString());
            Files.move(tmp, dir.resolve(PLAYLIST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new MediaException("cannot update " + dir.resolve(PLAYLIST) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
    }
}
