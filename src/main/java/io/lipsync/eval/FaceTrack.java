package io.lipsync.eval;

import io.lipsync.face.FaceBox;
import java.util.List;

/** A face followed through consecutive frames: its box in each frame from {@code firstFrame} on. */
public record FaceTrack(int firstFrame, List<FaceBox> boxes) {
    public int frames() {
        return boxes.size();
    }

    /** One past the track's last frame. */
    public int endFrame() {
        return firstFrame + boxes.size();
    }
}
