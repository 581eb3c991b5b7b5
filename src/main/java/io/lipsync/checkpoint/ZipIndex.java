package io.lipsync.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entries of a zip file (with zip64), mapped in place. torch.save stores every entry
 * uncompressed, so a storage is a plain byte range of the file that can be memory-mapped.
 */
final class ZipIndex implements AutoCloseable {
    private record Entry(long headerOffset, long size, int method) {}

    private final FileChannel channel;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    ZipIndex(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            readCentralDirectory();
        } catch (RuntimeException | IOException e) {
            channel.close();
            throw e;
        }
    }

    Iterable<String> names() {
        return entries.keySet();
    }

    boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The bytes of an uncompressed entry, memory-mapped. */
    ByteBuffer map(String name) throws IOException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException("the archive has no entry '" + name + "'",
                    "the file is incomplete or not a PyTorch checkpoint; download it again");
        }
        if (e.method != 0) {
            throw new CheckpointException("entry '" + name + "' is compressed, which torch.save never does",
                    "re-save the checkpoint with torch.save");
        }
        ByteBuffer local = read(e.headerOffset, 30);
        if (local.getInt(0) != 0x04034b50) {
            throw corrupt("a local file header is damaged");
        }
        long dataStart = e.headerOffset + 30 + (local.getShort(26) & 0xffff) + (local.getShort(28) & 0xffff);
        if (dataStart + e.size > channel.size()) {
            throw corrupt("entry '" + name + "' runs past the end of the file");
        }
        if (e.size == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, dataStart, e.size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void readCentralDirectory() throws IOException {
        long fileSize = channel.size();
        int tailLength = (int) Math.min(fileSize, 65_557);
        ByteBuffer tail = read(fileSize - tailLength, tailLength);
        int eocd = -1;
        for (int i = tailLength - 22; i >= 0; i--) {
            if (tail.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw corrupt("no zip directory at the end of the file (truncated download?)");
        }
        long count = tail.getShort(eocd + 10) & 0xffff;
        long dirSize = tail.getInt(eocd + 12) & 0xffffffffL;
        long dirOffset = tail.getInt(eocd + 16) & 0xffffffffL;
        if (dirOffset == 0xffffffffL || count == 0xffff) {
            int locator = eocd - 20;
            if (locator < 0 || tail.getInt(locator) != 0x07064b50) {
                throw corrupt("the zip64 directory locator is missing");
            }
            ByteBuffer z = read(tail.getLong(locator + 8), 56);
            if (z.getInt(0) != 0x06064b50) {
                throw corrupt("the zip64 directory record is damaged");
            }
            count = z.getLong(32);
            dirSize = z.getLong(40);
            dirOffset = z.getLong(48);
        }
        if (dirOffset + dirSize > fileSize) {
            throw corrupt("the zip directory points past the end of the file");
        }
        ByteBuffer dir = read(dirOffset, Math.toIntExact(dirSize));
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > dir.limit()) {
                throw corrupt("the zip directory lists more entries than it holds");
            }
            if (dir.getInt(p) != 0x02014b50) {
                throw corrupt("the zip directory is damaged");
            }
            int method = dir.getShort(p + 10) & 0xffff;
            long size = dir.getInt(p + 24) & 0xffffffffL;
            int nameLength = dir.getShort(p + 28) & 0xffff;
            int extraLength = dir.getShort(p + 30) & 0xffff;
            int commentLength = dir.getShort(p + 32) & 0xffff;
            if (p + 46L + nameLength + extraLength + commentLength > dir.limit()) {
                throw corrupt("the zip directory is damaged");
            }
            long offset = dir.getInt(p + 42) & 0xffffffffL;
            byte[] nameBytes = new byte[nameLength];
            dir.get(p + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            long compressed = dir.getInt(p + 20) & 0xffffffffL;
            int extra = p + 46 + nameLength;
            int extraEnd = extra + extraLength;
            while (extra + 4 <= extraEnd) {
                int id = dir.getShort(extra) & 0xffff;
                int len = dir.getShort(extra + 2) & 0xffff;
                if (id == 0x0001) {
                    int q = extra + 4;
                    if (size == 0xffffffffL) {
                        size = dir.getLong(q);
                        q += 8;
                    }
                    if (compressed == 0xffffffffL) {
                        q += 8;
                    }
                    if (offset == 0xffffffffL) {
                        offset = dir.getLong(q);
                    }
                }
                extra += 4 + len;
            }
            entries.put(name, new Entry(offset, size, method));
            p = extraEnd + commentLength;
        }
    }

    private ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw corrupt("the file ends early (truncated download?)");
            }
        }
        return b.flip();
    }

    private static CheckpointException corrupt(String what) {
        return new CheckpointException("not a readable PyTorch checkpoint: " + what,
                "download the file again (`lipsync models download` resumes and verifies it)");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
