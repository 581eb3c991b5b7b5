package io.lipsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The few pickle protocol-2 opcodes a torch.save file needs, written by hand: the tests make files of shapes the product never writes. */
public final class PickleWriter {
    private PickleWriter() {}

    /** GLOBAL module.name */
    public static void global(ByteArrayOutputStream p, String module, String name) throws IOException {
        p.write('c');
        p.write((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** BINUNICODE */
    public static void unicode(ByteArrayOutputStream p, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        p.write('X');
        p.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        p.write(b);
    }

    /** BININT for values that fit 32 bits, LONG1 otherwise (as pickle writes a Python int). */
    public static void integer(ByteArrayOutputStream p, long v) throws IOException {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            p.write('J');
            p.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        } else {
            p.write(0x8a);
            p.write(8);
            p.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }
    }

    /** BINFLOAT: a Python float, big-endian as pickle stores it */
    public static void floating(ByteArrayOutputStream p, double v) throws IOException {
        p.write('G');
        p.write(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(v).array());
    }

    /** MARK, the integers, TUPLE */
    public static void tuple(ByteArrayOutputStream p, long[] values) throws IOException {
        p.write('(');
        for (long v : values) {
            integer(p, v);
        }
        p.write('t');
    }

    /**
     * torch._utils._rebuild_tensor_v2((storage, torch.CLASS, key, cpu, numel), offset, shape, stride, False,
     * OrderedDict()): a tensor viewing storage record {@code key}, as torch.save pickles it.
     */
    public static void tensor(ByteArrayOutputStream p, String storageClass, String key, long storageNumel,
            long offset, long[] shape, long[] stride) throws IOException {
        global(p, "torch._utils", "_rebuild_tensor_v2");
        p.write('(');
        p.write('(');
        unicode(p, "storage");
        global(p, "torch", storageClass);
        unicode(p, key);
        unicode(p, "cpu");
        integer(p, storageNumel);
        p.write('t');
        p.write('Q');
        integer(p, offset);
        tuple(p, shape);
        tuple(p, stride);
        p.write(0x89);
        global(p, "collections", "OrderedDict");
        p.write(')');
        p.write('R');
        p.write('t');
        p.write('R');
    }
}
