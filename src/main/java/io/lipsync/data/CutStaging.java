package io.lipsync.data;

import io.lipsync.image.Rgb;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned cut kept between the Spark job's two stages (steps 1-5 on CPUs, steps 6-7 where the nets run):
 * its faces and audio as raw values, so the second stage judges exactly what the local runner judges and the
 * cut is still encoded only once. Files live under {@code <out>/.staging/} and are removed once judged.
 */
final class CutStaging {
    static final String FOLDER = ".staging";
    private static final int MAGIC = 0x4c53_5347; // "LSSG"

    private CutStaging() {}

    /** Writes {@code s}'s faces and audio under the output folder; returns the file's path relative to it. */
    static String write(AlignedCut s, Path out) {
        String name = FOLDER + "/" + s.clipName().replaceAll("\\.mp4$", ".seg");
        Path file = out.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".part");
            try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
                o.writeInt(MAGIC);
                Rgb first = s.faces().get(0);
                o.writeInt(s.faces().size());
                o.writeInt(first.width());
                o.writeInt(first.height());
                for (Rgb face : s.faces()) {
                    o.write(face.pixels());
                }
                o.writeInt(s.sound().length);
                for (float v : s.sound()) {
                    o.writeFloat(v);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + file, e);
        }
    }

    /** The staged cut of {@code row} (whose clip names the staging file), the file removed. */
    static AlignedCut take(ManifestRow row, Path out) {
        Path file = out.resolve(row.verdict().clip());
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a staged cut");
            }
            int frames = in.readInt();
            int width = in.readInt();
            int height = in.readInt();
            List<Rgb> faces = new ArrayList<>(frames);
            for (int i = 0; i < frames; i++) {
                byte[] pixels = new byte[width * height * 3];
                in.readFully(pixels);
                faces.add(new Rgb(width, height, pixels));
            }
            float[] sound = new float[in.readInt()];
            for (int i = 0; i < sound.length; i++) {
                sound[i] = in.readFloat();
            }
            ManifestRow.Cut c = row.cut();
            AlignedCut s = new AlignedCut(row.source(), row.sourceId(),
                    new Cuts.Planned(c.shot(), c.number(), new Cuts.Span(c.startFrame(), c.endFrame())), faces, sound);
            Files.delete(file);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the staged cut " + file, e);
        }
    }
}
