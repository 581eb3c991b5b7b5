package io.lipsync.face;

import io.lipsync.util.UserError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which face is lip-synced when a frame shows several: the largest (upstream's choice, the default), the one
 * nearest the frame's centre, or the n-th from the left. A frame without the chosen face (the n-th from the
 * left when fewer are found) passes through unchanged.
 */
public record FaceChoice(Rule rule, int fromLeft) {
    public enum Rule { LARGEST, CENTRE, FROM_LEFT }

    public static final FaceChoice LARGEST = new FaceChoice(Rule.LARGEST, 0);
    public static final FaceChoice CENTRE = new FaceChoice(Rule.CENTRE, 0);

    public FaceChoice {
        if ((rule == Rule.FROM_LEFT) != (fromLeft >= 1)) {
            throw new IllegalArgumentException("a position from the left (from 1) goes with FROM_LEFT only");
        }
    }

    /** The n-th face from the left, counting from 1. */
    public static FaceChoice fromLeft(int n) {
        return new FaceChoice(Rule.FROM_LEFT, n);
    }

    /** {@code largest}, {@code centre} (or {@code center}), or {@code left-N} (N from 1); null: the largest. */
    public static FaceChoice parse(String text) {
        if (text == null || text.isBlank()) {
            return LARGEST;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("largest")) {
            return LARGEST;
        }
        if (t.equals("centre") || t.equals("center")) {
            return CENTRE;
        }
        if (t.matches("left-[1-9][0-9]?")) {
            return fromLeft(Integer.parseInt(t.substring(5)));
        }
        throw new UserError("unknown face choice '" + text + "'",
                "give largest, centre, or left-N for the N-th face from the left (left-1, left-2, ...)");
    }

    /** The name {@link #parse} reads back. */
    @Override
    public String toString() {
        return switch (rule) {
            case LARGEST -> "largest";
            case CENTRE -> "centre";
            case FROM_LEFT -> "left-" + fromLeft;
        };
    }

    /** A detector's id with this choice in it: the face cache keeps each choice's faces apart. */
    public String qualify(String detectorId) {
        return rule == Rule.LARGEST ? detectorId : detectorId + "|face=" + this;
    }

    /** The index in {@code faces} of the chosen one in a {@code width} x {@code height} frame, or -1. */
    public int pick(List<FaceBox> faces, int width, int height) {
        if (faces.isEmpty()) {
            return -1;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            order.add(i);
        }
        return switch (rule) {
            case LARGEST -> order.stream().max(Comparator.comparingDouble(i -> area(faces.get(i)))).orElseThrow();
            case CENTRE -> order.stream().min(Comparator.comparingDouble(i -> distance(faces.get(i), width, height)))
                    .orElseThrow();
            case FROM_LEFT -> {
                order.sort(Comparator.comparingDouble(i -> faces.get(i).x1() + faces.get(i).x2()));
                yield fromLeft <= order.size() ? order.get(fromLeft - 1) : -1;
            }
        };
    }

    private static double area(FaceBox b) {
        return (b.x2() - b.x1()) * (b.y2() - b.y1());
    }

    private static double distance(FaceBox b, int width, int height) {
        return Math.hypot((b.x1() + b.x2()) / 2 - width / 2.0, (b.y1() + b.y2()) / 2 - height / 2.0);
    }
}
