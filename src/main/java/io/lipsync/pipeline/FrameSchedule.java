package io.lipsync.pipeline;

/**
 * Which source frame each output frame shows. A voice longer than the clip plays the clip forward, then
 * backward, then forward ... (each turn repeats the end frame), cut to the number of audio windows; a
 * shorter voice takes the clip's first frames.
 */
public final class FrameSchedule {
    private FrameSchedule() {}

    public static int sourceFrame(int outputFrame, int videoFrames) {
        if (videoFrames < 1) {
            throw new IllegalArgumentException("the clip has no frames");
        }
        int pass = outputFrame / videoFrames;
        int offset = outputFrame % videoFrames;
        return pass % 2 == 0 ? offset : videoFrames - 1 - offset;
    }

    public static int[] pingPong(int videoFrames, int outputFrames) {
        int[] out = new int[outputFrames];
        for (int i = 0; i < outputFrames; i++) {
            out[i] = sourceFrame(i, videoFrames);
        }
        return out;
    }
}
