package org.jclick.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** I/O error texts in the words of C's {@code strerror}, as Click prints them. */
final class Files2 {

    private Files2() {
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        final String m = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof FileNotFoundException || e instanceof FileSystemException) {
            // FileOutputStream: "NAME (No such file or directory)"
            final int open = m.lastIndexOf(" (");
            if (open >= 0 && m.endsWith(")")) {
                return m.substring(open + 2, m.length() - 1);
            }
            if (e instanceof FileSystemException fse && fse.getReason() != null) {
                return fse.getReason();
            }
        }
        return m.isEmpty() ? e.getClass().getSimpleName() : m;
    }
}
