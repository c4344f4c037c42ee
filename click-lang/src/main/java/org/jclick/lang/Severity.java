package org.jclick.lang;

public enum Severity {
    ERROR, WARNING, NOTE
}
