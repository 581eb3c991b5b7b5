package io.lipsync.media;

/**
 * A frame rate as media tools write it: a whole number ("25"), a decimal ("29.97"), or the exact rational
 * FFmpeg and ffprobe give ("30000/1001", the NTSC rate phones and cameras record).
 */
public final class FrameRate {
    private FrameRate() {}

    public static double parse(String text) {
        String t = text.trim();
        try {
            int slash = t.indexOf('/');
            if (slash < 0) {
                return positive(Double.parseDouble(t), text);
            }
            double num = Double.parseDouble(t.substring(0, slash).trim());
            double den = Double.parseDouble(t.substring(slash + 1).trim());
            return positive(num / den, text);
        } catch (NumberFormatException e) {
            throw new MediaException("'" + text + "' is not a frame rate (give 25, 29.97 or 30000/1001)");
        }
    }

    private static double positive(double fps, String text) {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new MediaException("'" + text + "' is not a frame rate (give 25, 29.97 or 30000/1001)");
        }
        return fps;
    }
}
