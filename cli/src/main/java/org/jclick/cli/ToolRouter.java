package org.jclick.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jclick.lang.FlatRouter;
import org.jclick.lang.SourceLocation;
import org.jclick.lang.Unparser;

/**
 * A flat router that Click's tools edit in place ({@code click-combine}, {@code click-uncombine}). It keeps
 * the bookkeeping of Click's tool router that decides the order of what the tools print:
 * <ul>
 *   <li>elements live in slots; a freed slot goes on a free list (last freed, first reused), so an element
 *       added later can appear <em>before</em> older ones, until {@link #compact} squeezes dead slots out;</li>
 *   <li>connections keep one global order: new ones go last, and redirecting one end keeps its place;</li>
 *   <li>when redirections may have made duplicate connections, {@link #removeDuplicateConnections} keeps,
 *       of each set of equal connections, the one whose source end was set most recently;</li>
 *   <li>archive members keep their order; adding a member with an existing name replaces it in place.</li>
 * </ul>
 * Elements are printed in slot order, connections in their global order, by {@link Unparser}.
 */
final class ToolRouter {

    /** An element slot. A dead element stays in its slot until {@link #compact}. */
    static final class Element {
        private String name;
        private final String className;
        private String config;
        private final SourceLocation location;
        private int index;
        private boolean live = true;
        private boolean onFreeList;

        private Element(String name, String className, String config, SourceLocation location) {
            this.name = name;
            this.className = className;
            this.config = config;
            this.location = location;
        }

        String name() {
            return name;
        }

        String className() {
            return className;
        }

        String config() {
            return config;
        }

        void setConfig(String config) {
            this.config = config;
        }

        SourceLocation location() {
            return location;
        }

        /** Click's landmark: {@code file:line}, or the file alone for made-up places. */
        String landmark() {
            return location == null ? "" : location.landmark();
        }

        int index() {
            return index;
        }

        boolean live() {
            return live;
        }

        @Override
        public String toString() {
            return name + " :: " + className + (live ? "" : " (dead)");
        }
    }

    /** A connection {@code from [fromPort] -> [toPort] to}. */
    static final class Connection {
        private Element from;
        private int fromPort;
        private Element to;
        private int toPort;
        private final SourceLocation location;
        /** When the source end was last set: orders the connections leaving one element. */
        private long fromStamp;

        private Connection(Element from, int fromPort, Element to, int toPort, SourceLocation location) {
            this.from = from;
            this.fromPort = fromPort;
            this.to = to;
            this.toPort = toPort;
            this.location = location;
        }

        Element from() {
            return from;
        }

        int fromPort() {
            return fromPort;
        }

        Element to() {
            return to;
        }

        int toPort() {
            return toPort;
        }

        private boolean touches(Element e) {
            return from == e || to == e;
        }

        private boolean sameAs(Element f, int fp, Element t, int tp) {
            return from == f && fromPort == fp && to == t && toPort == tp;
        }
    }

    private final List<Element> slots = new ArrayList<>();
    private final Deque<Element> freeList = new ArrayDeque<>();
    private final Map<String, Element> names = new HashMap<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<FlatRouter.Requirement> requirements = new ArrayList<>();
    private final Map<String, ClickArchive.Member> archive = new LinkedHashMap<>();
    private boolean potentialDuplicates;
    private long stamp;

    /** The router that the front end read, with the archive members that came with it. */
    static ToolRouter of(FlatRouter flat, List<ClickArchive.Member> members) {
        final ToolRouter r = new ToolRouter();
        final List<Element> byIndex = new ArrayList<>();
        for (FlatRouter.Element e : flat.elements()) {
            byIndex.add(r.getElement(e.name(), e.className(), e.config(), e.location()));
        }
        for (FlatRouter.Connection c : flat.connections()) {
            r.addConnection(byIndex.get(c.from()), c.fromPort(), byIndex.get(c.to()), c.toPort(), c.location());
        }
        r.requirements.addAll(flat.requirements());
        for (ClickArchive.Member m : members) {
            r.addArchive(m);
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------------
    // elements

    /** The element named {@code name}, or null. */
    Element element(String name) {
        return names.get(name);
    }

    /** The element named {@code name} if there is one; otherwise a new element (in a freed slot if any). */
    Element getElement(String name, String className, String config, SourceLocation location) {
        final Element existing = names.get(name);
        if (existing != null) {
            return existing;
        }
        final Element e = new Element(name, className, config == null ? "" : config, location);
        final Element reused = freeList.poll();
        if (reused != null) {
            e.index = reused.index;
            slots.set(e.index, e);
        } else {
            e.index = slots.size();
            slots.add(e);
        }
        names.put(name, e);
        return e;
    }

    /** Every slot, dead ones included, in order. */
    List<Element> slots() {
        return List.copyOf(slots);
    }

    /** The live elements in slot order. */
    List<Element> liveElements() {
        final List<Element> out = new ArrayList<>();
        for (Element e : slots) {
            if (e.live) {
                out.add(e);
            }
        }
        return out;
    }

    /** The live elements of one class in slot order. */
    List<Element> elementsOfClass(String className) {
        final List<Element> out = new ArrayList<>();
        for (Element e : slots) {
            if (e.live && e.className.equals(className)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Renames a live element; the old name is forgotten if it named this element. */
    void changeName(Element e, String newName) {
        if (!e.live) {
            return;
        }
        if (names.get(e.name) == e) {
            names.remove(e.name);
        }
        e.name = newName;
        names.put(newName, e);
    }

    /** Removes an element and its connections at once; its slot is reused by the next new element. */
    void freeElement(Element e) {
        connections.removeIf(c -> c.touches(e));
        if (names.get(e.name) == e) {
            names.remove(e.name);
        }
        e.live = false;
        e.onFreeList = true;
        freeList.push(e);
    }

    /** Marks an element dead; {@link #freeDeadElements} finishes the job. */
    void kill(Element e) {
        e.live = false;
    }

    /** Drops connections of dead elements and puts their slots on the free list, in slot order. */
    void freeDeadElements() {
        connections.removeIf(c -> !c.from.live || !c.to.live);
        for (Element e : slots) {
            if (!e.live && !e.onFreeList) {
                if (names.get(e.name) == e) {
                    names.remove(e.name);
                }
                e.onFreeList = true;
                freeList.push(e);
            }
        }
    }

    /** Removes dead slots, renumbering the live elements. */
    void compact() {
        connections.removeIf(c -> !c.from.live || !c.to.live);
        final List<Element> kept = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            final Element e = slots.get(i);
            if (!e.live) {
                names.remove(e.name);
            } else {
                if (kept.size() != i) {
                    names.put(e.name, e);
                }
                e.index = kept.size();
                kept.add(e);
            }
        }
        slots.clear();
        slots.addAll(kept);
        freeList.clear();
    }

    /**
     * Click's {@code remove_tunnels} on a router without tunnels (flat routers have none): drops duplicate
     * connections and frees dead elements, leaving the slots where they are.
     */
    void removeTunnels() {
        removeDuplicateConnections();
        freeDeadElements();
    }

    /** What Click's tools do to a flat router after editing it: {@link #removeTunnels}, then {@link #compact}. */
    void flatten() {
        removeTunnels();
        compact();
    }

    // ------------------------------------------------------------------------------------------------
    // connections

    List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Adds a connection at the end, unless the same connection exists already. */
    void addConnection(Element from, int fromPort, Element to, int toPort, SourceLocation location) {
        for (Connection c : connections) {
            if (c.sameAs(from, fromPort, to, toPort)) {
                return;
            }
        }
        final Connection c = new Connection(from, fromPort, to, toPort, location);
        c.fromStamp = ++stamp;
        connections.add(c);
    }

    /** How many inputs an element uses: one more than its highest connected input port. */
    int ninputs(Element e) {
        int n = 0;
        for (Connection c : connections) {
            if (c.to == e) {
                n = Math.max(n, c.toPort + 1);
            }
        }
        return n;
    }

    int noutputs(Element e) {
        int n = 0;
        for (Connection c : connections) {
            if (c.from == e) {
                n = Math.max(n, c.fromPort + 1);
            }
        }
        return n;
    }

    /**
     * Puts {@code inserter[inserterPort]} in front of input {@code port} of {@code e}: connects it there and
     * redirects every other connection into that input to the inserter.
     */
    void insertBefore(Element inserter, int inserterPort, Element e, int port) {
        addConnection(inserter, inserterPort, e, port, null);
        for (Connection c : connections) {
            if (c.to == e && c.toPort == port && !(c.from == inserter && c.fromPort == inserterPort)) {
                c.to = inserter;
                c.toPort = inserterPort;
                potentialDuplicates = true;
            }
        }
    }

    /**
     * Puts input {@code inserterPort} of {@code inserter} after output {@code port} of {@code e}: connects
     * it there and makes every other connection out of that output leave the inserter instead.
     */
    void insertAfter(Element inserter, int inserterPort, Element e, int port) {
        addConnection(e, port, inserter, inserterPort, null);
        final List<Connection> moved = new ArrayList<>();
        for (Connection c : connections) {
            if (c.from == e && c.fromPort == port && !(c.to == inserter && c.toPort == inserterPort)) {
                moved.add(c);
            }
        }
        // Click walks the element's outgoing connections newest first
        moved.sort(Comparator.comparingLong((Connection c) -> c.fromStamp).reversed());
        for (Connection c : moved) {
            c.from = inserter;
            c.fromPort = inserterPort;
            c.fromStamp = ++stamp;
            potentialDuplicates = true;
        }
    }

    /**
     * After redirections, keeps one connection of each set of equal ones: the one whose source was set
     * last. The survivors keep their order.
     */
    void removeDuplicateConnections() {
        if (!potentialDuplicates) {
            return;
        }
        final Map<Key, Connection> keep = new HashMap<>();
        for (Connection c : connections) {
            final Key key = new Key(new Identity(c.from), c.fromPort, new Identity(c.to), c.toPort);
            final Connection other = keep.get(key);
            if (other == null || other.fromStamp < c.fromStamp) {
                keep.put(key, c);
            }
        }
        final Map<Connection, Boolean> kept = new IdentityHashMap<>();
        keep.values().forEach(c -> kept.put(c, true));
        connections.removeIf(c -> !kept.containsKey(c));
        potentialDuplicates = false;
    }

    private record Key(Identity from, int fromPort, Identity to, int toPort) {
    }

    /** Compares by identity inside map keys. */
    private record Identity(Object o) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity i && i.o == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(o);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // requirements, archive

    List<FlatRouter.Requirement> requirements() {
        return List.copyOf(requirements);
    }

    /** The live archive members in order. */
    List<ClickArchive.Member> archive() {
        return List.copyOf(archive.values());
    }

    ClickArchive.Member archiveMember(String name) {
        return archive.get(name);
    }

    /** Adds a member at the end, or replaces the member of that name in its place. */
    void addArchive(ClickArchive.Member m) {
        if (m.live()) {
            archive.put(m.name(), m);
        }
    }

    void removeArchive(String name) {
        archive.remove(name);
    }

    // ------------------------------------------------------------------------------------------------
    // combining

    /**
     * Copies this router into {@code into}, every element name prefixed with {@code prefix} (Click's
     * {@code RouterT::expand_into}): elements in slot order, then connections, requirements and archive
     * members. Name clashes and archive members present in both are errors.
     */
    void expandInto(ToolRouter into, String prefix, ToolErrors errh) {
        final Map<Element, Element> copies = new IdentityHashMap<>();
        for (Element e : slots) {
            if (!e.live) {
                continue;
            }
            final String name = prefix + e.name;
            final Element old = into.element(name);
            if (old != null) {
                errh.lerror(e.landmark(), "redeclaration of element '" + name + "'");
                errh.lerror(old.landmark(), "'" + name + "' previously declared here");
            }
            copies.put(e, into.getElement(name, e.className, e.config, e.location));
        }
        for (Connection c : connections) {
            into.addConnection(copies.get(c.from), c.fromPort, copies.get(c.to), c.toPort, c.location);
        }
        into.requirements.addAll(requirements);
        for (ClickArchive.Member m : archive.values()) {
            if (m.name().equals("config")) {
                continue;
            }
            if (into.archive.containsKey(m.name())) {
                // Click's wording, misspelling included
                errh.error("expansion confict: two archive elements named '" + m.name() + "'");
            } else {
                into.archive.put(m.name(), m);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // output

    /** The live elements and connections as a flat router, in slot and connection order. */
    FlatRouter toFlat() {
        final List<FlatRouter.Element> elements = new ArrayList<>();
        final Map<Element, Integer> index = new IdentityHashMap<>();
        for (Element e : slots) {
            if (e.live) {
                index.put(e, elements.size());
                elements.add(new FlatRouter.Element(elements.size(), e.name, e.className, e.config, e.location));
            }
        }
        final List<FlatRouter.Connection> conns = new ArrayList<>();
        for (Connection c : connections) {
            final Integer from = index.get(c.from);
            final Integer to = index.get(c.to);
            if (from != null && to != null) {
                conns.add(new FlatRouter.Connection(from, c.fromPort, to, c.toPort, c.location));
            }
        }
        return new FlatRouter(elements, conns, requirements);
    }

    /** The configuration in Click's layout, with line directives (Click's {@code configuration_string}). */
    String configurationString() {
        return Unparser.unparse(toFlat(), true);
    }

    /**
     * What Click's tools write (its {@code write_router_file}): the configuration alone, or, when there are
     * archive members, an archive of the configuration (member {@code config}, mode 0644) and the members.
     * Complaints about member names go to {@code errh}.
     */
    String fileText(ToolErrors errh) {
        final String config = configurationString();
        if (archive.isEmpty()) {
            return config;
        }
        final List<ClickArchive.Member> members = new ArrayList<>();
        members.add(ClickArchive.Member.create("config", 0644, config));
        members.addAll(archive.values());
        final ClickArchive.Written w = ClickArchive.unparse(members);
        w.errors().forEach(errh::error);
        return w.text();
    }

    @Override
    public String toString() {
        return Objects.toString(liveElements());
    }
}
