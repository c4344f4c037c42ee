package org.jclick.clicktest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ends a test script and everything it started. Scripts run in their own session and process group (via
 * {@code setsid}, when available), so background processes they leave behind are found through the group
 * id in {@code /proc}, even after their parent shell has exited; elsewhere only live descendants are found.
 */
final class ProcessTree {

    private static final Path SETSID = findSetsid();
    private static final Path PROC = Path.of("/proc");

    private ProcessTree() {
    }

    private static Path findSetsid() {
        for (final String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            final Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return null;
    }

    /** The command prefix that starts a process in a new session, or an empty list. */
    static List<String> newSessionPrefix() {
        return SETSID == null ? List.of() : List.of(SETSID.toString());
    }

    /** Kills {@code process}, its descendants and every process in its process group. */
    static void killAll(final Process process) {
        final List<ProcessHandle> victims = new ArrayList<>();
        process.descendants().forEach(victims::add);
        victims.add(process.toHandle());
        victims.forEach(ProcessHandle::destroyForcibly);
        killGroup(process.pid());
    }

    /** Kills every process whose process group or session is {@code leader} (the group leader's pid). */
    static void killGroup(final long leader) {
        if (SETSID == null || !Files.isDirectory(PROC)) {
            return;
        }
        final long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcessTree::isPidEntry)) {
            for (final Path entry : entries) {
                final long pid = Long.parseLong(entry.getFileName().toString());
                if (pid != self && inGroup(entry, leader)) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (final IOException | RuntimeException e) {
            // best effort: /proc may change while it is read
        }
    }

    private static boolean isPidEntry(final Path entry) {
        final String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static boolean inGroup(final Path entry, final long leader) {
        try {
            final String stat = Files.readString(entry.resolve("stat"), StandardCharsets.ISO_8859_1);
            // "pid (comm) state ppid pgrp session ..."; comm may hold spaces and parentheses
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            final long group = Long.parseLong(fields[2]);
            final long session = Long.parseLong(fields[3]);
            return group == leader || session == leader;
        } catch (final IOException | RuntimeException e) {
            return false;
        }
    }
}
