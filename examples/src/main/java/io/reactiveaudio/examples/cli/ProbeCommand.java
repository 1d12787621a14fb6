package io.reactiveaudio.examples.cli;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Mp3Details;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecoders;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reactive-audio probe FILE...}: one JSON object per file, read from headers only. */
@Command(name = "probe", description = "Prints one JSON object per line for each file: path, format, sample_rate, "
        + "channels, frames, duration_s (and for MP3 encoder_delay, padding, vbr), without decoding the audio.")
final class ProbeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files (MP3, WAV, FLAC).")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int status = 0;
        for (Path file : files) {
            try {
                spec.commandLine().getOut().println(json(AudioDecoders.standard().probe(file)));
            } catch (AudioDecodeException e) {
                spec.commandLine().getErr().println("reactive-audio: " + ReactiveAudioCli.oneLine(e));
                status = 1;
            }
        }
        spec.commandLine().getOut().flush();
        return status;
    }

    /** The JSON line for one file. */
    static String json(AudioInfo info) {
        return JsonLine.of(g -> {
            g.writeStringField("path", info.path().toString());
            g.writeStringField("format", info.codec().id());
            g.writeNumberField("sample_rate", info.sampleRate());
            g.writeNumberField("channels", info.channels());
            if (info.framesKnown()) {
                g.writeNumberField("frames", info.frames());
                g.writeNumberField("duration_s", info.durationSeconds());
            } else {
                g.writeNullField("frames");
                g.writeNullField("duration_s");
            }
            if (info.bitsPerSample() > 0) {
                g.writeNumberField("bits_per_sample", info.bitsPerSample());
            }
            if (info.mp3().isPresent()) {
                Mp3Details mp3 = info.mp3().get();
                g.writeStringField("mpeg_version", mp3.mpegVersion());
                g.writeNumberField("encoder_delay", mp3.encoderDelay());
                g.writeNumberField("padding", mp3.padding());
                g.writeBooleanField("vbr", mp3.bitrateMode() != Mp3Details.BitrateMode.CBR);
                g.writeStringField("bitrate_mode", mp3.bitrateMode().name().toLowerCase(java.util.Locale.ROOT));
                g.writeNumberField("bitrate_kbps", mp3.bitrateKbps());
                g.writeBooleanField("gapless", mp3.gapless());
            }
        });
    }
}
