package io.reactiveaudio.codec.mp3;

import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.DamagedRegion;
import io.reactiveaudio.codec.DamagedRegion.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The damaged regions of one MP3 file as its scanner and decoder meet them: each a byte range and
 * the index of the MPEG frame it precedes (skipped bytes) or is (a concealed frame), frames counted
 * from the file's first, an Info/Xing frame included. Keeps the first
 * {@link Concealment#MAX_REGIONS}; skipped ranges that touch merge into one. Not thread-safe.
 */
final class DamageLog {

    private record Entry(Kind kind, long from, long to, long unit) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Bytes {@code [from, to)} passed over before the frame of index {@code unit}. */
    void skipped(long from, long to, long unit) {
        if (to <= from) {
            return;
        }
        int last = entries.size() - 1;
        if (last >= 0 && entries.get(last).kind() == Kind.SKIPPED_BYTES && entries.get(last).to() == from) {
            Entry merged = entries.get(last);
            entries.set(last, new Entry(Kind.SKIPPED_BYTES, merged.from(), to, merged.unit()));
        } else {
            add(new Entry(Kind.SKIPPED_BYTES, from, to, unit));
        }
    }

    /** The frame of index {@code unit}, bytes {@code [from, to)}, replaced by silence. */
    void concealed(long from, long to, long unit) {
        add(new Entry(Kind.CONCEALED_UNIT, from, to, unit));
    }

    /**
     * The regions in file order, placed in the output: frame {@code unit} starts at output frame
     * {@code (unit - firstAudioUnit) * samplesPerFrame - trimmed}, kept within {@code [0, outputEnd]}.
     *
     * @param samplesPerFrame samples per channel of each MPEG frame
     * @param firstAudioUnit index of the first frame that holds audio (1 after an Info/Xing frame)
     * @param trimmed output frames trimmed at the start (encoder and decoder delay)
     * @param outputEnd the output's length in frames where the headers give it, else {@code Long.MAX_VALUE}
     */
    List<DamagedRegion> regions(int samplesPerFrame, long firstAudioUnit, long trimmed, long outputEnd) {
        return entries.stream().sorted(Comparator.comparingLong(Entry::from)).map(e -> new DamagedRegion(e.kind(),
                e.from(), e.to(),
                Math.min(outputEnd, Math.max(0, (e.unit() - firstAudioUnit) * samplesPerFrame - trimmed)),
                e.kind() == Kind.CONCEALED_UNIT ? samplesPerFrame : 0)).toList();
    }

    private void add(Entry entry) {
        if (entries.size() < Concealment.MAX_REGIONS) {
            entries.add(entry);
        }
    }
}
