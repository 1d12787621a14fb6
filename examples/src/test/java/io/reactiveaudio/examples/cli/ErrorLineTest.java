package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorLineTest {

    @Test
    void aFileExceptionNamesTheFileWhatHappenedAndTheFix() {
        assertEquals("/data/x.wav: no such file or folder; check the path", ErrorLine.of(new NoSuchFileException("/data/x.wav")));
        assertEquals("/data/out.npy: permission denied; check the file's permissions, or choose another path",
                ErrorLine.of(new AccessDeniedException("/data/out.npy")));
    }

    @Test
    void theFixOfACauseFollowsTheMessageOfItsWrapper() {
        UncheckedIOException wrapped = new UncheckedIOException("connecting to 10.0.0.7:7070",
                new ConnectException("Connection refused"));

        assertEquals("connecting to 10.0.0.7:7070; is the server running, and are its host and port right?",
                ErrorLine.of(wrapped));
        assertEquals("Address already in use; another process listens there: choose another --port (0 for any free one)",
                ErrorLine.of(new BindException("Address already in use")));
    }

    @Test
    void anUnknownFailureIsItsMessageOnOneLine() {
        assertEquals("first second", ErrorLine.of(new IOException("first\nsecond")));
        assertEquals("java.lang.IllegalStateException", ErrorLine.of(new IllegalStateException()));
    }
}
