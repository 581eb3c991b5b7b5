package io.lipsync.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The entries of a zip file (with zip64, read by commons-compress), mapped in place. torch.save stores every
 * entry uncompressed, so a storage is a plain byte range of the file that can be memory-mapped.
 */
final class ZipIndex implements AutoCloseable {
    private final FileChannel channel;
    private final ZipFile zip;

    ZipIndex(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            zip = ZipFile.builder().setSeekableByteChannel(channel).get();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw corrupt("its zip directory is missing or damaged (truncated download?): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    Iterable<String> names() {
        List<String> names = new ArrayList<>();
        for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
            names.add(e.getName());
        }
        return names;
    }

    boolean contains(String name) {
        return zip.getEntry(name) != null;
    }

    /** The bytes of an uncompressed entry, memory-mapped. */
    ByteBuffer map(String name) throws IOException {
        ZipArchiveEntry e = zip.getEntry(name);
        if (e == null) {
            throw new CheckpointException("the archive has no entry '" + name + "'",
                    "the file is incomplete or not a PyTorch checkpoint; download it again");
        }
        if (e.getMethod() != ZipEntry.STORED) {
            throw new CheckpointException("entry '" + name + "' is compressed, which torch.save never does",
                    "re-save the checkpoint with torch.save");
        }
        long start = e.getDataOffset();
        long size = e.getSize();
        if (start < 0 || size < 0 || start + size > channel.size()) {
            throw corrupt("entry '" + name + "' runs past the end of the file");
        }
        if (size == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, start, size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static CheckpointException corrupt(String what) {
        return new CheckpointException("not a readable PyTorch checkpoint: " + what,
                "download the file again (`lipsync models download` resumes and verifies it)");
    }

    @Override
    public void close() throws IOException {
        try {
            zip.close();
        } finally {
            channel.close();
        }
    }
}
