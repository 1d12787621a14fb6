package io.reactiveaudio.examples.cli;

import io.reactiveaudio.codec.AudioDecodeException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The one line a failed command prints: what failed, naming the file or address (the exception's
 * message; for the {@code java.nio.file} exceptions, whose message is the bare path, the file and
 * what happened to it), then, when the failure or one of its causes has a known fix, the fix after
 * a semicolon. Stateless.
 */
final class ErrorLine {

    private ErrorLine() {
    }

    /** The line for {@code e}, without a line break. */
    static String of(Throwable e) {
        String what = e instanceof FileSystemException f && f.getReason() == null ? f.getFile() + ": " + problem(f)
                : message(e);
        String fix = null;
        for (Throwable t = e; t != null && fix == null; t = t.getCause()) {
            fix = fix(t);
        }
        return (fix == null ? what : what + "; " + fix).replace('\n', ' ');
    }

    private static String problem(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        } else if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        return e.getClass().getSimpleName();
    }

    private static String fix(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "check the path";
        } else if (e instanceof AccessDeniedException) {
            return "check the file's permissions, or choose another path";
        } else if (e instanceof FileAlreadyExistsException) {
            return "remove it, or choose another path";
        } else if (e instanceof ConnectException) {
            return "is the server running, and are its host and port right?";
        } else if (e instanceof BindException) {
            return "another process listens there: choose another --port (0 for any free one)";
        } else if (e instanceof UnknownHostException) {
            return "check the host name";
        } else if (e instanceof AudioDecodeException d) {
            return switch (d.kind()) {
                case CORRUPT, TRUNCATED -> "the file is damaged: re-encode it, or leave it out (bench, demo and serve "
                        + "skip such files and report them)";
                case EMPTY -> "the file has no audio: leave it out";
                case UNSUPPORTED -> "try --decoder ffmpeg, or convert the file to MP3, WAV or FLAC";
                case UNREADABLE -> null;
            };
        }
        return null;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    }
}
