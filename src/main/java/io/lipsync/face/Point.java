package io.lipsync.face;

/** A point in pixel coordinates. */
public record Point(double x, double y) {}
