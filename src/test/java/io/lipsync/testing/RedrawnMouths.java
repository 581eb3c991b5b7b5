package io.lipsync.testing;

import io.lipsync.image.Rgb;
import io.lipsync.media.FrameStream;
import io.lipsync.media.VideoEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Two encodes of the shared face clip's first frames: as they are, and with the lips parted in chosen frames. */
public final class RedrawnMouths {
    private RedrawnMouths() {}

    /** Writes both videos from the clip's first {@code count} frames; returns how many frames each has. */
    public static int write(Path plain, Path edited, int count, Set<Integer> redrawn) {
        List<Rgb> frames = new ArrayList<>();
        try (FrameStream in = FrameStream.open(SharedFixtures.media().resolve("face-clip.mp4"))) {
            while (in.hasNext() && frames.size() < count) {
                frames.add(in.next());
            }
        }
        int w = frames.get(0).width();
        int h = frames.get(0).height();
        try (VideoEncoder a = new VideoEncoder(plain, w, h, "mp4"); VideoEncoder b = new VideoEncoder(edited, w, h, "mp4")) {
            for (int i = 0; i < frames.size(); i++) {
                a.writeVideo(frames.get(i));
                b.writeVideo(redrawn.contains(i) ? openMouth(frames.get(i)) : frames.get(i));
            }
            a.commit();
            b.commit();
        }
        return frames.size();
    }

    /** Lips parted: a dark 18 x 6 px gap a little below the middle of the frame, on the drifting face. */
    private static Rgb openMouth(Rgb frame) {
        Rgb out = new Rgb(frame.width(), frame.height(), frame.pixels().clone());
        int cx = frame.width() / 2;
        int cy = frame.height() * 3 / 5;
        for (int y = cy - 3; y < cy + 3; y++) {
            for (int x = cx - 9; x < cx + 9; x++) {
                out.set(y, x, 0, 60);
                out.set(y, x, 1, 25);
                out.set(y, x, 2, 30);
            }
        }
        return out;
    }
}
