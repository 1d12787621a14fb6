package io.reactiveaudio.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a training pipeline stood right after one of its batches: enough for a new pipeline of the
 * same configuration to continue with exactly the batches that would have followed, decoding only
 * the files its shuffle window and its open files still need.
 *
 * <p>It names segments by (source index, ordinal) and files by their place in the epoch's
 * file order, never by content, so it stays small: about 12 bytes per segment held in the shuffle
 * window plus 20 bytes per interleave lane. {@link #toBytes()} and {@link #fromBytes(byte[])}
 * give a versioned binary form to store next to a model checkpoint.
 *
 * <p>Immutable (arrays are copied in and out) and thread-safe.
 */
public final class Checkpoint {

    private static final int MAGIC = 0x5241434b;
    private static final int VERSION = 1;

    private final long fingerprint;
    private final long epoch;
    private final long batches;
    private final long arrivals;
    private final long emitted;
    private final boolean draining;
    private final long[] residentSources;
    private final long[] residentOrdinals;
    private final int[] laneFiles;
    private final long[] laneNextOrdinals;
    private final long[] laneTaken;

    /**
     * @param fingerprint hash of the configuration that decides the order of batches
     * @param epoch the epoch the batch belonged to, from 0
     * @param batches batches of that epoch delivered up to and including the batch
     * @param arrivals segments that had entered the shuffle window in that epoch
     * @param emitted segments that had left the shuffle window in that epoch
     * @param draining whether the window was emitting its last residents
     * @param residentSources source index of each segment held by the window, in slot order (in
     *     emission order while draining)
     * @param residentOrdinals ordinal within its source of each of those segments
     * @param laneFiles for each interleave lane, the place in its file list of the file it last
     *     delivered a segment from, or -1 if none yet
     * @param laneNextOrdinals for each lane, the ordinal of the next segment of that file
     * @param laneTaken for each lane, the segments it had delivered in that epoch
     */
    public Checkpoint(long fingerprint, long epoch, long batches, long arrivals, long emitted, boolean draining,
                      long[] residentSources, long[] residentOrdinals, int[] laneFiles, long[] laneNextOrdinals,
                      long[] laneTaken) {
        if (epoch < 0 || batches < 0 || arrivals < 0 || emitted < 0) {
            throw new IllegalArgumentException("epoch, batches, arrivals and emitted must not be negative: " + epoch
                    + ", " + batches + ", " + arrivals + ", " + emitted);
        }
        if (residentSources.length != residentOrdinals.length) {
            throw new IllegalArgumentException("residentOrdinals must hold one ordinal per resident source ("
                    + residentSources.length + "): " + residentOrdinals.length);
        }
        if (laneFiles.length != laneNextOrdinals.length || laneFiles.length != laneTaken.length) {
            throw new IllegalArgumentException("laneNextOrdinals and laneTaken must hold one entry per lane ("
                    + laneFiles.length + "): " + laneNextOrdinals.length + " and " + laneTaken.length);
        }
        this.fingerprint = fingerprint;
        this.epoch = epoch;
        this.batches = batches;
        this.arrivals = arrivals;
        this.emitted = emitted;
        this.draining = draining;
        this.residentSources = residentSources.clone();
        this.residentOrdinals = residentOrdinals.clone();
        this.laneFiles = laneFiles.clone();
        this.laneNextOrdinals = laneNextOrdinals.clone();
        this.laneTaken = laneTaken.clone();
    }

    public long fingerprint() {
        return fingerprint;
    }

    public long epoch() {
        return epoch;
    }

    public long batches() {
        return batches;
    }

    public long arrivals() {
        return arrivals;
    }

    public long emitted() {
        return emitted;
    }

    public boolean draining() {
        return draining;
    }

    public long[] residentSources() {
        return residentSources.clone();
    }

    public long[] residentOrdinals() {
        return residentOrdinals.clone();
    }

    public int[] laneFiles() {
        return laneFiles.clone();
    }

    public long[] laneNextOrdinals() {
        return laneNextOrdinals.clone();
    }

    public long[] laneTaken() {
        return laneTaken.clone();
    }

    /** The versioned binary form. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 12 * residentSources.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(fingerprint);
            out.writeLong(epoch);
            out.writeLong(batches);
            out.writeLong(arrivals);
            out.writeLong(emitted);
            out.writeBoolean(draining);
            out.writeInt(residentSources.length);
            for (int i = 0; i < residentSources.length; i++) {
                out.writeLong(residentSources[i]);
                out.writeInt(Math.toIntExact(residentOrdinals[i]));
            }
            out.writeInt(laneFiles.length);
            for (int i = 0; i < laneFiles.length; i++) {
                out.writeInt(laneFiles[i]);
                out.writeLong(laneNextOrdinals[i]);
                out.writeLong(laneTaken[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads the form {@link #toBytes()} writes.
     *
     * @throws IllegalArgumentException if the bytes are not a checkpoint of a known version
     */
    public static Checkpoint fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a reactive-audio checkpoint");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("checkpoint version " + version + " is not " + VERSION);
            }
            long fingerprint = in.readLong();
            long epoch = in.readLong();
            long batches = in.readLong();
            long arrivals = in.readLong();
            long emitted = in.readLong();
            boolean draining = in.readBoolean();
            int residents = count(in.readInt(), bytes.length, 12);
            long[] sources = new long[residents];
            long[] ordinals = new long[residents];
            for (int i = 0; i < residents; i++) {
                sources[i] = in.readLong();
                ordinals[i] = in.readInt();
            }
            int lanes = count(in.readInt(), bytes.length, 20);
            int[] files = new int[lanes];
            long[] next = new long[lanes];
            long[] taken = new long[lanes];
            for (int i = 0; i < lanes; i++) {
                files[i] = in.readInt();
                next[i] = in.readLong();
                taken[i] = in.readLong();
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after the checkpoint");
            }
            return new Checkpoint(fingerprint, epoch, batches, arrivals, emitted, draining, sources, ordinals, files,
                    next, taken);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated checkpoint of " + bytes.length + " bytes", e);
        }
    }

    private static int count(int n, int available, int bytesEach) {
        if (n < 0 || (long) n * bytesEach > available) {
            throw new IllegalArgumentException("corrupt checkpoint: " + n + " entries in " + available + " bytes");
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && fingerprint == c.fingerprint && epoch == c.epoch && batches == c.batches
                && arrivals == c.arrivals && emitted == c.emitted && draining == c.draining
                && Arrays.equals(residentSources, c.residentSources)
                && Arrays.equals(residentOrdinals, c.residentOrdinals) && Arrays.equals(laneFiles, c.laneFiles)
                && Arrays.equals(laneNextOrdinals, c.laneNextOrdinals) && Arrays.equals(laneTaken, c.laneTaken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fingerprint, epoch, batches, arrivals, emitted, draining, Arrays.hashCode(residentSources),
                Arrays.hashCode(residentOrdinals), Arrays.hashCode(laneFiles));
    }

    @Override
    public String toString() {
        return "Checkpoint{epoch=" + epoch + ", batches=" + batches + ", arrivals=" + arrivals + ", emitted=" + emitted
                + (draining ? ", draining" : "") + ", residents=" + residentSources.length + ", lanes="
                + laneFiles.length + "}";
    }
}
